package risk_test

import (
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/risk"
)

func method(fields map[string]any) risk.Method {
	return risk.MethodFrom(ims.Record{ID: "m1", Kind: "risk_method", Title: "Method", Fields: fields}, true)
}

func TestMethodFrom(t *testing.T) {
	tests := []struct {
		name       string
		m          risk.Method
		l, i       int
		lLabels    []string
		bands      []risk.Band
		appetiteAI float64
	}{
		{"no record is the default 5×5", risk.DefaultMethod(), 5, 5, []string{"1", "2", "3", "4", "5"},
			[]risk.Band{{4, "Low"}, {9, "Medium"}, {16, "High"}, {25, "Very high"}}, 0},
		{"a 4×3 method with labels and bands", method(map[string]any{"likelihood_levels": 4.0, "impact_levels": 3.0,
			"likelihood_labels": "1 Rare\n2 Possible\n\n3 Likely\n4 Almost certain", "bands": "3 Low\n6 Medium\n12 High", "appetite_ai": 4.0}),
			4, 3, []string{"1 Rare", "2 Possible", "3 Likely", "4 Almost certain"}, []risk.Band{{3, "Low"}, {6, "Medium"}, {12, "High"}}, 4},
		{"labels that do not match the levels fall back to numbers; bad bands to the defaults", method(map[string]any{
			"likelihood_levels": 3.0, "impact_levels": 3.0, "likelihood_labels": "Rare\nLikely", "bands": "9 High\n4 Low"}),
			3, 3, []string{"1", "2", "3"}, []risk.Band{{1, "Low"}, {3, "Medium"}, {6, "High"}, {9, "Very high"}}, 0},
		{"a scale outside 2–10 is ignored", method(map[string]any{"likelihood_levels": 40.0, "impact_levels": 1.0}),
			5, 5, []string{"1", "2", "3", "4", "5"}, risk.DefaultBands(25), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.m.LikelihoodLevels != tt.l || tt.m.ImpactLevels != tt.i {
				t.Errorf("scale = %d×%d, want %d×%d", tt.m.LikelihoodLevels, tt.m.ImpactLevels, tt.l, tt.i)
			}
			if !reflect.DeepEqual(tt.m.LikelihoodLabels, tt.lLabels) {
				t.Errorf("labels = %q, want %q", tt.m.LikelihoodLabels, tt.lLabels)
			}
			if !reflect.DeepEqual(tt.m.Bands, tt.bands) {
				t.Errorf("bands = %v, want %v", tt.m.Bands, tt.bands)
			}
			if tt.m.Appetite["ai"] != tt.appetiteAI {
				t.Errorf("AI appetite = %v, want %v", tt.m.Appetite["ai"], tt.appetiteAI)
			}
		})
	}
}

func TestScoreAndLevel(t *testing.T) {
	m := risk.DefaultMethod()
	tests := []struct {
		l, i  int
		score int
		level string
	}{{1, 1, 1, "Low"}, {2, 2, 4, "Low"}, {1, 5, 5, "Medium"}, {3, 3, 9, "Medium"}, {2, 5, 10, "High"}, {4, 4, 16, "High"}, {4, 5, 20, "Very high"}, {5, 5, 25, "Very high"}}
	for _, tt := range tests {
		s := risk.Score(tt.l, tt.i)
		if s != tt.score || m.Level(s).Name != tt.level {
			t.Errorf("%d×%d = %d %s, want %d %s", tt.l, tt.i, s, m.Level(s).Name, tt.score, tt.level)
		}
	}
}

func TestCheckScore(t *testing.T) {
	m := method(map[string]any{"likelihood_levels": 4.0, "impact_levels": 6.0})
	tests := []struct {
		name   string
		field  string
		v      float64
		impact bool
		bad    bool
	}{
		{"lowest likelihood", "inherent_likelihood", 1, false, false},
		{"highest likelihood", "inherent_likelihood", 4, false, false},
		{"likelihood above the scale", "inherent_likelihood", 5, false, true},
		{"impact 5 fits a 6-level impact scale", "inherent_impact", 5, true, false},
		{"impact above the scale", "residual_impact", 7, true, true},
		{"zero", "residual_likelihood", 0, false, true},
		{"fraction", "inherent_impact", 2.5, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := m.CheckScore(tt.field, tt.v, tt.impact)
			if (err != nil) != tt.bad {
				t.Fatalf("CheckScore(%s, %v) = %v, want error %v", tt.field, tt.v, err, tt.bad)
			}
			if err != nil {
				e := ims.AsError(err)
				if e.Code != ims.EINVALID || e.Field != tt.field || !strings.Contains(e.Message, "outside") {
					t.Errorf("error = %+v, want invalid naming %s", e, tt.field)
				}
			}
		})
	}
}

