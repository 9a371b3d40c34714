package review

import (
	"fmt"
	"time"

	"keel/backend/risk"
)

// Letter is one input of clause 9.3.2 with the letter each standard gives it ("" where
// that standard does not list it on its own) and the section of the pack that reports it.
// The wording is Keel's own; the letters are the standards' numbering.
type Letter struct {
	Input    string `json:"input"`
	ISO27001 string `json:"iso27001"` // ISO/IEC 27001:2022 9.3.2
	ISO42001 string `json:"iso42001"` // ISO/IEC 42001:2023 9.3.2
	Section  string `json:"section"`
}

// Letters are the 9.3.2 inputs in the order of ISO/IEC 27001:2022, with 42001's letters
// beside them. ISO/IEC 27701 adds no inputs of its own: its 2019 edition applies 27001's
// clause 9.3 to the PIMS (5.7.3), so the 27001 letters are the 27701 letters too.
var Letters = []Letter{
	{"Status of actions from previous management reviews", "a", "a", "Previous reviews and their actions"},
	{"Changes in external and internal issues", "b", "b", "Context and interested parties"},
	{"Changes in the needs and expectations of interested parties", "c", "c", "Context and interested parties"},
	{"Trends in nonconformities and corrective actions", "d 1", "d", "Performance"},
	{"Trends in monitoring and measurement results", "d 2", "d", "Performance"},
	{"Trends in audit results", "d 3", "d", "Performance"},
	{"Fulfilment of objectives", "d 4", "d", "Objectives and measurements"},
	{"Feedback from interested parties", "e", "", "Feedback from interested parties"},
	{"Results of risk assessment and status of risk treatment", "f", "", "Risk"},
	{"AI system performance, changes, incidents and monitoring", "", "d", "AI systems"},
	{"Opportunities for continual improvement", "g", "e", "Opportunities for improvement"},
}

// Trend is a count per quarter of the period: nonconformities raised, audit findings,
// monitoring results past threshold.
type Trend struct {
	Measure string   `json:"measure"`
	Periods []string `json:"periods"` // "Q1 2026"…
	Counts  []int    `json:"counts"`
}

// quarters are the calendar quarters the period covers, oldest first: from its start to
// its end, or the four up to AsOf when it is open (at most twelve).
func (v *View) quarters() (labels []string, starts []string) {
	end, err := time.Parse("2006-01-02", firstOf(v.To, v.AsOf))
	if err != nil {
		return nil, nil
	}
	start, err := time.Parse("2006-01-02", v.From)
	if err != nil {
		start = end.AddDate(0, -9, 0)
	}
	q := time.Date(start.Year(), time.Month((int(start.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	for !q.After(end) && len(labels) < 12 {
		labels = append(labels, fmt.Sprintf("Q%d %d", (int(q.Month())-1)/3+1, q.Year()))
		starts = append(starts, q.Format("2006-01-02"))
		q = q.AddDate(0, 3, 0)
	}
	return labels, starts
}

func firstOf(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// Trends counts, per quarter of the period, the nonconformities raised, the audit
// findings graded as nonconformities, the audit findings of any grade, and the monitoring
// results past their thresholds: the trends 9.3.2 d asks top management to consider.
func (v *View) Trends() []Trend {
	labels, starts := v.quarters()
	if len(labels) == 0 {
		return []Trend{}
	}
	bucket := func(date string) int {
		d := Day(date)
		if d == "" || !v.InPeriod(d) {
			return -1
		}
		k := -1
		for i, s := range starts {
			if d >= s {
				k = i
			}
		}
		return k
	}
	count := func(measure string, dates []string) Trend {
		t := Trend{Measure: measure, Periods: labels, Counts: make([]int, len(labels))}
		for _, d := range dates {
			if k := bucket(d); k >= 0 {
				t.Counts[k]++
			}
		}
		return t
	}
	var ncs, findings, ncFindings, breaches []string
	for _, r := range v.Recs["nonconformity"] {
		ncs = append(ncs, r.CreatedAt)
	}
	for _, r := range v.Recs["finding"] {
		findings = append(findings, r.CreatedAt)
		if t := Text(r, "type"); t == "minor nonconformity" || t == "major nonconformity" {
			ncFindings = append(ncFindings, r.CreatedAt)
		}
	}
	for _, r := range v.Recs["monitoring_record"] {
		if risk.BreachOf(r) {
			breaches = append(breaches, Text(r, "date"))
		}
	}
	return []Trend{
		count("Nonconformities raised", ncs),
		count("Audit findings", findings),
		count("Audit findings graded nonconformities", ncFindings),
		count("Monitoring results past threshold", breaches),
	}
}
