package risk_test

import (
	"testing"

	"keel/backend/risk"
)

// The heat map's levels come from Level (the frontend had its own copy; these were its cases).
func TestLevelBandsAreInclusive(t *testing.T) {
	m := risk.Method{Bands: []risk.Band{{Max: 4, Name: "Low"}, {Max: 9, Name: "Medium"}, {Max: 16, Name: "High"}, {Max: 25, Name: "Very high"}}}
	for score, want := range map[int]string{1: "Low", 4: "Low", 5: "Medium", 16: "High", 25: "Very high", 30: "Very high"} {
		if got := m.Level(score).Name; got != want {
			t.Errorf("Level(%d) = %q, want %q", score, got, want)
		}
	}
	if got := (risk.Method{}).Level(3).Name; got != "" {
		t.Errorf("Level without bands = %q, want none", got)
	}
}
