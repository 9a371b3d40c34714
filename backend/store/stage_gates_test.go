package store_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// Each stage transition of an AI system has its own approval (issue 19): deployment and then
// operation are two approvals, and a refused move writes nothing.
func TestStageGateEachTransitionItsOwnApproval(t *testing.T) {
	live := func(t *testing.T) (*store.Store, riskFixture) {
		s := MustOpenMem(t)
		fx := newRiskFixture(t, s)
		if _, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, gatePassed(fx)); err != nil {
			t.Fatalf("into deployment: %v", err)
		}
		return s, fx
	}
	toOperation := map[string]any{"stage": "operation and monitoring"}

	t.Run("the deployment approval reused for operation is refused", func(t *testing.T) {
		s, fx := live(t)
		_, before, _ := s.Replay()
		_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, toOperation)
		e := ims.AsError(err)
		if err == nil || e.Field != "gate_approved_on" || !strings.Contains(e.Message, "needs its own approval") {
			t.Fatalf("err = %+v, want a refusal at gate_approved_on naming its own approval", e)
		}
		if _, after, _ := s.Replay(); after != before {
			t.Errorf("op log has %d ops after the refused move, %d before", after, before)
		}
	})
	t.Run("a stage approval of operation lets it move", func(t *testing.T) {
		s, fx := live(t)
		mustCreate(t, s, ims.StageApprovalKind, map[string]any{"title": "Credit model into operation", "ai_system": fx.sys,
			"stage": "operation and monitoring", "approved_by": "Eleanor Whitcombe", "approved_on": "2026-11-20",
			"evidence": "Four weeks of deployment readings within thresholds; release board minutes."})
		if _, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, toOperation); err != nil {
			t.Fatalf("with its own approval: %v", err)
		}
		r, _ := s.GetRecord(ctx, "ai_system", fx.sys)
		marks := ims.StageMarks(r, lookAll(t, s))
		got := []string{}
		for _, m := range marks {
			got = append(got, m.Mark)
		}
		// design and validation were never approved; deployment's approval now sits only in the
		// history, so only operation ticks.
		if strings.Join(got, ",") != "none,none,none,approved" || marks[3].By != "Eleanor Whitcombe" {
			t.Errorf("stage marks = %v (%+v)", got, marks)
		}
	})
	t.Run("new gate-approval fields let it move", func(t *testing.T) {
		s, fx := live(t)
		if _, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, map[string]any{"stage": "operation and monitoring",
			"gate_approved_by": "Eleanor Whitcombe", "gate_approved_on": "2026-11-20"}); err != nil {
			t.Fatalf("with a new approval: %v", err)
		}
	})
	t.Run("an approved impact assessment naming the system counts without a link back", func(t *testing.T) {
		s := MustOpenMem(t)
		fx := newRiskFixture(t, s)
		f := gatePassed(fx)
		delete(f, "impact_assessment")
		if _, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, f); err != nil {
			t.Fatalf("going live on an assessment that names it: %v", err)
		}
		// The other system's only assessment is a draft: still a gap.
		r, _ := s.GetRecord(ctx, "ai_system", fx.other)
		g := ims.GateOf(r, lookAll(t, s))
		found := false
		for _, gap := range g.Gaps {
			found = found || gap.Field == "impact_assessment"
		}
		if !found {
			t.Errorf("a system with only a draft assessment naming it passes the assessment: %+v", g.Gaps)
		}
	})
}

// lookAll is a Lookup over every live record of the AI kinds, as App.AIGates reads them.
func lookAll(t *testing.T, s *store.Store) ims.Lookup {
	t.Helper()
	var all []ims.Record
	for _, k := range []string{"ai_system", "risk", "impact_assessment", "ai_principle", "principle_review", ims.StageApprovalKind} {
		res, err := s.ListRecords(ctx, ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Records...)
	}
	return ims.LookupIn(all)
}
