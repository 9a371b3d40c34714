package app

import (
	"fmt"
	"slices"
	"strings"

	"keel/backend/gap"
	"keel/backend/ims"
	"keel/backend/risk"
)

// riskData is what the risk screens read: the method and the live records of the kinds
// issue 5 adds, read once per call.
type riskData struct {
	method  risk.Method
	records map[string][]ims.Record // by kind
	byID    map[string]ims.Record
}

func (a *App) riskData(kinds ...string) (riskData, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return riskData{}, err
	}
	d := riskData{records: map[string][]ims.Record{}, byID: map[string]ims.Record{}}
	for _, k := range append([]string{"risk_method"}, kinds...) {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k, Sort: "title"})
		if err != nil {
			return riskData{}, fmt.Errorf("list %s: %w", k, err)
		}
		d.records[k] = res.Records
		for _, r := range res.Records {
			d.byID[r.ID] = r
		}
	}
	d.method = risk.MethodOf(d.records["risk_method"])
	return d, nil
}

// RiskMethod returns the workspace's risk method, or the default 5×5 method (default true)
// when none is recorded. Its history is the record's history.
func (a *App) RiskMethod() (risk.Method, error) {
	d, err := a.riskData()
	return d.method, err
}

// ScoredRisk is a risk with its scores worked out on the workspace's method.
type ScoredRisk struct {
	risk.Assessment
	InherentScore int    `json:"inherentScore"`
	InherentLevel string `json:"inherentLevel"`
	ResidualScore int    `json:"residualScore"` // 0 when not assessed
	ResidualLevel string `json:"residualLevel"`
	Appetite      *int   `json:"appetite"` // strictest appetite of its lenses, null when none is set
	OverAppetite  bool   `json:"overAppetite"`
	ReviewDate    string `json:"reviewDate"`
}

func lensArg(lens string) error {
	if lens != "" && !slices.Contains(risk.Lenses, lens) {
		return ims.FieldErrorf("lens", "lens %q is not one of: %s", lens, strings.Join(risk.Lenses, ", "))
	}
	return nil
}

// RiskRegister returns the risks scored on the method, most severe first, filtered by lens,
// owner and AI system id (each "" for all).
func (a *App) RiskRegister(lens, owner, aiSystem string) ([]ScoredRisk, error) {
	if err := lensArg(lens); err != nil {
		return nil, err
	}
	d, err := a.riskData("risk")
	if err != nil {
		return nil, err
	}
	out := []ScoredRisk{}
	for _, r := range d.records["risk"] {
		as := risk.FromRecord(r)
		if lens != "" && !slices.Contains(as.Lenses, lens) || owner != "" && as.Owner != owner ||
			aiSystem != "" && !slices.Contains(as.AISystems, aiSystem) {
			continue
		}
		sr := ScoredRisk{Assessment: as, InherentScore: as.Inherent(), InherentLevel: d.method.Level(as.Inherent()).Name,
			OverAppetite: d.method.OverAppetite(as), ReviewDate: str(r.Fields["review_date"])}
		if as.HasResidual() {
			sr.ResidualScore = risk.Score(as.ResidualLikelihood, as.ResidualImpact)
			sr.ResidualLevel = d.method.Level(sr.ResidualScore).Name
		}
		if limit, set := d.method.AppetiteFor(as.Lenses); set {
			n := int(limit)
			sr.Appetite = &n
		}
		out = append(out, sr)
	}
	slices.SortStableFunc(out, func(x, y ScoredRisk) int {
		if x.OverAppetite != y.OverAppetite {
			if x.OverAppetite {
				return -1
			}
			return 1
		}
		return y.Assessment.Current() - x.Assessment.Current()
	})
	return out, nil
}

// HeatMap returns the likelihood × impact grid with the count and risk ids per cell, by
// inherent or residual score, for one lens ("" for all).
func (a *App) HeatMap(lens string, residual bool) (risk.HeatMap, error) {
	if err := lensArg(lens); err != nil {
		return risk.HeatMap{}, err
	}
	d, err := a.riskData("risk")
	if err != nil {
		return risk.HeatMap{}, err
	}
	as := make([]risk.Assessment, 0, len(d.records["risk"]))
	for _, r := range d.records["risk"] {
		as = append(as, risk.FromRecord(r))
	}
	return d.method.Grid(as, lens, residual), nil
}

// MonitoringReading is one monitoring record with its breach worked out.
type MonitoringReading struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	AISystem   string  `json:"aiSystem"`
	MetricType string  `json:"metricType"`
	Metric     string  `json:"metric"`
	Value      float64 `json:"value"`
	Threshold  float64 `json:"threshold"`
	Direction  string  `json:"direction"`
	Date       string  `json:"date"`
	Breach     bool    `json:"breach"`
}

// MonitoringSummary is the monitoring of one AI system (or all), newest first.
type MonitoringSummary struct {
	AISystem string              `json:"aiSystem"`
	Readings []MonitoringReading `json:"readings"`
	Breaches []MonitoringReading `json:"breaches"`
}

// Monitoring returns an AI system's monitoring records with threshold breaches worked out
// ("" for every system).
func (a *App) Monitoring(aiSystemID string) (MonitoringSummary, error) {
	d, err := a.riskData("monitoring_record", "ai_system")
	if err != nil {
		return MonitoringSummary{}, err
	}
	if aiSystemID != "" {
		if r, ok := d.byID[aiSystemID]; !ok || r.Kind != "ai_system" {
			return MonitoringSummary{}, ims.Errorf(ims.ENOTFOUND, "there is no AI system with id %q", aiSystemID)
		}
	}
	out := MonitoringSummary{AISystem: aiSystemID, Readings: []MonitoringReading{}, Breaches: []MonitoringReading{}}
	for _, r := range d.records["monitoring_record"] {
		if aiSystemID != "" && r.Fields["ai_system"] != aiSystemID {
			continue
		}
		v, _ := r.Fields["value"].(float64)
		th, _ := r.Fields["threshold"].(float64)
		m := MonitoringReading{ID: r.ID, Title: r.Title, AISystem: str(r.Fields["ai_system"]), MetricType: str(r.Fields["metric_type"]),
			Metric: str(r.Fields["metric"]), Value: v, Threshold: th, Direction: str(r.Fields["direction"]), Date: str(r.Fields["date"]),
			Breach: risk.BreachOf(r)}
		out.Readings = append(out.Readings, m)
	}
	slices.SortStableFunc(out.Readings, func(x, y MonitoringReading) int { return strings.Compare(y.Date, x.Date) })
	for _, m := range out.Readings {
		if m.Breach {
			out.Breaches = append(out.Breaches, m)
		}
	}
	return out, nil
}

// Readiness measures the four proofs from the records and the gap analysis (gap.Readiness).
func (a *App) Readiness() ([]gap.ReadinessProof, error) {
	d, err := a.riskData(gap.ReadinessKinds...)
	if err != nil {
		return nil, err
	}
	an, err := a.GapAnalysis()
	if err != nil {
		return nil, err
	}
	return gap.Readiness(an, d.records, d.method), nil
}
