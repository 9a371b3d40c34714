// Package principle is the view of the responsible-AI principles across the AI systems:
// which principles were weighed at which stage gate of which system, which monitoring
// metrics evidence them, and which principles apply to live systems with no metric to show
// for it. The AI inventory screen, the AI inventory pack and the management review read it.
// The rule a gate is checked with is ims.PrincipleGaps; this package only reports.
package principle

import (
	"cmp"
	"slices"
	"strings"

	"keel/backend/ims"
	"keel/backend/risk"
)

// Kinds are the record kinds the view reads.
var Kinds = []string{"ai_principle", "principle_review", "monitoring_record", "ai_system"}

// Weighing is how one principle was weighed at one stage gate of one AI system.
type Weighing struct {
	Review        string `json:"review"` // the principle_review record
	AISystem      string `json:"aiSystem"`
	AISystemName  string `json:"aiSystemName"`
	Principle     string `json:"principle"`
	PrincipleName string `json:"principleName"`
	Stage         string `json:"stage"`
	Note          string `json:"note"`
	Evidence      string `json:"evidence"`
	By            string `json:"by"`
	On            string `json:"on"`
}

// EvidenceMetric is a monitoring reading linked to the principle it evidences.
type EvidenceMetric struct {
	ID            string  `json:"id"`
	Title         string  `json:"title"`
	AISystem      string  `json:"aiSystem"`
	AISystemName  string  `json:"aiSystemName"`
	Principle     string  `json:"principle"`
	PrincipleName string  `json:"principleName"`
	MetricType    string  `json:"metricType"`
	Value         float64 `json:"value"`
	Threshold     float64 `json:"threshold"`
	Date          string  `json:"date"`
	Breach        bool    `json:"breach"`
}

// Principle is one principle with the gates that applied it and the metrics that evidence it.
type Principle struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Status string   `json:"status"`
	Owner  string   `json:"owner"`
	Stages []string `json:"stages"`
	// Applies is true for an approved principle: the gates of its stages weigh it.
	Applies bool             `json:"applies"`
	Weighed []Weighing       `json:"weighed"`
	Metrics []EvidenceMetric `json:"metrics"`
	// Gap says what is missing, in a few words, or is "": a principle that applies to
	// live systems needs a monitoring metric that evidences it.
	Gap string `json:"gap"`
}

// SystemPrinciples is one AI system with the principles weighed at its gates and the metrics that
// evidence them.
type SystemPrinciples struct {
	ID      string           `json:"id"`
	Name    string           `json:"name"`
	Stage   string           `json:"stage"`
	Weighed []Weighing       `json:"weighed"`
	Metrics []EvidenceMetric `json:"metrics"`
}

// Overview is the principles seen both ways: per principle and per AI system.
type Overview struct {
	Principles []Principle        `json:"principles"`
	Systems    []SystemPrinciples `json:"systems"`
}

// NoMetric is the gap of an approved principle that applies to a live stage, while a system
// is live, with no monitoring metric linked to it.
const NoMetric = "applies to live systems, but no monitoring metric evidences it"

func str(r ims.Record, f string) string { s, _ := r.Fields[f].(string); return s }

// Gather builds the view from the live records by kind (Kinds; others are ignored).
func Gather(recs map[string][]ims.Record) Overview {
	names := map[string]string{}
	for _, k := range Kinds {
		for _, r := range recs[k] {
			names[r.ID] = r.Title
		}
	}
	anyLive := slices.ContainsFunc(recs["ai_system"], func(s ims.Record) bool { return slices.Contains(ims.LiveStages, str(s, "stage")) })
	var weighed []Weighing
	for _, rv := range recs["principle_review"] {
		weighed = append(weighed, Weighing{Review: rv.ID, AISystem: str(rv, "ai_system"), AISystemName: names[str(rv, "ai_system")],
			Principle: str(rv, "principle"), PrincipleName: names[str(rv, "principle")], Stage: str(rv, "stage"),
			Note: str(rv, "note"), Evidence: str(rv, "evidence"), By: str(rv, "weighed_by"), On: str(rv, "weighed_on")})
	}
	slices.SortFunc(weighed, func(a, b Weighing) int {
		return cmp.Or(strings.Compare(a.AISystemName, b.AISystemName), cmp.Compare(ims.StageIndex(a.Stage), ims.StageIndex(b.Stage)),
			strings.Compare(a.PrincipleName, b.PrincipleName), strings.Compare(a.Review, b.Review))
	})
	var metrics []EvidenceMetric
	for _, m := range recs["monitoring_record"] {
		p := str(m, "principle")
		if p == "" {
			continue
		}
		v, _ := m.Fields["value"].(float64)
		th, _ := m.Fields["threshold"].(float64)
		metrics = append(metrics, EvidenceMetric{ID: m.ID, Title: m.Title, AISystem: str(m, "ai_system"), AISystemName: names[str(m, "ai_system")],
			Principle: p, PrincipleName: names[p], MetricType: str(m, "metric_type"), Value: v, Threshold: th, Date: str(m, "date"), Breach: risk.BreachOf(m)})
	}
	slices.SortFunc(metrics, func(a, b EvidenceMetric) int {
		return cmp.Or(strings.Compare(b.Date, a.Date), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	out := Overview{Principles: []Principle{}, Systems: []SystemPrinciples{}}
	for _, p := range recs["ai_principle"] {
		stages, _ := p.Fields["stages"].([]string)
		pr := Principle{ID: p.ID, Name: p.Title, Status: str(p, "status"), Owner: str(p, "owner"), Stages: append([]string{}, stages...),
			Applies: str(p, "status") == ims.PrincipleApproved, Weighed: pick(weighed, func(w Weighing) bool { return w.Principle == p.ID }),
			Metrics: pick(metrics, func(m EvidenceMetric) bool { return m.Principle == p.ID })}
		live := slices.ContainsFunc(pr.Stages, func(s string) bool { return slices.Contains(ims.LiveStages, s) })
		if pr.Applies && live && anyLive && len(pr.Metrics) == 0 {
			pr.Gap = NoMetric
		}
		out.Principles = append(out.Principles, pr)
	}
	slices.SortFunc(out.Principles, func(a, b Principle) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) })
	for _, s := range recs["ai_system"] {
		out.Systems = append(out.Systems, SystemPrinciples{ID: s.ID, Name: s.Title, Stage: str(s, "stage"),
			Weighed: pick(weighed, func(w Weighing) bool { return w.AISystem == s.ID }),
			Metrics: pick(metrics, func(m EvidenceMetric) bool { return m.AISystem == s.ID })})
	}
	slices.SortFunc(out.Systems, func(a, b SystemPrinciples) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return out
}

func pick[T any](l []T, keep func(T) bool) []T {
	out := []T{}
	for _, x := range l {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Gaps returns the principles with a gap.
func (v Overview) Gaps() []Principle {
	return pick(v.Principles, func(p Principle) bool { return p.Gap != "" })
}
