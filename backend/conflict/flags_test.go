package conflict_test

import (
	"slices"
	"strings"
	"testing"

	"keel/backend/conflict"
	"keel/backend/followup"
	"keel/backend/ims"
)

func rec(kind, id, at string, fields map[string]any) ims.Record {
	return ims.Record{ID: id, Kind: kind, Title: id, Fields: fields, CreatedAt: at}
}

// A merged workspace: one live AI system that passes its gate, its risk and its approved
// impact assessment, and the risk method.
func workspace() []ims.Record {
	return []ims.Record{
		rec("risk_method", "method", "2026-01-01", map[string]any{"title": "method", "likelihood_levels": 5.0, "impact_levels": 5.0}),
		rec("risk", "r1", "2026-01-02", map[string]any{"ai_systems": []string{"a"}}),
		rec("impact_assessment", "ia1", "2026-01-03", map[string]any{"ai_system": "a", "status": "approved", "approved_by": "Tom", "approved_on": "2026-01-03"}),
		rec("ai_system", "a", "2026-01-04", map[string]any{"stage": "deployment", "risks": []string{"r1"}, "impact_assessment": "ia1",
			"gate_approved_by": "Tom", "gate_approved_on": "2026-01-04"}),
	}
}

func edit(rs []ims.Record, id string, change func(r *ims.Record)) []ims.Record {
	for i := range rs {
		if rs[i].ID == id {
			rs[i].Fields = maps(rs[i].Fields)
			change(&rs[i])
		}
	}
	return rs
}

func maps(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		name    string
		records []ims.Record
		want    []conflict.Rule
		id      string // the flagged record
		field   string
		problem string
	}{
		{name: "a merged state that keeps every rule", records: workspace()},
		{name: "one AI system at two stages", want: []conflict.Rule{conflict.RuleStage}, id: "a", field: "stage", problem: "“deployment” (Ada) and “operation and monitoring” (Bo)",
			records: edit(workspace(), "a", func(r *ims.Record) {
				r.Conflicts = map[string][]ims.ConflictValue{"stage": {{Value: "deployment", Actor: ims.Actor{Name: "Ada"}}, {Value: "operation and monitoring", Actor: ims.Actor{Name: "Bo"}}}}
			})},
		{name: "two values of the stage that agree are no stage conflict", records: edit(workspace(), "a", func(r *ims.Record) {
			r.Conflicts = map[string][]ims.ConflictValue{"stage": {{Value: "deployment"}, {Value: "deployment"}}}
		})},
		{name: "live while its impact assessment was withdrawn", want: []conflict.Rule{conflict.RuleImpactAssessment}, id: "a", field: "impact_assessment", problem: "approved (it is superseded)",
			records: edit(workspace(), "ia1", func(r *ims.Record) { r.Fields["status"] = "superseded" })},
		{name: "live while its impact assessment is in the bin", want: []conflict.Rule{conflict.RuleImpactAssessment}, id: "a", field: "impact_assessment", problem: "an approved impact assessment",
			records: edit(workspace(), "ia1", func(r *ims.Record) { r.Deleted = true })},
		{name: "not live, with an assessment in draft: nothing to flag",
			records: edit(edit(workspace(), "ia1", func(r *ims.Record) { r.Fields["status"] = "draft" }), "a", func(r *ims.Record) { r.Fields["stage"] = "verification and validation" })},
		{name: "live, short of the gate otherwise", want: []conflict.Rule{conflict.RuleGate}, id: "a", field: "gate_approved_by", problem: "who approved the stage gate",
			records: edit(workspace(), "a", func(r *ims.Record) { delete(r.Fields, "gate_approved_by") })},
		{name: "live on a justified override: nothing to flag",
			records: edit(workspace(), "a", func(r *ims.Record) {
				delete(r.Fields, "gate_approved_by")
				r.Fields["gate_override"] = "The board accepted the gap until the next quarterly review of this system"
				r.Fields["gate_override_by"] = "Tom"
			})},
		{name: "two risk methods", want: []conflict.Rule{conflict.RuleRiskMethod}, id: "method 2", problem: "2 risk methods",
			records: append(workspace(), rec("risk_method", "method 2", "2026-01-05", map[string]any{"title": "method 2", "likelihood_levels": 4.0, "impact_levels": 4.0}))},
		{name: "a rule of the kind broken by the merge", want: []conflict.Rule{conflict.RuleCheck}, id: "r1", field: "accepted_on", problem: "Accepted on",
			records: edit(workspace(), "r1", func(r *ims.Record) { r.Fields["accepted_by"] = "Tom"; r.Fields["owner"] = "Tom" })},
		{name: "a breach the merge made, that no device raised a nonconformity for", want: []conflict.Rule{conflict.RuleFollowUp}, id: "m1", field: "nonconformity", problem: "call for a nonconformity (“Monitoring threshold breached: m1 (a)”)",
			records: append(workspace(), rec("monitoring_record", "m1", "2026-01-06", map[string]any{"ai_system": "a", "value": 0.8, "threshold": 0.7, "direction": ims.BreachAbove}))},
		{name: "a breach whose nonconformity is linked: nothing to flag",
			records: append(workspace(), rec("monitoring_record", "m1", "2026-01-06", map[string]any{"ai_system": "a", "value": 0.8, "threshold": 0.7, "direction": ims.BreachAbove, "nonconformity": "nc1"}))},
		{name: "a record in the bin is not checked",
			records: edit(append(workspace(), rec("risk", "r2", "2026-01-06", map[string]any{"accepted_by": "Tom", "owner": "Tom"})), "r2", func(r *ims.Record) { r.Deleted = true })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			flags := conflict.Flags(tt.records, followup.Rules())
			var rules []conflict.Rule
			for _, f := range flags {
				rules = append(rules, f.Rule)
			}
			if !slices.Equal(rules, tt.want) {
				t.Fatalf("flags %+v, want rules %v", flags, tt.want)
			}
			if len(flags) == 0 {
				return
			}
			f := flags[0]
			if f.ID != tt.id || f.Field != tt.field || !strings.Contains(f.Problem, tt.problem) || f.Fix == "" || f.KindLabel == "" {
				t.Errorf("flag %+v: want %s, field %q, a problem with %q and what to do", f, tt.id, tt.field, tt.problem)
			}
		})
	}
}
