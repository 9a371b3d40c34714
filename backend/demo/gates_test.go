package demo_test

import (
	"context"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/principle"
)

// The demo's live systems passed each stage with its own approval, or on a marked override,
// and at least five approved principles are evidenced by its monitoring (issues 19, 21).
func TestDemoStageApprovalsAndEvidencedPrinciples(t *testing.T) {
	st := filledDemo(t)
	ctx := context.Background()
	recs := map[string][]ims.Record{}
	var all []ims.Record
	for _, k := range []string{"ai_system", "risk", "impact_assessment", "ai_principle", "principle_review", "monitoring_record", ims.StageApprovalKind} {
		res, err := st.ListRecords(ctx, ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		recs[k] = res.Records
		all = append(all, res.Records...)
	}
	look := ims.LookupIn(all)
	marks := map[string]string{}
	for _, s := range recs["ai_system"] {
		var m []string
		for _, sm := range ims.StageMarks(s, look) {
			m = append(m, sm.Mark)
		}
		marks[s.Title] = strings.Join(m, ",")
	}
	for name, want := range map[string]string{
		"Credit-decision model v4": "none,approved,approved,approved", // bought in: no design gate of ours
		"Customer chatbot":         "approved,approved,override",      // the pilot went live on an override
	} {
		if marks[name] != want {
			t.Errorf("%s: stage marks %q, want %q", name, marks[name], want)
		}
	}
	evidenced := 0
	v := principle.Gather(recs)
	for _, p := range v.Principles {
		if p.Applies && len(p.Metrics) > 0 {
			evidenced++
		}
	}
	if evidenced < 5 {
		t.Errorf("%d approved principles evidenced by monitoring, want at least 5", evidenced)
	}
}
