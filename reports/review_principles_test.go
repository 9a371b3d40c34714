package reports

import (
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/review/reviewtest"
)

// The management-review pack gathers the principles changed in the period and the breaches
// of the metrics that evidence them (issue 21).
func TestReviewPackPrinciples(t *testing.T) {
	snap, o := reviewSnapshot(t, smallReview)
	sys := snap.Records["ai_system"][0]
	p := reviewtest.NewRecord(90001, "ai_principle", "Fairness for thin files", "2026-05-04", map[string]any{"name": "Fairness for thin files",
		"status": ims.PrincipleApproved, "stages": []string{"operation and monitoring"}})
	old := reviewtest.NewRecord(90002, "ai_principle", "Privacy of old", "2024-05-04", map[string]any{"name": "Privacy of old", "status": ims.PrincipleApproved})
	old.UpdatedAt = "2024-05-04T09:00:00Z"
	m := reviewtest.NewRecord(90003, "monitoring_record", "Thin-file approval ratio, May", "2026-05-30", map[string]any{"ai_system": sys.ID,
		"metric_type": "bias test", "value": 0.71, "threshold": 0.8, "direction": ims.BreachBelow, "date": "2026-05-30", "principle": p.ID})
	snap.Records["ai_principle"] = append(snap.Records["ai_principle"], p, old)
	snap.Records["monitoring_record"] = append(snap.Records["monitoring_record"], m)
	pdf, path := renderPDF(t, KindReview, snap, o)
	pages := checkPDF(t, path, pdf, 10)
	all := strings.Join(pages, "\n")
	start := strings.LastIndex(all, "Responsible-AI principles") // past the contents
	end := start + strings.Index(all[max(start, 0):], "Personal-data breaches")
	if start < 0 || end < start {
		t.Fatalf("no principles section before Privacy (at %d, %d)", start, end)
	}
	sec := all[start:end]
	for _, s := range []string{"Fairness for thin files", "New", "Breaches of the principles' metrics", "Thin-file approval ratio", "0.71", "below 0.8"} {
		if !strings.Contains(sec, s) {
			t.Errorf("principles section lacks %q:\n%s", s, sec)
		}
	}
	if strings.Contains(sec, "Privacy of old") {
		t.Error("a principle unchanged in the period is listed as changed")
	}
}
