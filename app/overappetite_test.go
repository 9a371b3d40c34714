package app_test

import (
	"slices"
	"testing"
)

// The heat map (either score) and the management review count the same risks over
// appetite on the demo: one function (risk.Method.OverAppetiteIDs) gives both.
func TestOverAppetiteAgrees(t *testing.T) {
	e := demoRisk(t)
	sum, err := e.app.ReviewInputs("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := sum.Figures.RisksOverAppetite
	if want == 0 || want != len(sum.Risks.OverAppetite) {
		t.Fatalf("review: %d over appetite in the figures, %d listed", want, len(sum.Risks.OverAppetite))
	}
	reg, err := e.app.RiskRegister("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var fromRegister []string
	for _, r := range reg {
		if r.OverAppetite {
			fromRegister = append(fromRegister, r.ID)
		}
	}
	for _, residual := range []bool{false, true} {
		h, err := e.app.HeatMap("", residual)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(h.OverNow)
		slices.Sort(got)
		slices.Sort(fromRegister)
		if len(got) != want || !slices.Equal(got, fromRegister) {
			t.Errorf("heat map (residual %v) says %d over appetite %v, the review %d, the register %v", residual, len(got), got, want, fromRegister)
		}
	}
}
