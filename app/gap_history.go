package app

import (
	"fmt"
	"maps"
	"slices"
	"sync"
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

// pastRecords is what a store offers to read the records as they stood at past instants,
// from its op log (store.Store.RecordsAt).
type pastRecords interface {
	RecordsAt(times []time.Time, kinds []string, at func(i int, byKind map[string][]ims.Record) error) error
}

// historyMonths is how many month ends the coverage chart goes back.
const historyMonths = 12

// CoverageHistory returns the gap analysis's coverage at each past month end of the last
// year, read from the op log; months before the workspace's first record are left out.
// Today's figure is GapAnalysis's (the gap screen draws it as the last point). The month
// ends are worked out once per open workspace and kept until ops from another device
// arrive: a local change is always later than the last month end.
func (a *App) CoverageHistory() ([]CoveragePoint, error) {
	s, st, _, err := a.catalogueAndWorkspace()
	if err != nil {
		return nil, err
	}
	rules, err := EvidenceRules()
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	past := []CoveragePoint{}
	if h, ok := st.(pastRecords); ok {
		times := monthEnds(now, historyMonths)
		times = times[:len(times)-1]
		key := historyKey(st, times[len(times)-1])
		if c, ok := coverageCache.Load(key); ok {
			past = c.([]CoveragePoint)
		} else {
			kinds := append(rules.Kinds(), StatusKind)
			err = h.RecordsAt(times, kinds, func(i int, byKind map[string][]ims.Record) error {
				if len(past) == 0 && len(byKind) == 0 {
					return nil
				}
				day := times[i].Format(time.DateOnly)
				an, err := gap.AnalyseWith(s, gapInputsFrom(rules, byKind, byKind[StatusKind], day))
				if err != nil {
					return err
				}
				past = append(past, pointOf(times[i], an))
				return nil
			})
			if err != nil {
				return nil, err
			}
			coverageCache.Store(key, past)
		}
	}
	return slices.Clone(past), nil
}

func pointOf(at time.Time, an gap.Analysis) CoveragePoint {
	all := an.Coverage.Totals[len(an.Coverage.Totals)-1]
	return CoveragePoint{Month: at.Format("2006-01"), Date: at.Format(time.DateOnly), Covered: all.Covered,
		Applicable: all.Total - all.NotApplicable, Percent: all.Percent}
}

// coverageCache keeps the past month ends of CoverageHistory, by historyKey.
var coverageCache sync.Map

// historyKey names an open store, the last month end and what it holds from other devices.
func historyKey(st any, last time.Time) string {
	key := fmt.Sprintf("%p/%d", st, last.Unix())
	if v, ok := st.(interface {
		VersionVector() map[string]uint64
		Replica() string
	}); ok {
		vv := v.VersionVector()
		reps := slices.Sorted(maps.Keys(vv))
		for _, r := range reps {
			if r != v.Replica() {
				key += fmt.Sprintf("/%s:%d", r, vv[r])
			}
		}
	}
	return key
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
