package app_test

import (
	"testing"
	"time"
)

// The coverage chart reads the op log: today's point is the gap analysis's figure, and a
// new workspace has no months before its first record.
func TestCoverageHistory(t *testing.T) {
	e := ready(t)
	pts, err := e.app.CoverageHistory()
	if err != nil || len(pts) != 0 {
		t.Fatalf("empty workspace: %+v, %v", pts, err)
	}
	if _, err := e.app.CreateRecord("role", map[string]any{"role": "AI governance owner", "person": "Ada", "ai_governance_owner": true,
		"lens": []string{"ai"}, "responsibilities": "AIMS", "authorities": "approve"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.SetStatuses([]string{"iso42001-2023:A.2.2"}, "implemented"); err != nil {
		t.Fatal(err)
	}
	pts, err = e.app.CoverageHistory()
	if err != nil || len(pts) != 1 {
		t.Fatalf("after the first records: %+v, %v; want this month only", pts, err)
	}
	a, _ := e.app.GapAnalysis()
	all := coverageOf(t, a, "all")
	p := pts[0]
	if p.Month != time.Now().UTC().Format("2006-01") || p.Covered != all.Covered || p.Percent != all.Percent || p.Covered != 2 || p.Applicable != 70 {
		t.Errorf("this month %+v; the gap analysis says %d covered, %v%%; want A.2.2 attested and A.3.2 derived", p, all.Covered, all.Percent)
	}
}
