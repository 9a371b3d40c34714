package store_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// riskFixture is a workspace with a 4×4 risk method, an AI system in validation with a
// linked risk, an approved and a draft impact assessment.
type riskFixture struct {
	method, sys, other, risk, approved, draft string
}

func newRiskFixture(t *testing.T, s *store.Store) riskFixture {
	t.Helper()
	var fx riskFixture
	fx.method = mustCreate(t, s, "risk_method", map[string]any{"title": "Fenmore method", "likelihood_levels": 4, "impact_levels": 4,
		"appetite_ai": 6}).ID
	fx.sys = mustCreate(t, s, "ai_system", map[string]any{"name": "Credit model", "provenance": "third-party",
		"stage": "verification and validation", "owner": "Priya Raghunathan"}).ID
	fx.other = mustCreate(t, s, "ai_system", map[string]any{"name": "Chatbot", "provenance": "internal", "stage": "design and development"}).ID
	fx.risk = mustCreate(t, s, "risk", map[string]any{"title": "Bias against thin-file applicants", "lens": []string{"ai"},
		"inherent_likelihood": 3, "inherent_impact": 4, "owner": "Priya Raghunathan", "ai_systems": []string{fx.sys}}).ID
	fx.approved = mustCreate(t, s, "impact_assessment", map[string]any{"title": "Credit model IA v1", "ai_system": fx.sys, "version": 1,
		"status": "approved", "approved_by": "Siobhán O'Connell", "approved_on": "2026-10-01"}).ID
	fx.draft = mustCreate(t, s, "impact_assessment", map[string]any{"title": "Chatbot IA v1", "ai_system": fx.other, "version": 1, "status": "draft"}).ID
	return fx
}

var gatePassed = func(fx riskFixture) map[string]any {
	return map[string]any{"stage": "deployment", "risks": []string{fx.risk}, "impact_assessment": fx.approved,
		"gate_approved_by": "Siobhán O'Connell", "gate_approved_on": "2026-11-02"}
}

