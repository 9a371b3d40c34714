package ims_test

import (
	"reflect"
	"testing"

	"keel/backend/ims"
)

// An inventory built for the flags: a live system on an override with its assessment still
// in review and no owner; a live system with its approved assessment; one in design with
// nothing yet; a retired one without an owner.
func TestAIFlags(t *testing.T) {
	recs := map[string]ims.Record{
		"ia1": {ID: "ia1", Kind: "impact_assessment", Fields: map[string]any{"ai_system": "s1", "status": "in review"}},
		"ia2": {ID: "ia2", Kind: "impact_assessment", Fields: map[string]any{"ai_system": "s2", "status": "approved"}},
	}
	look := func(kind, id string) (ims.Record, bool) { r, ok := recs[id]; return r, ok && r.Kind == kind }
	sys := func(id string, f map[string]any) ims.Record { return ims.Record{ID: id, Kind: "ai_system", Fields: f} }
	cases := []struct {
		r    ims.Record
		want []string
	}{
		{sys("s1", map[string]any{"stage": "deployment", "impact_assessment": "ia1", "gate_override": "Regulator deadline, decided by the board on 3 March", "gate_override_by": "Eleanor"}),
			[]string{ims.FlagLiveWithoutAssessment, ims.FlagNoOwner}},
		{sys("s2", map[string]any{"stage": "operation and monitoring", "impact_assessment": "ia2", "owner": "Priya"}), nil},
		{sys("s3", map[string]any{"stage": "design and development", "owner": "Priya"}), nil},
		{sys("s4", map[string]any{"stage": "deployment", "impact_assessment": "ia2", "owner": "Priya"}), []string{ims.FlagLiveWithoutAssessment}},
		{sys("s5", map[string]any{"stage": "retired"}), nil},
	}
	for _, c := range cases {
		if got := ims.AIFlags(c.r, look); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.r.ID, got, c.want)
		}
	}
}