func TestAppetite(t *testing.T) {
	m := method(map[string]any{"likelihood_levels": 5.0, "impact_levels": 5.0, "appetite_security": 12.0, "appetite_privacy": 8.0})
	tests := []struct {
		name  string
		a     risk.Assessment
		limit float64
		set   bool
		over  bool
	}{
		{"security risk under appetite", risk.Assessment{Lenses: []string{"security"}, InherentLikelihood: 4, InherentImpact: 4, ResidualLikelihood: 3, ResidualImpact: 4}, 12, true, false},
		{"residual, not inherent, decides", risk.Assessment{Lenses: []string{"security"}, InherentLikelihood: 5, InherentImpact: 5, ResidualLikelihood: 2, ResidualImpact: 2}, 12, true, false},
		{"inherent counts while no residual", risk.Assessment{Lenses: []string{"security"}, InherentLikelihood: 5, InherentImpact: 3}, 12, true, true},
		{"strictest lens wins", risk.Assessment{Lenses: []string{"security", "privacy"}, InherentLikelihood: 5, InherentImpact: 5, ResidualLikelihood: 3, ResidualImpact: 3}, 8, true, true},
		{"equal to appetite is within it", risk.Assessment{Lenses: []string{"privacy"}, InherentLikelihood: 2, InherentImpact: 4}, 8, true, false},
		{"a lens with no appetite is never over", risk.Assessment{Lenses: []string{"ai"}, InherentLikelihood: 5, InherentImpact: 5}, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit, set := m.AppetiteFor(tt.a.Lenses)
			if limit != tt.limit || set != tt.set {
				t.Errorf("AppetiteFor = %v %v, want %v %v", limit, set, tt.limit, tt.set)
			}
			if got := m.OverAppetite(tt.a); got != tt.over {
				t.Errorf("OverAppetite = %v, want %v", got, tt.over)
			}
		})
	}
}

func TestGrid(t *testing.T) {
	m := method(map[string]any{"likelihood_levels": 3.0, "impact_levels": 4.0, "appetite_ai": 4.0})
	risks := []risk.Assessment{
		{ID: "a", Lenses: []string{"ai"}, InherentLikelihood: 3, InherentImpact: 4, ResidualLikelihood: 1, ResidualImpact: 2},
		{ID: "b", Lenses: []string{"ai", "privacy"}, InherentLikelihood: 3, InherentImpact: 4, ResidualLikelihood: 2, ResidualImpact: 3},
		{ID: "c", Lenses: []string{"security"}, InherentLikelihood: 1, InherentImpact: 1},
		{ID: "d", Lenses: []string{"security"}, InherentLikelihood: 5, InherentImpact: 1}, // off a 3-level scale
	}
	t.Run("inherent, every lens", func(t *testing.T) {
		h := m.Grid(risks, "", false)
		if len(h.Cells) != 3 || len(h.Cells[0]) != 4 {
			t.Fatalf("grid %d×%d, want 3×4", len(h.Cells), len(h.Cells[0]))
		}
		if c := h.Cells[2][3]; c.Count != 2 || !reflect.DeepEqual(c.RiskIDs, []string{"a", "b"}) || c.Score != 12 || c.OverAppetite != 2 {
			t.Errorf("cell 3×4 = %+v", c)
		}
		if h.Cells[0][0].Count != 1 || h.Total != 3 || !reflect.DeepEqual(h.Unscored, []string{"d"}) {
			t.Errorf("total %d, unscored %v, 1×1 %+v", h.Total, h.Unscored, h.Cells[0][0])
		}
	})
	t.Run("residual, AI lens", func(t *testing.T) {
		h := m.Grid(risks, "ai", true)
		if h.Total != 2 || h.Cells[0][1].Count != 1 || h.Cells[1][2].Count != 1 || !reflect.DeepEqual(h.Over, []string{"b"}) {
			t.Errorf("residual AI map: total %d, over %v", h.Total, h.Over)
		}
	})
	t.Run("residual leaves unassessed risks off the grid", func(t *testing.T) {
		h := m.Grid(risks, "security", true)
		if h.Total != 0 || len(h.Unscored) != 2 {
			t.Errorf("total %d, unscored %v", h.Total, h.Unscored)
		}
	})
}

func TestBreach(t *testing.T) {
	tests := []struct {
		v, th float64
		dir   string
		want  bool
	}{
		{0.31, 0.25, ims.BreachAbove, true}, {0.25, 0.25, ims.BreachAbove, false}, {0.1, 0.25, ims.BreachAbove, false},
		{0.78, 0.8, ims.BreachBelow, true}, {0.8, 0.8, ims.BreachBelow, false}, {1, 0, "", false},
	}
	for _, tt := range tests {
		if got := risk.Breach(tt.v, tt.th, tt.dir); got != tt.want {
			t.Errorf("Breach(%v, %v, %q) = %v, want %v", tt.v, tt.th, tt.dir, got, tt.want)
		}
	}
	r := ims.Record{Fields: map[string]any{"value": 0.3, "threshold": 0.25, "direction": ims.BreachAbove}}
	if !risk.BreachOf(r) {
		t.Error("BreachOf a record over its threshold = false")
	}
}

func TestMethodOf(t *testing.T) {
	rec := func(id, created string, levels float64) ims.Record {
		return ims.Record{ID: id, Kind: "risk_method", Title: "Method " + id, CreatedAt: created,
			Fields: map[string]any{"likelihood_levels": levels, "impact_levels": levels}}
	}
	if m := risk.MethodOf(nil); !m.Default || m.LikelihoodLevels != 5 {
		t.Errorf("no record: %+v, want the default 5×5", m)
	}
	tests := []struct {
		name string
		rs   []ims.Record
		want string
	}{
		{"the earliest created wins", []ims.Record{rec("b", "2026-03-01T00:00:00Z", 4), rec("a", "2026-05-01T00:00:00Z", 3)}, "b"},
		{"on the same time, the lower ID", []ims.Record{rec("z", "2026-03-01T00:00:00Z", 4), rec("c", "2026-03-01T00:00:00Z", 3)}, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := risk.MethodOf(tt.rs); m.ID != tt.want || m.Default {
				t.Errorf("method %q (default %v), want %q", m.ID, m.Default, tt.want)
			}
		})
	}
}
