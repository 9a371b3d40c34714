// Package risk holds the pure rules of the one risk method: scores on the workspace's
// scale, levels, appetite per lens, heat maps and monitoring breaches. Records come in as
// ims.Record; nothing here reads or writes storage.
package risk

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"keel/backend/ims"
)

// Band is one risk level: scores up to Max (inclusive) fall in it.
type Band struct {
	Max  int    `json:"max"`
	Name string `json:"name"`
}

// Method is the workspace's risk method decoded from its risk_method record.
type Method struct {
	ID               string   `json:"id,omitempty"` // empty for the default method
	Title            string   `json:"title"`
	Version          string   `json:"version,omitempty"`
	LikelihoodLevels int      `json:"likelihoodLevels"`
	ImpactLevels     int      `json:"impactLevels"`
	LikelihoodLabels []string `json:"likelihoodLabels"` // one per level, lowest first
	ImpactLabels     []string `json:"impactLabels"`
	Bands            []Band   `json:"bands"` // ascending Max; the last covers the highest score
	// Appetite is the highest residual score accepted per lens; a lens missing here has
	// no appetite set and nothing is over it.
	Appetite map[string]float64 `json:"appetite"`
	Default  bool               `json:"default"` // true when the workspace has no risk_method record
}

// Lenses are the three lenses of the one method.
var Lenses = []string{"security", "privacy", "ai"}

// DefaultMethod is the 5×5 method used until the workspace records its own.
func DefaultMethod() Method {
	return MethodFrom(ims.Record{}, false)
}

