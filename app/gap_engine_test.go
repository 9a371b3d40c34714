package app_test

import (
	"strings"
	"testing"

	"keel/backend/gap"
	"keel/backend/ims"
)

func itemOf(t *testing.T, a gap.Analysis, id string) gap.ItemGap {
	t.Helper()
	for _, g := range a.Items {
		if g.ID == id {
			return g
		}
	}
	t.Fatalf("no item %s", id)
	return gap.ItemGap{}
}

// On an empty workspace, the work done in the registers moves the gap figure and the steps'
// counts, with no status set by hand: the records show the items met.
func TestGapMovesWithTheWork(t *testing.T) {
	e := ready(t)
	figures := func() (float64, [7]int) {
		a, err := e.app.GapAnalysis()
		if err != nil {
			t.Fatal(err)
		}
		var steps [7]int
		for i, st := range a.Plan {
			steps[i] = st.Covered
		}
		return coverageOf(t, a, "all").Percent, steps
	}
	create := func(kind string, fields map[string]any) ims.Record {
		t.Helper()
		r, err := e.app.CreateRecord(kind, fields)
		if err != nil {
			t.Fatalf("create %s: %v", kind, err)
		}
		return r
	}
	pct0, steps0 := figures()
	if pct0 != 0 || steps0 != [7]int{} {
		t.Fatalf("empty workspace: %v%%, steps %v", pct0, steps0)
	}
	// Step 1: the three AI roles named.
	create("role", map[string]any{"role": "AI governance owner", "person": "Ada", "ai_governance_owner": true, "lens": []string{"ai"},
		"responsibilities": "AIMS", "authorities": "approve"})
	create("role", map[string]any{"role": "Use-case approver", "person": "Bo", "ai_use_case_approver": true})
	create("role", map[string]any{"role": "Override authority", "person": "Cy", "may_override_ai": true})
	pct1, steps1 := figures()
	if pct1 <= pct0 || steps1[0] != 2 { // 5.3 and A.3.2
		t.Errorf("after the roles: %v%%, steps %v; want 5.3 and A.3.2 met in step 1", pct1, steps1)
	}
	// Step 3: an AI system with its inventory fields.
	sys := create("ai_system", map[string]any{"name": "Credit scorer", "provenance": "internal", "stage": "design and development", "owner": "Ada", "purpose": "score applications",
		"intended_use": "consumer credit", "decision_impact": "high", "data_inputs": "bureau data", "data_outputs": "a score",
		"oversight_model": "human in the loop", "change_monitoring": "monthly drift", "model_type": "gradient boosting", "deployment": "EU cloud",
		"users": "underwriters", "use_case_approver": "Bo"})
	pct2, steps2 := figures()
	a, _ := e.app.GapAnalysis()
	if g := itemOf(t, a, "A.4.2"); g.Result != gap.Done || g.Basis != gap.ByRecords || len(g.Evidence) != 1 || g.Evidence[0].ID != sys.ID {
		t.Errorf("A.4.2 with a complete AI system: %+v", g)
	}
	if pct2 <= pct1 || steps2[2] <= steps1[2] {
		t.Errorf("after the AI system: %v%%, steps %v (before %v)", pct2, steps2, steps1)
	}
	// The impact assessment is not due while the system is in design.
	if g := itemOf(t, a, "6.1.4"); g.Result == gap.Done || g.Next == nil || g.Next.Kind != "impact_assessment" {
		t.Errorf("6.1.4 with a system in design: %+v", g)
	}
	// Attested and excluded items are kept as such, with what the person wrote.
	if _, err := e.app.SetStatuses([]string{"iso42001-2023:A.10.4"}, "not-applicable"); err != nil {
		t.Fatal(err)
	}
	a, _ = e.app.GapAnalysis()
	if g := itemOf(t, a, "A.10.4"); g.Basis != gap.ByExclusion || g.Attestation == nil || g.Attestation.RecordID == "" {
		t.Errorf("A.10.4 excluded: %+v", g)
	}
	// Readiness reads the same analysis.
	proofs, err := e.app.Readiness()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range proofs {
		if p.Percent != a.Readiness[i].Percent || p.Met != len(a.Readiness[i].Met) || p.Complete {
			t.Errorf("proof %d: %v%% (%d met), gap says %v%% (%d met), complete %v", p.Number, p.Percent, p.Met, a.Readiness[i].Percent, len(a.Readiness[i].Met), p.Complete)
		}
	}
}

// The demo's readiness and its gap analysis give one verdict per proof: never "ready" while
// requirements are still to show.
func TestDemoReadinessAgreesWithTheGap(t *testing.T) {
	e := readyDemo(t)
	a, err := e.app.GapAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	proofs, err := e.app.Readiness()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range proofs {
		if p.Percent != a.Readiness[i].Percent || len(p.Requirements) != len(a.Readiness[i].Missing) {
			t.Errorf("proof %d: %v%%, %d to show; the gap says %v%%, %d", p.Number, p.Percent, len(p.Requirements), a.Readiness[i].Percent, len(a.Readiness[i].Missing))
		}
		if p.Complete != (p.Ready && p.Percent == 100) {
			t.Errorf("proof %d complete %v with the counts ready %v and %v%% of its requirements", p.Number, p.Complete, p.Ready, p.Percent)
		}
	}
}

// A second status for an item is refused through the App, naming the first.
func TestSecondStatusRefused(t *testing.T) {
	e := ready(t)
	first, err := e.app.CreateRecord("control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "planned"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.app.CreateRecord("control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "implemented"})
	if ims.ErrorCode(err) != ims.EINVALID || !strings.Contains(ims.ErrorMessage(err), first.ID) {
		t.Fatalf("second status = %v", err)
	}
	if res, err := e.app.SetStatuses([]string{"iso42001-2023:A.6.2.6"}, "implemented"); err != nil || len(res.Updated) != 1 {
		t.Errorf("the bulk edit changes the one record: %+v, %v", res, err)
	}
}
