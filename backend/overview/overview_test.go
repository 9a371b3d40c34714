package overview

import (
	"testing"
	"time"

	"keel/backend/gap"
	"keel/backend/ims"
)

func rec(fields map[string]any) ims.Record { return ims.Record{ID: "x", Fields: fields} }

func TestComputeCountsAndDates(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	records := map[string][]ims.Record{
		"nonconformity": {rec(map[string]any{"status": "open"}), rec(map[string]any{"status": "closed"}),
			{ID: "d", Deleted: true, Fields: map[string]any{"status": "open"}}},
		"incident": {rec(map[string]any{"status": "contained"}), rec(map[string]any{"status": "closed"})},
		"management_review": {rec(map[string]any{"meeting_date": "2026-09-01", "status": "planned"}),
			rec(map[string]any{"meeting_date": "2026-07-01", "status": "held"}),
			rec(map[string]any{"meeting_date": "2026-01-01", "status": "planned"})},
		"audit": {rec(map[string]any{"planned_start": "2026-08-10", "status": "planned"}),
			rec(map[string]any{"planned_start": "2026-06-20", "status": "in progress"})},
	}
	an := gap.Analysis{Coverage: gap.CoverageReport{Totals: []gap.Coverage{{Group: "clauses", Percent: 10}, {Group: "all", Percent: 42.5}}}}
	last := &ims.Change{At: "2026-06-14T10:00:00Z", Actor: ims.Actor{Name: "Bea"}}
	f := Compute(an, []gap.ReadinessProof{{Number: 1, Title: "One", Percent: 50, Complete: false}}, records, last, today)
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"coverage", f.Coverage, 42.5},
		{"open NCs", f.OpenNCs, 1},
		{"open incidents", f.OpenIncidents, 1},
		{"next review (planned, not past)", f.NextReview, "2026-09-01"},
		{"next audit", f.NextAudit, "2026-06-20"},
		{"overdue (the review planned in January)", f.Overdue, 1},
		{"last change", *f.LastChange, LastChange{Who: "Bea", At: "2026-06-14T10:00:00Z"}},
		{"proofs", len(f.Readiness), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestSortAndFilter(t *testing.T) {
	row := func(name string, cov float64) WorkspaceRow {
		r := WorkspaceRow{WorkspaceInfo: ims.WorkspaceInfo{Name: name}, Organisation: name + " Ltd"}
		if cov >= 0 {
			r.Figures = &Figures{Coverage: cov}
		}
		return r
	}
	for _, c := range []struct {
		key  string
		desc bool
		want string
	}{
		{"name", false, "a b busy c"},
		{"name", true, "c busy b a"},
		{"coverage", false, "c a b busy"},
		{"coverage", true, "b a c busy"},
		{"nonsense", false, "a b busy c"},
	} {
		rows := []WorkspaceRow{row("b", 80), row("busy", -1), row("a", 50), row("c", 10)}
		Sort(rows, c.key, c.desc)
		got := ""
		for i, r := range rows {
			if i > 0 {
				got += " "
			}
			got += r.Name
		}
		if got != c.want {
			t.Errorf("sort %s desc=%v: %s, want %s", c.key, c.desc, got, c.want)
		}
	}
	if got := Filter([]WorkspaceRow{row("Acme", 1), row("Fenmore", 1)}, " FEN "); len(got) != 1 || got[0].Name != "Fenmore" {
		t.Errorf("filter = %+v", got)
	}
}