func TestDomainRules(t *testing.T) {
	tests := []struct {
		name      string
		call      func(s *store.Store, fx riskFixture) (string, string, error) // kind, id (empty on create), error
		wantField string                                                       // "" for success
		wantMsg   string
	}{
		{name: "a likelihood outside the workspace's 4-level scale",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk", fx.risk, map[string]any{"inherent_likelihood": 5})
				return "risk", fx.risk, err
			}, wantField: "inherent_likelihood", wantMsg: "from 1 to 4"},
		{name: "a new risk with a residual impact off the scale",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "risk", map[string]any{"title": "Drift", "lens": []string{"ai"}, "owner": "Priya Raghunathan",
					"inherent_likelihood": 2, "inherent_impact": 2, "residual_likelihood": 1, "residual_impact": 0})
				return "risk", "", err
			}, wantField: "residual_impact", wantMsg: "outside"},
		{name: "a risk without an owner",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "risk", map[string]any{"title": "Drift", "lens": []string{"ai"},
					"inherent_likelihood": 2, "inherent_impact": 2})
				return "risk", "", err
			}, wantField: "owner", wantMsg: "Owner is required"},
		{name: "clearing a risk's owner",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk", fx.risk, map[string]any{"owner": ""})
				return "risk", fx.risk, err
			}, wantField: "owner", wantMsg: "Owner is required"},
		{name: "acceptance by someone other than the owner",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk", fx.risk, map[string]any{"accepted_by": "Björn Åström", "accepted_on": "2026-11-20"})
				return "risk", fx.risk, err
			}, wantField: "accepted_by", wantMsg: "only the risk owner"},
		{name: "a control that is not catalogue:id",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk", fx.risk, map[string]any{"controls": "iso42001-2023:A.6.2.6, bias testing"})
				return "risk", fx.risk, err
			}, wantField: "controls", wantMsg: "catalogue:id"},
		{name: "a risk scored on the method's scale is fine",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk", fx.risk, map[string]any{"residual_likelihood": 2, "residual_impact": 2,
					"accepted_by": "Priya Raghunathan", "accepted_on": "2026-11-20", "controls": "iso42001-2023:A.6.2.6"})
				return "risk", fx.risk, err
			}},
		{name: "a second risk method",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "risk_method", map[string]any{"title": "Another", "likelihood_levels": 5, "impact_levels": 5})
				return "risk_method", "", err
			}, wantMsg: "already a risk method"},
		{name: "labels that do not match the levels",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "risk_method", fx.method, map[string]any{"impact_labels": "1 Minor\n2 Major"})
				return "risk_method", fx.method, err
			}, wantField: "impact_labels", wantMsg: "2 lines for 4 levels"},
		{name: "going live with nothing",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, map[string]any{"stage": "deployment"})
				return "ai_system", fx.sys, err
			}, wantField: "risks", wantMsg: `Cannot move to "deployment"`},
		{name: "going live with a draft impact assessment of another system",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				f := gatePassed(fx)
				f["impact_assessment"] = fx.draft
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, f)
				return "ai_system", fx.sys, err
			}, wantField: "impact_assessment", wantMsg: "assesses another AI system"},
		{name: "going live without the gate approval date",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				f := gatePassed(fx)
				delete(f, "gate_approved_on")
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, f)
				return "ai_system", fx.sys, err
			}, wantField: "gate_approved_on", wantMsg: "date of the approval"},
		{name: "going live with the gate passed",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.sys, gatePassed(fx))
				return "ai_system", fx.sys, err
			}},
		{name: "skipping from design straight to deployment",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.other, map[string]any{"stage": "deployment"})
				return "ai_system", fx.other, err
			}, wantField: "stage", wantMsg: `skips "verification and validation"`},
		{name: "an override with too short a justification",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.other, map[string]any{"stage": "deployment",
					"gate_override": "Board said so", "gate_override_by": "Eleanor Whitcombe"})
				return "ai_system", fx.other, err
			}, wantField: "gate_override", wantMsg: "at least 8 words"},
		{name: "a justified override may skip a stage and go live",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "ai_system", fx.other, map[string]any{"stage": "deployment",
					"gate_override":    "Four-week pilot with 50 staff users only, no customers; full validation follows before any customer use.",
					"gate_override_by": "Eleanor Whitcombe"})
				return "ai_system", fx.other, err
			}},
		{name: "a new system may be recorded at any stage before live",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "ai_system", map[string]any{"name": "Fraud rules", "provenance": "internal", "stage": "verification and validation"})
				return "ai_system", "", err
			}},
		{name: "a new system recorded as live without the gate",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "ai_system", map[string]any{"name": "Fraud rules", "provenance": "internal", "stage": "operation and monitoring"})
				return "ai_system", "", err
			}, wantField: "risks", wantMsg: `Cannot move to "operation and monitoring"`},
		{name: "an impact assessment approved by nobody",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.UpdateRecord(ctx, ada, "impact_assessment", fx.draft, map[string]any{"status": "approved"})
				return "impact_assessment", fx.draft, err
			}, wantField: "approved_by", wantMsg: "name who approved this AI impact assessment"},
		{name: "a DPIA with a high residual risk that proceeds",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				_, err := s.CreateRecord(ctx, ada, "dpia", map[string]any{"title": "Credit scoring", "residual_risk": "high", "outcome": "proceed"})
				return "dpia", "", err
			}, wantField: "outcome", wantMsg: "Art 36"},
		{name: "deleting a live system is always possible",
			call: func(s *store.Store, fx riskFixture) (string, string, error) {
				return "ai_system", fx.sys, s.DeleteRecord(ctx, ada, "ai_system", fx.sys)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenMem(t)
			fx := newRiskFixture(t, s)
			_, before, err := s.Replay()
			if err != nil {
				t.Fatal(err)
			}
			kind, id, err := tt.call(s, fx)
			var hist []ims.HistoryEntry
			if id != "" {
				hist, _ = s.History(ctx, kind, id)
			}
			_, after, _ := s.Replay()
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				if after == before {
					t.Error("a successful change wrote no op")
				}
				return
			}
			e := ims.AsError(err)
			if err == nil || !strings.Contains(e.Message, tt.wantMsg) || e.Field != tt.wantField {
				t.Fatalf("err = %+v, want field %q and message containing %q", e, tt.wantField, tt.wantMsg)
			}
			if e.Code != ims.EINVALID && e.Code != ims.ECONFLICT {
				t.Errorf("code = %s, want invalid or conflict", e.Code)
			}
			if after != before {
				t.Errorf("op log has %d ops after the refused change, %d before: something was written", after, before)
			}
			if id != "" {
				total, _ := s.History(ctx, kind, id)
				if len(hist) != len(total) {
					t.Errorf("history changed")
				}
			}
			if err := s.VerifyReplay(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestDomainRulesUseTheDefaultScaleWithoutAMethod(t *testing.T) {
	s := MustOpenMem(t)
	if _, err := s.CreateRecord(ctx, ada, "risk", map[string]any{"title": "Five", "lens": []string{"security"}, "owner": "Björn Åström",
		"inherent_likelihood": 5, "inherent_impact": 5}); err != nil {
		t.Fatalf("5×5 without a method: %v", err)
	}
	_, err := s.CreateRecord(ctx, ada, "risk", map[string]any{"title": "Six", "lens": []string{"security"}, "owner": "Björn Åström",
		"inherent_likelihood": 6, "inherent_impact": 5})
	if e := ims.AsError(err); err == nil || e.Field != "inherent_likelihood" || !strings.Contains(e.Message, "from 1 to 5") {
		t.Errorf("likelihood 6 on the default scale: %v", err)
	}
}
