package app_test

import (
	"testing"
)

// The coverage chart's past month ends come from the op log: a workspace whose records were
// all made this month has none yet (today's figure is GapAnalysis's).
func TestCoverageHistory(t *testing.T) {
	e := ready(t)
	if _, err := e.app.CreateRecord("role", map[string]any{"role": "AI governance owner", "person": "Ada", "ai_governance_owner": true,
		"lens": []string{"ai"}, "responsibilities": "AIMS", "authorities": "approve"}); err != nil {
		t.Fatal(err)
	}
	pts, err := e.app.CoverageHistory()
	if err != nil || len(pts) != 0 {
		t.Fatalf("records made this month: %+v, %v; want no past month end", pts, err)
	}
}
