package ims_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

// Issue 15: the breach clock's help says the 72 hours apply where feasible and a late report
// gives its reasons (UK GDPR Art 33(1)).
func TestBreachClockHelpSaysWhereFeasible(t *testing.T) {
	k, err := ims.KindByName("incident")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := k.Field("became_aware_at")
	if !ok {
		t.Fatal("incident has no became_aware_at field")
	}
	for _, w := range []string{"where feasible", "72 hours", "reasons for the delay"} {
		if !strings.Contains(f.Help, w) {
			t.Errorf("became_aware_at help %q does not say %q", f.Help, w)
		}
	}
}

// Issue 15: the rule that asks a live AI system making significant automated decisions for
// the Art 22C safeguards also says Art 22B rules out recognised legitimate interests.
func TestAISystemSafeguardRuleNamesArt22B(t *testing.T) {
	// A live system edited without a stage change: the safeguard rule is the one that speaks.
	next := ims.Record{ID: "a", Kind: "ai_system", Title: "Scorer", Fields: map[string]any{
		"stage": "operation and monitoring", "significant_decisions": true,
	}}
	err := ims.CheckRecord(next, next, func(string, string) (ims.Record, bool) { return ims.Record{}, false })
	if err == nil {
		t.Fatal("a live system with significant decisions and no safeguards passed")
	}
	for _, w := range []string{"Art 22C", "Art 22B", "recognised legitimate interests"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("rule message %q does not say %q", err, w)
		}
	}
}
