package ims_test

import (
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
)

// The stage gate as the AI inventory shows it (these cases were the frontend's, when it
// re-implemented the rule).
func TestGateOf(t *testing.T) {
	rec := func(kind, id string, fields map[string]any) ims.Record {
		return ims.Record{ID: id, Kind: kind, Title: id, Fields: fields}
	}
	byID := map[string]ims.Record{}
	for _, r := range []ims.Record{
		rec("risk", "r1", map[string]any{"ai_systems": []string{"a"}}),
		rec("impact_assessment", "ia1", map[string]any{"ai_system": "a", "status": "approved"}),
		rec("impact_assessment", "ia2", map[string]any{"ai_system": "a", "status": "draft"}),
		rec("impact_assessment", "ia3", map[string]any{"ai_system": "b", "status": "approved"}),
	} {
		byID[r.ID] = r
	}
	look := func(kind, id string) (ims.Record, bool) {
		r, ok := byID[id]
		return r, ok && r.Kind == kind
	}
	with := func(base map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	gateOK := map[string]any{"risks": []string{"r1"}, "impact_assessment": "ia1", "gate_approved_by": "Tom", "gate_approved_on": "2026-01-02"}
	override := map[string]any{"gate_override": "the board accepted a pilot for four weeks with daily review", "gate_override_by": "Ann"}
	all := []string{"risks", "impact_assessment", "gate_approved_by", "gate_approved_on"}
	tests := []struct {
		name   string
		fields map[string]any
		state  ims.GateState
		gaps   []string
		needs  string // a part of the first gap's words
	}{
		{"live, gate passed", with(gateOK, "stage", "deployment"), ims.GateApproved, nil, ""},
		{"live on an override", with(override, "stage", "operation and monitoring"), ims.GateOverride, all, "a linked risk assessment"},
		{"pre-live, nothing yet", map[string]any{"stage": "design and development"}, ims.GateBlocked, all, "a linked risk assessment"},
		{"pre-live on an override, nothing yet", with(override, "stage", "design and development"), ims.GateOverride, all, "a linked risk assessment"},
		{"pre-live, all there", with(gateOK, "stage", "verification and validation"), ims.GateReady, nil, ""},
		{"pre-live on an override, all there", with(with(gateOK, "stage", "verification and validation"), "gate_override", override["gate_override"], "gate_override_by", "Ann"), ims.GateReady, nil, ""},
		{"draft assessment", with(gateOK, "stage", "verification and validation", "impact_assessment", "ia2"), ims.GateBlocked, []string{"impact_assessment"}, "approved (it is draft)"},
		{"another system's assessment", with(gateOK, "stage", "verification and validation", "impact_assessment", "ia3"), ims.GateBlocked, []string{"impact_assessment"}, "(“ia3” assesses another)"},
		{"risk linked only from the risk", with(gateOK, "stage", "verification and validation", "risks", []string{}), ims.GateBlocked, []string{"risks"}, "risk"},
		{"approval without date", with(gateOK, "stage", "verification and validation", "gate_approved_on", ""), ims.GateBlocked, []string{"gate_approved_on"}, "stage-gate approval"},
		{"retired", map[string]any{"stage": "retired"}, ims.GateRetired, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := ims.GateOf(rec("ai_system", "a", tt.fields), look)
			var fields []string
			for _, gap := range g.Gaps {
				fields = append(fields, gap.Field)
				if gap.Needs == "" || gap.Message == "" {
					t.Errorf("gap %s without words: %+v", gap.Field, gap)
				}
			}
			if g.State != tt.state || !reflect.DeepEqual(fields, tt.gaps) {
				t.Errorf("gate = %s %v, want %s %v", g.State, fields, tt.state, tt.gaps)
			}
			if tt.needs != "" && !strings.Contains(g.Gaps[0].Needs, tt.needs) {
				t.Errorf("first gap says %q, want it to contain %q", g.Gaps[0].Needs, tt.needs)
			}
			if errs := ims.GateGaps(rec("ai_system", "a", tt.fields), look); tt.state != ims.GateRetired && len(errs) != len(g.Gaps) {
				t.Errorf("GateGaps gives %d errors, GateOf %d gaps", len(errs), len(g.Gaps))
			}
		})
	}
}

