package demo_test

import (
	"context"
	"slices"
	"testing"

	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/principle"
	"keel/backend/store"
)

// The store is what the app hands the demo.
var _ demo.Service = (*store.Store)(nil)

func TestFill(t *testing.T) {
	st := filledDemo(t)
	ctx := context.Background()
	for kind, want := range map[string]int{"interested_party": 10, "context_issue": 10, "scope_statement": 2,
		"risk_method": 1, "ai_system": 4, "audit": 1, "management_review": 2, "control_status": 200} {
		res, err := st.ListRecords(ctx, ims.ListQuery{Kind: kind})
		if err != nil || res.Total < want {
			t.Errorf("%s: %d records, %v; want at least %d", kind, res.Total, err, want)
		}
	}
	res, _ := st.ListRecords(ctx, ims.ListQuery{Kind: "control_status"})
	if len(res.Records) > 0 && res.Records[0].CreatedBy != demo.Actor {
		t.Errorf("statuses signed by %+v, want the demo actor", res.Records[0].CreatedBy)
	}

	// The principles: at least five approved, weighed at every gate of the live systems that
	// passed it, and evidenced by the monitoring.
	recs := map[string][]ims.Record{}
	var all []ims.Record
	for _, k := range []string{"ai_system", "risk", "impact_assessment", "ai_principle", "principle_review", "monitoring_record"} {
		res, err := st.ListRecords(ctx, ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		recs[k] = res.Records
		all = append(all, res.Records...)
	}
	approved := 0
	for _, p := range recs["ai_principle"] {
		if p.Fields["status"] == ims.PrincipleApproved {
			approved++
		}
	}
	if approved < 5 {
		t.Errorf("%d approved principles, want at least 5", approved)
	}
	look := ims.LookupIn(all)
	for _, s := range recs["ai_system"] {
		stage, _ := s.Fields["stage"].(string)
		if !slices.Contains(ims.LiveStages, stage) {
			continue
		}
		// Every live gate it passed without an override weighed the principles that apply there.
		for _, at := range ims.LiveStages[:slices.Index(ims.LiveStages, stage)+1] {
			for _, p := range recs["ai_principle"] {
				if ims.Applies(p, at) && !ims.Overridden(s) && !ims.Weighed(recs["principle_review"], s.ID, p.ID, at) {
					t.Errorf("%s: %s not weighed at %s", s.Title, p.Title, at)
				}
			}
		}
		if g := ims.GateOf(s, look); g.State != ims.GateApproved && g.State != ims.GateOverride {
			t.Errorf("%s: gate %+v", s.Title, g)
		}
	}
	v := principle.Gather(recs)
	evidenced := 0
	for _, p := range v.Principles {
		if len(p.Metrics) > 0 {
			evidenced++
		}
	}
	if evidenced < 2 || len(v.Gaps()) == 0 {
		t.Errorf("%d principles evidenced by monitoring, %d gaps; want at least 2 and some gap to show", evidenced, len(v.Gaps()))
	}
}
