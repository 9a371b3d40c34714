package reports

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPacks(t *testing.T) {
	snap := testSnapshot(t, 0)
	// A decomposed é (e + combining acute) must come out precomposed: the kit normalises
	// to NFC because gofpdf does no shaping.
	snap.Organisation = "Fenmore Cre\u0301dit Ltd"
	cases := []struct {
		kind Kind
		// long tables whose header row must repeat on every page they continue onto:
		// the section they start in, the section after, and the header cells.
		tables []struct {
			start, stop string
			header      []string
		}
	}{
		{KindGap, []struct {
			start, stop string
			header      []string
		}{
			{"Item analysis", "", []string{"Item", "Title", "Class", "Status", "Result", "To do"}},
		}},
		{KindSoA, []struct {
			start, stop string
			header      []string
		}{
			{"ISO/IEC 27001:2022 Annex A", "Evidence references", []string{"Control", "Title", "Applicable", "Status", "Justification", "Evidence"}},
			{"Evidence references", "", []string{"Standard", "Control", "#", "Reference"}},
		}},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			pdf, path := renderPDF(t, tc.kind, snap, testOptions())
			pages := checkPDF(t, path, pdf, 6)
			t.Run("golden text", func(t *testing.T) {
				matchGolden(t, string(tc.kind), pdf, pages)
			})
			t.Run("unicode", func(t *testing.T) {
				hasText(t, pages, author, approver, "Fenmore Crédit Ltd", "—", "£", "≥", "–")
			})
			t.Run("repeated table headers", func(t *testing.T) {
				for _, tb := range tc.tables {
					repeatsHeader(t, pages, tb.start, tb.stop, tb.header)
				}
			})
			t.Run("metadata", func(t *testing.T) {
				wantInfo(t, path, "Fenmore Crédit Ltd")
			})
		})
	}
}

// wantDeterministic checks that a pack is a function of its snapshot and options: a second
// render, and one of the records (and their history) in the opposite order, give the same
// bytes; an hour's later generation time gives other bytes.
func wantDeterministic(t *testing.T, kind Kind, snap Snapshot, o Options) {
	t.Helper()
	a, err := renderKind(kind, snap, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := renderKind(kind, snap, o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes, b.Bytes) {
		t.Fatal("two renders of the same snapshot and options differ")
	}
	// Records arrive in whatever order the store lists them: the pack must not care.
	c, err := renderKind(kind, reversed(snap), o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes, c.Bytes) {
		t.Fatal("the order of the records changed the bytes")
	}
	later := o
	later.Generated = o.Generated.Add(time.Hour)
	d, err := renderKind(kind, snap, later)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes, d.Bytes) {
		t.Fatal("a different generation time gave the same bytes")
	}
}

func TestDeterministic(t *testing.T) {
	snap := testSnapshot(t, 0)
	for _, p := range Packs() {
		t.Run(string(p.Kind), func(t *testing.T) { wantDeterministic(t, p.Kind, snap, testOptions()) })
	}
}

func TestOptionsValidate(t *testing.T) {
	ok := testOptions()
	for _, tc := range []struct {
		name string
		edit func(o *Options)
		err  string
	}{
		{"valid", func(o *Options) {}, ""},
		{"no period", func(o *Options) { o.From, o.To = "", "" }, ""},
		{"no generation time", func(o *Options) { o.Generated = time.Time{} }, "Generated is required"},
		{"bad from", func(o *Options) { o.From = "2026-13-01" }, "from date"},
		{"bad to", func(o *Options) { o.To = "31/12/2026" }, "to date"},
		{"reversed", func(o *Options) { o.From, o.To = "2026-12-31", "2026-01-01" }, "starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.edit(&o)
			err := o.Validate()
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("Validate() = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	snap := testSnapshot(t, 0)
	noGap := snap
	noGap.Gap = nil
	if _, err := renderKind(KindGap, noGap, testOptions()); err == nil {
		t.Error("the gap pack rendered without a gap analysis")
	}
	noStd := snap
	noStd.Standards = nil
	if _, err := renderKind(KindSoA, noStd, testOptions()); err == nil {
		t.Error("the SoA rendered without the catalogue")
	}
	if _, err := Lookup("risks"); err == nil {
		t.Error("Lookup accepted a pack that does not exist yet")
	}
	if got := FileName(KindSoA, testOptions()); got != "keel-soa-2026-11-27.pdf" {
		t.Errorf("FileName = %q", got)
	}
}

func TestEvidenceRefs(t *testing.T) {
	got := evidenceRefs("DOC-1 Policy; approved\n\n- REC-2 Minutes\r\n • TKT-3  ")
	want := []string{"DOC-1 Policy; approved", "REC-2 Minutes", "TKT-3"}
	if !slices.Equal(got, want) {
		t.Fatalf("evidenceRefs = %q, want %q", got, want)
	}
}
