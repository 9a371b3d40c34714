package gap_test

import (
	"fmt"
	"testing"

	"keel/backend/gap"
	"keel/backend/ims"
)

// benchWorkspace is 10,000 records of the kinds the rules read most: AI systems with their
// impact assessments, monitoring, risks linking them, roles, nonconformities and statuses.
func benchWorkspace() map[string][]ims.Record {
	out := map[string][]ims.Record{}
	add := func(kind string, n int, fields func(i int) map[string]any) {
		for i := range n {
			out[kind] = append(out[kind], ims.Record{Kind: kind, ID: fmt.Sprintf("%s-%d", kind, i), Title: fmt.Sprintf("%s %d", kind, i), Fields: fields(i)})
		}
	}
	stages := ims.AIStages
	add("ai_system", 2000, func(i int) map[string]any {
		f := fullSystem("", stages[i%len(stages)]).Fields
		if i%7 == 0 {
			delete(f, "oversight_model")
		}
		return f
	})
	add("impact_assessment", 2000, func(i int) map[string]any {
		return map[string]any{"ai_system": fmt.Sprintf("ai_system-%d", i), "status": []string{"approved", "draft"}[i%2], "individuals": "x", "groups": "y"}
	})
	add("monitoring_record", 2500, func(i int) map[string]any {
		return map[string]any{"ai_system": fmt.Sprintf("ai_system-%d", i%2000), "date": fmt.Sprintf("2026-%02d-10", 1+i%12), "metric_type": "drift", "value": 0.1}
	})
	add("risk", 2000, func(i int) map[string]any {
		return map[string]any{"lens": []string{"ai"}, "ai_systems": []string{fmt.Sprintf("ai_system-%d", i)}, "treatment": "reduce", "inherent_likelihood": 3.0}
	})
	add("role", 500, func(i int) map[string]any {
		return map[string]any{"person": "p", "lens": []string{"ai"}, "ai_governance_owner": i == 0, "may_override_ai": i == 1}
	})
	add("nonconformity", 1000, func(i int) map[string]any {
		return map[string]any{"status": []string{"open", "closed"}[i%2], "root_cause": "x", "corrective_action": "y", "effective": i%4 == 1}
	})
	return out
}

// BenchmarkDerive10k derives the status of every 42001 item over 10,000 records (the gap
// analysis, plan and readiness with it). The budget is 100 ms per run.
func BenchmarkDerive10k(b *testing.B) {
	s := load(&testing.T{})
	rs, err := gap.ParseRules(assetsRules(), s)
	if err != nil {
		b.Fatal(err)
	}
	recs := benchWorkspace()
	n := 0
	for _, l := range recs {
		n += len(l)
	}
	if n != 10_000 {
		b.Fatalf("%d records", n)
	}
	for b.Loop() {
		a, err := gap.AnalyseWith(s, gap.Inputs{Rules: rs, Records: gap.NewRecords(recs), Now: "2026-09-30"})
		if err != nil || len(a.Items) != 70 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/analysis")
}
