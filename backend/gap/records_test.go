package gap_test

import (
	"slices"
	"testing"

	"keel/backend/gap"
	"keel/backend/ims"
	"keel/backend/risk"
)

func TestRecordReadiness(t *testing.T) {
	an, err := gap.Analyse(load(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := func(p gap.ReadinessProof) []string {
		var out []string
		for _, c := range p.Counts {
			out = append(out, c.Text)
		}
		return out
	}
	t.Run("an empty workspace", func(t *testing.T) {
		proofs := gap.RecordReadiness(map[string][]ims.Record{}, risk.DefaultMethod())
		if len(proofs) != 4 {
			t.Fatalf("%d proofs", len(proofs))
		}
		for i, p := range proofs {
			if p.Number != i+1 || p.Title != an.Readiness[i].Title {
				t.Errorf("proof %d %q, the catalogue's is %d %q", p.Number, p.Title, an.Readiness[i].Number, an.Readiness[i].Title)
			}
		}
		p1 := proofs[0]
		if p1.Ready || len(p1.Missing) != 2 || p1.Missing[0].Kind != "ai_system" || p1.Missing[0].ID != "" || p1.Missing[1].Kind != "role" {
			t.Errorf("proof 1 = %+v; want the inventory and the governance owner missing", p1)
		}
		if !proofs[3].Ready {
			t.Errorf("proof 4 = %+v; nothing to account for is ready", proofs[3])
		}
	})
	t.Run("a third-party system without its supplier, over appetite", func(t *testing.T) {
		sys := ims.Record{ID: "ai1", Kind: "ai_system", Title: "Scorecard", Fields: map[string]any{
			"stage": "design and development", "owner": "Ada", "provenance": "third-party"}}
		recs := map[string][]ims.Record{
			"ai_system":         {sys},
			"impact_assessment": {{ID: "ia1", Kind: "impact_assessment", Fields: map[string]any{"ai_system": "ai1"}}},
			"role":              {{ID: "r1", Kind: "role", Fields: map[string]any{"ai_governance_owner": true}}},
			"risk": {{ID: "k1", Kind: "risk", Title: "Drift", Fields: map[string]any{"lens": []string{"ai"}, "ai_systems": []string{"ai1"},
				"inherent_likelihood": 5.0, "inherent_impact": 5.0, "treatment": "accept"}}},
		}
		m := risk.MethodFrom(ims.Record{ID: "m", Kind: "risk_method", Fields: map[string]any{"appetite_ai": 6.0}}, true)
		proofs := gap.RecordReadiness(recs, m)
		if got, want := counts(proofs[0]), []string{"1 of 1 AI systems have an owner and an impact assessment",
			"0 of 1 third-party AI systems are linked to their supplier", "1 of 1 AI governance owner named"}; !slices.Equal(got, want) {
			t.Errorf("proof 1 counts %q, want %q", got, want)
		}
		if len(proofs[0].Missing) != 1 || proofs[0].Missing[0].ID != "ai1" || proofs[0].Ready {
			t.Errorf("proof 1 missing %+v", proofs[0].Missing)
		}
		if got, want := counts(proofs[1]), []string{"1 of 1 AI systems have their risks assessed",
			"1 of 1 AI risks have a treatment with controls", "0 of 1 AI risks are within appetite"}; !slices.Equal(got, want) {
			t.Errorf("proof 2 counts %q, want %q", got, want)
		}
	})
}
