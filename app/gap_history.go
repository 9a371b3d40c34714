package app

import (
	"time"

	"keel/backend/gap"
	"keel/backend/ims"
)

// CoveragePoint is the 42001 coverage at one month end, as the records and statuses stood.
type CoveragePoint struct {
	Month      string  `json:"month"` // "2026-03"
	Date       string  `json:"date"`  // the day the figure is for: the month's last, or today
	Covered    int     `json:"covered"`
	Applicable int     `json:"applicable"`
	Percent    float64 `json:"percent"`
}

// recordsAt is what a store offers to read the records as they stood at past instants,
// from its op log (store.Store.RecordsAt).
type recordsAt interface {
	RecordsAt(times []time.Time, kinds []string, at func(i int, byKind map[string][]ims.Record) error) error
}

// historyMonths is how many month ends the coverage chart goes back.
const historyMonths = 12

// CoverageHistory returns the gap analysis's coverage at each month end of the last year,
// read from the op log, through today; months before the workspace's first record are left
// out.
func (a *App) CoverageHistory() ([]CoveragePoint, error) {
	s, st, _, err := a.catalogueAndWorkspace()
	if err != nil {
		return nil, err
	}
	rules, err := EvidenceRules()
	if err != nil {
		return nil, err
	}
	out := []CoveragePoint{}
	h, ok := st.(recordsAt)
	if !ok {
		return out, nil
	}
	now := time.Now().UTC()
	times := monthEnds(now, historyMonths)
	kinds := append(rules.Kinds(), StatusKind)
	err = h.RecordsAt(times, kinds, func(i int, byKind map[string][]ims.Record) error {
		if len(out) == 0 && len(byKind) == 0 {
			return nil
		}
		day := times[i].Format(time.DateOnly)
		an, err := gap.AnalyseWith(s, gapInputsFrom(rules, byKind, byKind[StatusKind], day))
		if err != nil {
			return err
		}
		all := an.Coverage.Totals[len(an.Coverage.Totals)-1]
		out = append(out, CoveragePoint{Month: times[i].Format("2006-01"), Date: day, Covered: all.Covered,
			Applicable: all.Total - all.NotApplicable, Percent: all.Percent})
		return nil
	})
	return out, err
}

// monthEnds returns the last instant of each of the n months up to now, oldest first; the
// current month's is now itself.
func monthEnds(now time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := n - 1; i >= 1; i-- {
		out = append(out, first.AddDate(0, -i+1, 0).Add(-time.Nanosecond))
	}
	return append(out, now)
}
