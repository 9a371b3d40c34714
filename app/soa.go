package app

import (
	"keel/backend/soa"
	"keel/reports"
)

// SoAWarnings lists the Statement of Applicability's warnings for the open workspace: each
// excluded control a risk treatment cites or another record contradicts (the same list the
// SoA pack prints in its notes). Never null.
func (a *App) SoAWarnings() ([]soa.ExclusionWarning, error) {
	p, err := reports.Lookup(string(reports.KindSoA))
	if err != nil {
		return nil, err
	}
	snap, err := a.packSnapshot(p, "")
	if err != nil {
		return nil, err
	}
	w, err := reports.SoAWarnings(snap, nil)
	if w == nil {
		w = []soa.ExclusionWarning{}
	}
	return w, err
}