func TestOverriddenNeedsEightWordsAndWhoDecided(t *testing.T) {
	by := "Ann"
	words := "the board accepted a pilot for four weeks with daily review"
	tests := []struct {
		why, by string
		want    bool
	}{{words, by, true}, {words, "", false}, {"too short", by, false}}
	for _, tt := range tests {
		r := ims.Record{Kind: "ai_system", Fields: map[string]any{"gate_override": tt.why, "gate_override_by": tt.by}}
		if got := ims.Overridden(r); got != tt.want {
			t.Errorf("Overridden(%q by %q) = %v, want %v", tt.why, tt.by, got, tt.want)
		}
	}
}

// The inventory ticks only the stages passed with their own approval and marks an override
// apart; an approved assessment that names the system counts without a link back.
func TestStageMarksAndAssessmentBothWays(t *testing.T) {
	sys := ims.Record{ID: "a", Kind: "ai_system", Title: "a", Fields: map[string]any{"stage": "operation and monitoring",
		"risks": []string{"r1"}, "gate_approved_by": "Tom", "gate_approved_on": "2026-03-01"}}
	records := []ims.Record{
		sys,
		{ID: "r1", Kind: "risk", Title: "r1", Fields: map[string]any{}},
		{ID: "ia1", Kind: "impact_assessment", Title: "ia1", Fields: map[string]any{"ai_system": "a", "status": "approved"}},
		{ID: "sa1", Kind: ims.StageApprovalKind, Title: "sa1", Fields: map[string]any{"ai_system": "a", "stage": "verification and validation",
			"approved_by": "Ann", "approved_on": "2026-01-01", "evidence": "validation report"}},
		{ID: "sa2", Kind: ims.StageApprovalKind, Title: "sa2", Fields: map[string]any{"ai_system": "b", "stage": "deployment",
			"approved_by": "Ann", "approved_on": "2026-02-01", "evidence": "another system's release"}},
		{ID: "sa3", Kind: ims.StageApprovalKind, Title: "sa3", Fields: map[string]any{"ai_system": "a", "stage": "deployment",
			"approved_by": "Ann", "approved_on": "2026-02-01"}}, // no evidence: not an approval
	}
	look := ims.LookupIn(records)
	marks := func(r ims.Record) string {
		var out []string
		for _, m := range ims.StageMarks(r, look) {
			out = append(out, m.Mark)
		}
		return strings.Join(out, ",")
	}
	if got := marks(sys); got != "none,approved,none,approved" {
		t.Errorf("marks = %s, want none,approved,none,approved", got)
	}
	over := sys
	over.Fields = map[string]any{"stage": "deployment", "gate_override": "the board accepted a pilot for four weeks with daily review", "gate_override_by": "Ann"}
	if got := marks(over); got != "override,approved,override" {
		t.Errorf("marks on an override = %s, want override,approved,override", got)
	}
	if g := ims.GateOf(sys, look); g.State != ims.GateApproved || len(g.Gaps) != 0 || len(g.Stages) != 4 {
		t.Errorf("gate with the assessment naming the system = %s %+v", g.State, g.Gaps)
	}
	draft := append([]ims.Record{}, records...)
	draft[2].Fields = map[string]any{"ai_system": "a", "status": "draft"}
	if g := ims.GateOf(sys, ims.LookupIn(draft)); g.State != ims.GateBlocked || g.Gaps[0].Field != "impact_assessment" {
		t.Errorf("gate with only a draft naming the system = %s %+v", g.State, g.Gaps)
	}
	// A stage approval of the live stage stands in for the gate fields.
	noFields := sys
	noFields.Fields = map[string]any{"stage": "deployment", "risks": []string{"r1"}}
	withApproval := append(append([]ims.Record{}, records...), ims.Record{ID: "sa4", Kind: ims.StageApprovalKind, Fields: map[string]any{
		"ai_system": "a", "stage": "deployment", "approved_by": "Ann", "approved_on": "2026-02-02", "evidence": "release minutes"}})
	if g := ims.GateOf(noFields, ims.LookupIn(withApproval)); g.State != ims.GateApproved {
		t.Errorf("gate on a stage approval = %s %+v", g.State, g.Gaps)
	}
	if g := ims.GateOf(noFields, look); g.State != ims.GateBlocked {
		t.Errorf("gate with neither fields nor a stage approval = %s", g.State)
	}
}
