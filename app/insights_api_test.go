package app_test

import (
	"testing"

	"keel/backend/ims"
)

func TestAIGates(t *testing.T) {
	e := demoRisk(t)
	gates, err := e.app.AIGates()
	if err != nil {
		t.Fatal(err)
	}
	systems, err := e.app.ListRecords(ims.ListQuery{Kind: "ai_system"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ims.GateState{
		"Credit-decision model v4":              ims.GateApproved,
		"Customer chatbot":                      ims.GateOverride,
		"Income verification model (prototype)": ims.GateBlocked,
		"Credit scorecard v3":                   ims.GateRetired,
	}
	if len(gates) != len(systems.Records) {
		t.Errorf("%d gates for %d AI systems", len(gates), len(systems.Records))
	}
	for _, s := range systems.Records {
		g, ok := gates[s.ID]
		name, _ := s.Fields["name"].(string)
		if !ok || g.State != want[name] {
			t.Errorf("%s: gate %+v (%v), want %s", name, g, ok, want[name])
		}
		if (g.State == ims.GateBlocked) != (len(g.Gaps) > 0 && g.State != ims.GateOverride) {
			t.Errorf("%s: %s with gaps %+v", name, g.State, g.Gaps)
		}
	}
}