// MethodOf is the workspace's method, given its live risk_method records: the earliest
// created (the lower ID on a tie), as the store's rules pick it; none gives the default
// 5×5 method. The risk screens and the packs call it, so they always agree.
func MethodOf(rs []ims.Record) Method {
	if len(rs) == 0 {
		return DefaultMethod()
	}
	first := slices.MinFunc(rs, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return MethodFrom(first, true)
}

// MethodFrom decodes a risk_method record (found false gives the default 5×5 method).
func MethodFrom(r ims.Record, found bool) Method {
	l, i := ims.Scale(r, found)
	m := Method{ID: r.ID, Title: r.Title, LikelihoodLevels: l, ImpactLevels: i, Appetite: map[string]float64{}, Default: !found}
	if !found {
		m.Title = "Default 5×5 method"
	}
	m.Version, _ = r.Fields["version"].(string)
	m.LikelihoodLabels = labels(str(r.Fields["likelihood_labels"]), l)
	m.ImpactLabels = labels(str(r.Fields["impact_labels"]), i)
	m.Bands = parseBands(str(r.Fields["bands"]), l*i)
	for _, lens := range Lenses {
		if v, ok := r.Fields["appetite_"+lens].(float64); ok {
			m.Appetite[lens] = v
		}
	}
	return m
}

func str(v any) string { s, _ := v.(string); return s }

// labels gives one label per level: the given lines when there are exactly n, else "1".."n".
func labels(text string, n int) []string {
	lines := ims.Lines(text)
	out := make([]string, n)
	for k := range out {
		out[k] = strconv.Itoa(k + 1)
		if len(lines) == n {
			out[k] = lines[k]
		}
	}
	return out
}

// DefaultBands splits the scores 1..max into low, medium, high and very high at 16%, 36%
// and 64% of the highest score: 4, 9, 16 and 25 on a 5×5 scale.
func DefaultBands(max int) []Band {
	cut := func(f float64) int { return int(math.Round(f * float64(max))) }
	return []Band{{cut(0.16), "Low"}, {cut(0.36), "Medium"}, {cut(0.64), "High"}, {max, "Very high"}}
}

// parseBands reads lines "<highest score> <name>"; anything unreadable gives the defaults.
func parseBands(text string, max int) []Band {
	lines := ims.Lines(text)
	if len(lines) == 0 {
		return DefaultBands(max)
	}
	var out []Band
	for _, l := range lines {
		n, name, _ := strings.Cut(l, " ")
		v, err := strconv.Atoi(n)
		if err != nil || strings.TrimSpace(name) == "" || len(out) > 0 && v <= out[len(out)-1].Max {
			return DefaultBands(max)
		}
		out = append(out, Band{Max: v, Name: strings.TrimSpace(name)})
	}
	if out[len(out)-1].Max < max {
		out[len(out)-1].Max = max
	}
	return out
}

// Score is likelihood × impact.
func Score(likelihood, impact int) int { return likelihood * impact }

// Level returns the band a score falls in (scores up to a band's Max, inclusive; the last
// band above); no band at all without bands.
func (m Method) Level(score int) Band {
	if len(m.Bands) == 0 {
		return Band{}
	}
	for _, b := range m.Bands {
		if score <= b.Max {
			return b
		}
	}
	return m.Bands[len(m.Bands)-1]
}

// MaxScore is the highest score on the method's scale.
func (m Method) MaxScore() int { return m.LikelihoodLevels * m.ImpactLevels }

// CheckScore checks a likelihood (or impact, with impact true) against the scale and
// returns an invalid error naming the field when it falls outside.
func (m Method) CheckScore(field string, v float64, impact bool) error {
	max := m.LikelihoodLevels
	if impact {
		max = m.ImpactLevels
	}
	return ims.CheckLevel(ims.Record{Kind: "risk", Fields: map[string]any{field: v}}, field, max)
}

// Assessment is a risk as scoring sees it.
type Assessment struct {
	ID                 string   `json:"id"`
	Title              string   `json:"title"`
	Lenses             []string `json:"lenses"`
	Owner              string   `json:"owner"`
	InherentLikelihood int      `json:"inherentLikelihood"`
	InherentImpact     int      `json:"inherentImpact"`
	ResidualLikelihood int      `json:"residualLikelihood"` // 0 when not yet assessed
	ResidualImpact     int      `json:"residualImpact"`
	AISystems          []string `json:"aiSystems"`
	Status             string   `json:"status"`
}

// FromRecord decodes a risk record.
func FromRecord(r ims.Record) Assessment {
	n := func(f string) int { v, _ := r.Fields[f].(float64); return int(v) }
	l := func(f string) []string { v, _ := r.Fields[f].([]string); return v }
	return Assessment{ID: r.ID, Title: r.Title, Lenses: l("lens"), Owner: str(r.Fields["owner"]),
		InherentLikelihood: n("inherent_likelihood"), InherentImpact: n("inherent_impact"),
		ResidualLikelihood: n("residual_likelihood"), ResidualImpact: n("residual_impact"),
		AISystems: l("ai_systems"), Status: str(r.Fields["status"])}
}

// Inherent is the score before treatment.
func (a Assessment) Inherent() int { return Score(a.InherentLikelihood, a.InherentImpact) }

// HasResidual reports whether the residual score has been assessed.
func (a Assessment) HasResidual() bool { return a.ResidualLikelihood > 0 && a.ResidualImpact > 0 }

// Current is the residual score when assessed, else the inherent one: what the risk is now.
func (a Assessment) Current() int {
	if a.HasResidual() {
		return Score(a.ResidualLikelihood, a.ResidualImpact)
	}
	return a.Inherent()
}

// AppetiteFor returns the strictest appetite among the lenses (set says whether any lens
// has one).
func (m Method) AppetiteFor(lenses []string) (limit float64, set bool) {
	for _, l := range lenses {
		if v, ok := m.Appetite[l]; ok && (!set || v < limit) {
			limit, set = v, true
		}
	}
	return limit, set
}

// OverAppetite reports whether the risk's current score exceeds the strictest appetite of
// its lenses.
func (m Method) OverAppetite(a Assessment) bool {
	limit, set := m.AppetiteFor(a.Lenses)
	return set && float64(a.Current()) > limit
}

// OverAppetiteIDs returns the ids of the risks over appetite (OverAppetite: the current
// score against the strictest appetite of their lenses), in order. It is the one count of
// risks over appetite: the heat map's headline, the management review and its pack use it.
func (m Method) OverAppetiteIDs(risks []Assessment) []string {
	out := []string{}
	for _, a := range risks {
		if m.OverAppetite(a) {
			out = append(out, a.ID)
		}
	}
	return out
}

// Cell is one square of a heat map.
type Cell struct {
	Likelihood int      `json:"likelihood"`
	Impact     int      `json:"impact"`
	Score      int      `json:"score"`
	Level      string   `json:"level"`
	Count      int      `json:"count"`
	RiskIDs    []string `json:"riskIds"`
	// OverAppetite counts the risks in the cell over their lenses' appetite.
	OverAppetite int `json:"overAppetite"`
}

// HeatMap is the likelihood × impact grid of a set of risks.
type HeatMap struct {
	Lens             string   `json:"lens"` // "" for every lens
	Residual         bool     `json:"residual"`
	LikelihoodLabels []string `json:"likelihoodLabels"`
	ImpactLabels     []string `json:"impactLabels"`
	// Cells[l-1][i-1] is the cell of likelihood l and impact i.
	Cells    [][]Cell `json:"cells"`
	Total    int      `json:"total"`        // risks placed on the grid
	Unscored []string `json:"unscored"`     // ids of risks without the score asked for (or off the scale)
	Over     []string `json:"overAppetite"` // placed risks whose cell's score exceeds their appetite
	// OverNow are the risks of the lens over appetite by their current score
	// (OverAppetiteIDs), placed on this grid or not: the number the review gives too.
	OverNow []string `json:"overAppetiteNow"`
}

// Grid places risks on the method's grid, by inherent or residual score, keeping only those
// carrying lens (every risk when lens is "").
func (m Method) Grid(risks []Assessment, lens string, residual bool) HeatMap {
	h := HeatMap{Lens: lens, Residual: residual, LikelihoodLabels: m.LikelihoodLabels, ImpactLabels: m.ImpactLabels,
		Cells: make([][]Cell, m.LikelihoodLevels), Unscored: []string{}, Over: []string{}}
	for l := range h.Cells {
		h.Cells[l] = make([]Cell, m.ImpactLevels)
		for i := range h.Cells[l] {
			s := Score(l+1, i+1)
			h.Cells[l][i] = Cell{Likelihood: l + 1, Impact: i + 1, Score: s, Level: m.Level(s).Name, RiskIDs: []string{}}
		}
	}
	var kept []Assessment
	for _, a := range risks {
		if lens != "" && !slices.Contains(a.Lenses, lens) {
			continue
		}
		kept = append(kept, a)
		l, i := a.InherentLikelihood, a.InherentImpact
		if residual {
			l, i = a.ResidualLikelihood, a.ResidualImpact
		}
		if l < 1 || i < 1 || l > m.LikelihoodLevels || i > m.ImpactLevels {
			h.Unscored = append(h.Unscored, a.ID)
			continue
		}
		c := &h.Cells[l-1][i-1]
		c.Count++
		c.RiskIDs = append(c.RiskIDs, a.ID)
		h.Total++
		if limit, set := m.AppetiteFor(a.Lenses); set && float64(Score(l, i)) > limit {
			c.OverAppetite++
			h.Over = append(h.Over, a.ID)
		}
	}
	h.OverNow = m.OverAppetiteIDs(kept)
	return h
}

// Breach reports whether a monitoring value is past its threshold in the given direction
// (ims.BreachAbove or ims.BreachBelow); a value equal to the threshold is not a breach.
func Breach(value, threshold float64, direction string) bool {
	switch direction {
	case ims.BreachAbove:
		return value > threshold
	case ims.BreachBelow:
		return value < threshold
	}
	return false
}

// BreachOf applies Breach to a monitoring_record.
func BreachOf(r ims.Record) bool {
	v, ok1 := r.Fields["value"].(float64)
	t, ok2 := r.Fields["threshold"].(float64)
	return ok1 && ok2 && Breach(v, t, str(r.Fields["direction"]))
}
