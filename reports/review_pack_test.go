package reports

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestReviewPack(t *testing.T) {
	snap, o := reviewSnapshot(t, smallReview)
	snap.Organisation = "Fenmore Cre\u0301dit Ltd"
	pdf, path := renderPDF(t, KindReview, snap, o)
	pages := checkPDF(t, path, pdf, 10)
	t.Run("golden text", func(t *testing.T) {
		matchGolden(t, "review", pdf, pages)
	})
	t.Run("unicode", func(t *testing.T) {
		hasText(t, pages, author, approver, "Fenmore Crédit Ltd", "—", "£", "≥", "–", "José Núñez", "Ægir Þórsson")
	})
	t.Run("sections", func(t *testing.T) {
		all := strings.Join(pages, "\n")
		for _, s := range []string{"Previous reviews and their actions", "Context and interested parties", "Performance",
			"Objectives and measurements", "Internal audit results", "Risks over appetite", "AI system failures",
			"Monitoring past threshold", "Personal-data breaches", "DPIAs", "Suppliers", "Decisions and actions of this review",
			"Approve the AI budget for 2027 — ≥ £40,000", "Appoint an AI governance owner", "(overdue)",
			"→ deployment", "Target 95"} {
			if !strings.Contains(all, s) {
				t.Errorf("extracted text lacks %q", s)
			}
		}
	})
	t.Run("repeated table headers", func(t *testing.T) {
		for _, tb := range []struct {
			start, stop string
			header      []string
		}{
			{"Risks over appetite", "Control implementation", []string{"Risk", "Lens", "Owner", "Inherent", "Current", "Appetite", "Treatment", "Status"}},
			{"Appendix: evidence references", "", []string{"Standard", "Control", "#", "Reference"}},
		} {
			repeatsHeader(t, pages, tb.start, tb.stop, tb.header)
		}
	})
	t.Run("metadata", func(t *testing.T) {
		wantInfo(t, path, "Management review")
	})
}

func TestReviewPackDeterministic(t *testing.T) {
	snap, o := reviewSnapshot(t, smallReview)
	wantDeterministic(t, KindReview, snap, o)
}

func TestReviewPackWithoutReview(t *testing.T) {
	snap, _ := reviewSnapshot(t, smallReview)
	// No review given and none dated in the period: the pack says so instead of failing.
	o := testOptions()
	o.From, o.To = "2026-01-01", "2026-06-30"
	pdf, err := renderKind(KindReview, snap, o)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfText(t, writePDF(t, "r.pdf", pdf.Bytes)), "\n")
	if !strings.Contains(text, "No management review meeting is recorded in the period") {
		t.Error("the pack without a review meeting does not say so")
	}
	// The empty workspace renders too.
	empty := Snapshot{Organisation: "Empty Ltd", Standards: snap.Standards, Records: map[string][]ims.Record{}}
	if _, err := renderKind(KindReview, empty, testOptions()); err != nil {
		t.Fatalf("empty workspace: %v", err)
	}
	if _, err := renderKind(KindReview, Snapshot{}, testOptions()); err == nil {
		t.Error("the pack rendered without the catalogue")
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{{0.3, 0.5}, {1, 1}, {1.2, 2}, {2.2, 2.5}, {3.9, 5}, {7, 10}, {0, 1}} {
		if got := niceStep(c.raw); got != c.want {
			t.Errorf("niceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

// BenchmarkReviewPack is the management-review pack of the test workspace.
func BenchmarkReviewPack(b *testing.B) {
	snap, o := reviewSnapshot(b, smallReview)
	benchReview(b, snap, o)
}

// BenchmarkReviewPackLarge is the pack of issue 6's large workspace.
func BenchmarkReviewPackLarge(b *testing.B) {
	snap, o := reviewSnapshot(b, largeReview)
	benchReview(b, snap, o)
}

func benchReview(b *testing.B, snap Snapshot, o Options) {
	o.From = "2024-01-01"
	benchPack(b, KindReview, snap, o)
}
