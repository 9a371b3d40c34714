package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
)

// The demo's calendar: Fenmore loaded its IMS into Keel in June 2025, and every record
// since carries the day it was written (ims.Backdated, through the ordinary write path),
// so the registers and packs can be read as they stood on any day of the last 18 months
// and the 2026 management review sees what changed in its period. The clock never runs
// backwards: a step written after a later one is stamped just after it.

// on is ctx back-dated to 09:00 UTC on date (YYYY-MM-DD).
func on(ctx context.Context, date string) context.Context {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic("demo: bad calendar date " + date)
	}
	return ims.Backdated(ctx, d.Add(9*time.Hour))
}

// history writes what changed between last year's review and this year's audits, each
// on its day: context issues that flared up and settled, risks re-scored after the
// November incident and again once treated, a year of monthly drift readings, and a
// nonconformity opened, worked and closed. Every record ends as the rest of the demo
// left it, so the registers of today are the same with or without the history.
func history(start context.Context, st ims.RecordService, actor ims.Actor) error {
	issue, err := titles(start, st, "context_issue")
	if err != nil {
		return err
	}
	risks, err := titles(start, st, "risk")
	if err != nil {
		return err
	}
	systems, err := titles(start, st, "ai_system")
	if err != nil {
		return err
	}
	update := func(date, kind, id string, fields map[string]any) error {
		if id == "" {
			return nil // not in this demo
		}
		if _, err := st.UpdateRecord(on(start, date), actor, kind, id, fields); err != nil {
			return fmt.Errorf("demo history %s %s: %w", date, kind, err)
		}
		return nil
	}
	// Each step sets fields to other values on one day and back to what the demo left
	// them on another: a change and its undoing, both in the history.
	steps := []struct {
		kind, id, from, to string
		away               map[string]any
	}{
		{"context_issue", issue["Rising cost of living increases arrears"], "2025-12-08", "2026-04-20", map[string]any{"status": "open"}},
		{"risk", risks["Population drift degrades credit decisions unnoticed"], "2025-12-15", "2026-03-09", map[string]any{"residual_likelihood": 4}},
		{"context_issue", issue["Reliance on a third-party credit model"], "2026-01-19", "2026-06-08", map[string]any{"status": "open"}},
		{"risk", risks["Vendor changes the credit model without notice"], "2026-02-02", "2026-07-13", map[string]any{"residual_likelihood": 4}},
		{"context_issue", issue["Public concern about bias in lending algorithms"], "2026-02-23", "2026-09-14", map[string]any{"effect": "both"}},
	}
	// Every change of the history, in calendar order.
	type change struct {
		date, kind, id string
		fields         map[string]any
	}
	var changes []change
	for _, s := range steps {
		if s.id == "" {
			continue
		}
		r, err := st.GetRecord(start, s.kind, s.id)
		if err != nil {
			return err
		}
		back := map[string]any{}
		for f := range s.away {
			back[f] = r.Fields[f]
		}
		changes = append(changes, change{s.from, s.kind, s.id, s.away}, change{s.to, s.kind, s.id, back})
	}
	// A year of monthly drift readings of the credit model, creeping up towards the
	// threshold the autumn readings reach.
	credit := systems["Credit-decision model v4"]
	months := []struct {
		date, label string
		psi         float64
	}{{"2025-12-31", "December 2025", 0.03}, {"2026-01-31", "January", 0.04}, {"2026-02-28", "February", 0.04},
		{"2026-03-31", "March", 0.05}, {"2026-04-30", "April", 0.05}, {"2026-05-31", "May", 0.06},
		{"2026-06-30", "June", 0.06}, {"2026-07-31", "July", 0.07}, {"2026-08-31", "August", 0.07}}
	// The nonconformity opened in January, worked on and closed in spring.
	nc := func(date string, fields map[string]any) change { return change{date, "nonconformity", "", fields} }
	ncSteps := []change{
		nc("2026-01-12", map[string]any{"title": "Decline letters sent without reason codes for two days", "source": "complaint",
			"severity": "minor", "lens": []string{"ai", "privacy"}, "requirement": "UK GDPR Art 22C",
			"description": "A template change dropped the model's reason codes from 143 decline letters (5–6 January).",
			"owner":       "Priya Raghunathan", "due_date": "2026-03-31", "status": "open"}),
		nc("2026-01-14", map[string]any{"status": "action planned", "correction": "The 143 applicants were sent their reasons and offered a review.",
			"root_cause": "Letter templates are released without a check of the decision fields."}),
		nc("2026-02-09", map[string]any{"status": "awaiting check", "corrective_action": "Template releases now run a test letter per decision type."}),
		nc("2026-03-30", map[string]any{"status": "closed", "effectiveness_check": "Two template releases since, both checked; no letter without reasons."}),
	}
	for _, m := range months {
		if credit == "" {
			break
		}
		changes = append(changes, change{m.date, "monitoring_record", "", map[string]any{"title": "Income stability, " + m.label, "ai_system": credit,
			"metric_type": "drift", "metric": "Population stability index, applicant income", "value": m.psi, "threshold": 0.25,
			"direction": ims.BreachAbove, "date": m.date, "measured_by": priya}})
	}
	changes = append(changes, ncSteps...)
	slices.SortStableFunc(changes, func(a, b change) int { return strings.Compare(a.date, b.date) })
	ncID := ""
	for _, c := range changes {
		switch {
		case c.id != "":
			if err := update(c.date, c.kind, c.id, c.fields); err != nil {
				return err
			}
		case c.kind == "nonconformity" && ncID != "":
			if err := update(c.date, c.kind, ncID, c.fields); err != nil {
				return err
			}
		default:
			r, err := st.CreateRecord(on(start, c.date), actor, c.kind, c.fields)
			if err != nil {
				return fmt.Errorf("demo history %s %s: %w", c.date, c.kind, err)
			}
			if c.kind == "nonconformity" {
				ncID = r.ID
			}
		}
	}
	return nil
}
