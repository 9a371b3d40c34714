package app_test

import (
	"context"
	"fmt"
	"testing"

	"keel/backend/ims"
)

// BenchmarkGapScreen10k is the gap screen's data (GapAnalysis, the status records and
// CoverageHistory) over a workspace of 10,000 records. The budget is 300 ms per screen.
func BenchmarkGapScreen10k(b *testing.B) {
	e := readyWith(b, "Bench", false)
	a := e.app
	st, _, err := e.sess.Current()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	batch := func(kind string, n int, fields func(i int) map[string]any) []ims.Record {
		rows := make([]map[string]any, n)
		for i := range rows {
			rows[i] = fields(i)
		}
		recs, err := st.CreateRecords(ctx, ada, kind, rows)
		if err != nil {
			b.Fatalf("%s: %v", kind, err)
		}
		return recs
	}
	systems := batch("ai_system", 2500, func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprintf("System %d", i), "provenance": "internal", "stage": "design and development", "owner": "Ada",
			"purpose": "p", "intended_use": "u", "decision_impact": "low", "data_inputs": "i", "data_outputs": "o", "oversight_model": "human in the loop"}
	})
	batch("impact_assessment", 2500, func(i int) map[string]any {
		return map[string]any{"title": fmt.Sprintf("IA %d", i), "version": 1, "ai_system": systems[i].ID, "status": "approved", "individuals": "x", "approved_by": "Ada", "approved_on": "2026-11-01"}
	})
	batch("risk", 2500, func(i int) map[string]any {
		return map[string]any{"title": fmt.Sprintf("Risk %d", i), "lens": []string{"ai"}, "inherent_likelihood": 3, "inherent_impact": 3, "owner": "Ada",
			"ai_systems": []string{systems[i].ID}, "treatment": "reduce"}
	})
	batch("nonconformity", 2000, func(i int) map[string]any {
		return map[string]any{"title": fmt.Sprintf("NC %d", i), "source": "self-identified", "description": "d", "owner": "Ada", "severity": "minor", "status": "open", "root_cause": "x", "corrective_action": "y"}
	})
	var refs []string
	cs, _ := a.Catalogues()
	for _, it := range cs[1].Items[:100] {
		refs = append(refs, cs[1].ID+":"+it.ID)
	}
	if _, err := a.SetStatuses(refs, "implemented"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		an, err := a.GapAnalysis()
		if err != nil || len(an.Items) != 70 {
			b.Fatal(err)
		}
		if _, err := a.ListRecords(ims.ListQuery{Kind: "control_status"}); err != nil {
			b.Fatal(err)
		}
		if h, err := a.CoverageHistory(); err != nil || len(h) != 0 {
			b.Fatalf("history %v, %v", h, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/screen")
}
