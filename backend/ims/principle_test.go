package ims_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

// The responsible-AI principles at the stage gate, through a real store: a refused save
// writes nothing, and the message names the principles still to weigh.
func TestPrinciplesAtTheGate(t *testing.T) {
	ctx := context.Background()
	ada := ims.Actor{Name: "Ada Lovelace"}
	type fixture struct {
		s                          *store.Store
		sys, fair, transp, privacy string
		gate                       map[string]any // the rest of the deployment gate, passed
	}
	mustCreate := func(t *testing.T, s *store.Store, kind string, f map[string]any) string {
		t.Helper()
		r, err := s.CreateRecord(ctx, ada, kind, f)
		if err != nil {
			t.Fatalf("create %s: %v", kind, err)
		}
		return r.ID
	}
	principle := func(t *testing.T, s *store.Store, name, status string, stages ...string) string {
		f := map[string]any{"name": name, "meaning": "What " + name + " means for us.", "status": status, "stages": stages}
		if status == ims.PrincipleApproved {
			f["approved_by"], f["approved_on"] = "Eleanor Whitcombe", "2026-09-01"
		}
		return mustCreate(t, s, "ai_principle", f)
	}
	setup := func(t *testing.T) fixture {
		s := storetest.Open(t, store.Options{})
		fx := fixture{s: s}
		fx.sys = mustCreate(t, s, "ai_system", map[string]any{"name": "Credit model", "provenance": "internal", "stage": "verification and validation"})
		risk := mustCreate(t, s, "risk", map[string]any{"title": "Bias", "lens": []string{"ai"}, "inherent_likelihood": 3, "inherent_impact": 3,
			"owner": "Priya", "ai_systems": []string{fx.sys}})
		ia := mustCreate(t, s, "impact_assessment", map[string]any{"title": "IA", "ai_system": fx.sys, "version": 1, "status": "approved",
			"approved_by": "Siobhán", "approved_on": "2026-09-10"})
		fx.fair = principle(t, s, "Fairness", ims.PrincipleApproved, "deployment", "operation and monitoring")
		fx.transp = principle(t, s, "Transparency", ims.PrincipleApproved, "deployment")
		fx.privacy = principle(t, s, "Privacy", "draft", "deployment")
		principle(t, s, "Security", ims.PrincipleApproved, "verification and validation")
		fx.gate = map[string]any{"stage": "deployment", "risks": []string{risk}, "impact_assessment": ia,
			"gate_approved_by": "Siobhán", "gate_approved_on": "2026-09-20"}
		return fx
	}
	review := func(t *testing.T, fx fixture, p, stage string) {
		mustCreate(t, fx.s, "principle_review", map[string]any{"title": "weighed", "ai_system": fx.sys, "principle": p, "stage": stage,
			"note": "Approval rates compared across groups.", "evidence": "Bias test Q3."})
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	ops := func(t *testing.T, s *store.Store) int {
		_, n, err := s.Replay()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	refused := func(t *testing.T, fx fixture, fields map[string]any, names []string, not []string) {
		t.Helper()
		before := ops(t, fx.s)
		_, err := fx.s.UpdateRecord(ctx, ada, "ai_system", fx.sys, fields)
		e := ims.AsError(err)
		if err == nil || e.Code != ims.EINVALID || e.Field != ims.PrincipleGapField {
			t.Fatalf("err = %+v, want the gate refused for the principles", e)
		}
		for _, n := range names {
			if !strings.Contains(e.Message, `"`+n+`"`) {
				t.Errorf("message %q does not name %s", e.Message, n)
			}
		}
		for _, n := range not {
			if strings.Contains(e.Message, `"`+n+`"`) {
				t.Errorf("message %q names %s, which does not apply", e.Message, n)
			}
		}
		if after := ops(t, fx.s); after != before {
			t.Errorf("%d ops after the refused save, %d before: something was written", after, before)
		}
		if r, _ := fx.s.GetRecord(ctx, "ai_system", fx.sys); r.Fields["stage"] != "verification and validation" {
			t.Errorf("stage is %v after the refused save", r.Fields["stage"])
		}
	}
	passes := func(t *testing.T, fx fixture, fields map[string]any) {
		t.Helper()
		if _, err := fx.s.UpdateRecord(ctx, ada, "ai_system", fx.sys, fields); err != nil {
			t.Fatalf("gate refused: %v", err)
		}
	}

	t.Run("without notes for the applying principles it is refused, naming them", func(t *testing.T) {
		fx := setup(t)
		// Fairness weighed at another stage does not count for this one.
		review(t, fx, fx.fair, "operation and monitoring")
		refused(t, fx, fx.gate, []string{"Fairness", "Transparency"}, []string{"Privacy", "Security"})
	})
	t.Run("with one of two notes it is refused, naming the other", func(t *testing.T) {
		fx := setup(t)
		review(t, fx, fx.fair, "deployment")
		refused(t, fx, fx.gate, []string{"Transparency"}, []string{"Fairness"})
	})
	t.Run("with the notes it passes", func(t *testing.T) {
		fx := setup(t)
		review(t, fx, fx.fair, "deployment")
		review(t, fx, fx.transp, "deployment")
		passes(t, fx, fx.gate)
		rec, _ := fx.s.GetRecord(ctx, "ai_system", fx.sys)
		if g := ims.GateOf(rec, ims.LookupIn(all(t, fx.s))); g.State != ims.GateApproved {
			t.Errorf("gate = %+v, want approved", g)
		}
	})
	t.Run("with a justified override it passes", func(t *testing.T) {
		fx := setup(t)
		passes(t, fx, with(fx.gate, "gate_override", "the board accepted a four week pilot with daily review of every decline",
			"gate_override_by", "Eleanor Whitcombe"))
	})
	t.Run("an override too short to justify anything is refused", func(t *testing.T) {
		fx := setup(t)
		before := ops(t, fx.s)
		_, err := fx.s.UpdateRecord(ctx, ada, "ai_system", fx.sys, with(fx.gate, "gate_override", "pilot", "gate_override_by", "Eleanor"))
		if ims.AsError(err).Field != "gate_override" || ops(t, fx.s) != before {
			t.Errorf("err = %v, ops %d → %d", err, before, ops(t, fx.s))
		}
	})
	t.Run("a retired principle no longer applies", func(t *testing.T) {
		fx := setup(t)
		review(t, fx, fx.fair, "deployment")
		refused(t, fx, fx.gate, []string{"Transparency"}, nil)
		if _, err := fx.s.UpdateRecord(ctx, ada, "ai_principle", fx.transp, map[string]any{"status": ims.PrincipleRetired}); err != nil {
			t.Fatal(err)
		}
		passes(t, fx, fx.gate)
	})
	t.Run("a gate before going live weighs its own stage, and the first stage's on leaving it", func(t *testing.T) {
		fx := setup(t)
		sys := mustCreate(t, fx.s, "ai_system", map[string]any{"name": "Chatbot", "provenance": "internal", "stage": "design and development"})
		design := principle(t, fx.s, "Environment", ims.PrincipleApproved, "design and development")
		before := ops(t, fx.s)
		_, err := fx.s.UpdateRecord(ctx, ada, "ai_system", sys, map[string]any{"stage": "verification and validation"})
		e := ims.AsError(err)
		if err == nil || !strings.Contains(e.Message, `"Environment"`) || !strings.Contains(e.Message, "Principles weighed") || ops(t, fx.s) != before {
			t.Fatalf("err = %+v, want Environment (design) named and the Security gate counted; nothing written", e)
		}
		mustCreate(t, fx.s, "principle_review", map[string]any{"title": "env", "ai_system": sys, "principle": design, "stage": "design and development",
			"note": "Smallest model that answers well.", "evidence": "Model comparison."})
		_, err = fx.s.UpdateRecord(ctx, ada, "ai_system", sys, map[string]any{"stage": "verification and validation"})
		if e := ims.AsError(err); err == nil || !strings.Contains(e.Message, `"Security"`) || strings.Contains(e.Message, `"Environment"`) {
			t.Fatalf("err = %v, want only Security named", err)
		}
	})
}

// all reads every live record of the kinds the gate reads, oldest first.
func all(t *testing.T, s *store.Store) []ims.Record {
	t.Helper()
	var out []ims.Record
	for _, k := range []string{"ai_system", "risk", "impact_assessment", "ai_principle", "principle_review"} {
		res, err := s.ListRecords(context.Background(), ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Records...)
	}
	return out
}

func TestPrincipleGapNamesEveryPrinciple(t *testing.T) {
	var recs []ims.Record
	for i, n := range []string{"Accountability", "Fairness", "Safety"} {
		recs = append(recs, ims.Record{ID: fmt.Sprint("p", i), Kind: "ai_principle", Title: n,
			Fields: map[string]any{"status": ims.PrincipleApproved, "stages": []string{"deployment"}}})
	}
	g := ims.GateOf(ims.Record{ID: "s", Kind: "ai_system", Fields: map[string]any{"stage": "design and development"}}, ims.LookupIn(recs))
	last := g.Gaps[len(g.Gaps)-1]
	if last.Field != ims.PrincipleGapField || last.Needs != `"Accountability", "Fairness" and "Safety" weighed at deployment` {
		t.Errorf("gap = %+v", last)
	}
}
