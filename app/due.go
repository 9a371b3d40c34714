package app

import (
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
)

// OpenIncident is an incident that is neither resolved nor closed, with its 72-hour clock when it is a
// personal-data breach.
type OpenIncident struct {
	ID       string           `json:"id"`
	Title    string           `json:"title"`
	Type     string           `json:"type"`
	Severity string           `json:"severity"`
	Status   string           `json:"status"`
	Clock    *ims.BreachClock `json:"clock,omitempty"`
}

// DueSummary is what the home dashboard shows: due and overdue items across every
// register, and the open incidents with their breach clocks.
type DueSummary struct {
	Today     string         `json:"today"`
	Now       string         `json:"now"`
	Overdue   []ims.DueItem  `json:"overdue"`
	DueSoon   []ims.DueItem  `json:"dueThisMonth"`
	Incidents []OpenIncident `json:"incidents"`
}

// Due returns the dashboard's due and overdue items relative to today ("YYYY-MM-DD";
// empty means today on this device) and the open incidents, breaches first.
func (a *App) Due(today string) (DueSummary, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return DueSummary{}, err
	}
	now := time.Now()
	day := now
	if today != "" {
		if day, err = time.Parse(time.DateOnly, today); err != nil {
			return DueSummary{}, ims.FieldErrorf("today", "%q is not a date; use YYYY-MM-DD", today)
		}
	}
	out := DueSummary{Today: day.Format(time.DateOnly), Now: now.UTC().Format(time.RFC3339),
		Overdue: []ims.DueItem{}, DueSoon: []ims.DueItem{}, Incidents: []OpenIncident{}}
	for _, k := range ims.Kinds() {
		hasDue := slices.ContainsFunc(k.Fields, func(f ims.Field) bool { return f.Due })
		if !hasDue && k.Name != "incident" {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k.Name})
		if err != nil {
			return DueSummary{}, err
		}
		for _, r := range res.Records {
			for _, it := range ims.DueItems(&k, r, day) {
				if it.State == ims.Overdue {
					out.Overdue = append(out.Overdue, it)
				} else {
					out.DueSoon = append(out.DueSoon, it)
				}
			}
			if k.Name == "incident" && ims.IncidentOpen(r) {
				oi := OpenIncident{ID: r.ID, Title: r.Title, Type: str(r.Fields["type"]), Severity: str(r.Fields["severity"]), Status: str(r.Fields["status"])}
				if c, ok := ims.BreachClockOf(r, now); ok {
					oi.Clock = &c
				}
				out.Incidents = append(out.Incidents, oi)
			}
		}
	}
	slices.SortStableFunc(out.Overdue, func(a, b ims.DueItem) int { return strings.Compare(a.Date, b.Date) })
	slices.SortStableFunc(out.DueSoon, func(a, b ims.DueItem) int { return strings.Compare(a.Date, b.Date) })
	slices.SortStableFunc(out.Incidents, func(a, b OpenIncident) int {
		switch {
		case a.Clock != nil && b.Clock == nil:
			return -1
		case a.Clock == nil && b.Clock != nil:
			return 1
		}
		return 0
	})
	return out, nil
}

func str(v any) string { s, _ := v.(string); return s }

// RecentChanges returns the latest changes in the workspace for the dashboard, newest first.
func (a *App) RecentChanges(limit int) ([]ims.Change, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	return st.RecentChanges(bg, limit)
}
