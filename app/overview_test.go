package app_test

import (
	"testing"

	"keel/app"
	"keel/backend/oplog"
	"keel/backend/overview"
	"keel/backend/store"
)

// The overview reads every workspace: the open demo with the gap screen's figures, an
// empty one opened and closed for the read, and one another Keel holds shown as busy.
func TestOverview(t *testing.T) {
	e := readyDemo(t)
	empty, err := e.ws.Create("Acme Empty")
	if err != nil {
		t.Fatal(err)
	}
	held, err := e.ws.Create("Held Elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(e.ws.DBDir(held.ID), oplog.NewEngine(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	rows, err := e.app.Overview(app.OverviewQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Name != "Acme Empty" || rows[1].Name != "Fenmore Credit" || rows[2].Name != "Held Elsewhere" {
		t.Fatalf("rows = %+v", rows)
	}
	demo := rows[1]
	an, err := e.app.GapAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	proofs, err := e.app.Readiness()
	if err != nil {
		t.Fatal(err)
	}
	f := demo.Figures
	if demo.State != overview.StateOK || f == nil {
		t.Fatalf("demo row = %+v", demo)
	}
	if f.Coverage != an.Coverage.Totals[len(an.Coverage.Totals)-1].Percent || f.Coverage == 0 {
		t.Errorf("coverage %v, the gap screen says %+v", f.Coverage, an.Coverage.Totals)
	}
	if len(f.Readiness) != 4 || f.Readiness[0].Percent != proofs[0].Percent || f.Readiness[3].Complete != proofs[3].Complete {
		t.Errorf("readiness %+v, the gap screen says %+v", f.Readiness, proofs)
	}
	due, err := e.app.Due("")
	if err != nil {
		t.Fatal(err)
	}
	if f.Overdue != len(due.Overdue) {
		t.Errorf("overdue %d, the dashboard says %d", f.Overdue, len(due.Overdue))
	}
	if f.LastChange == nil || f.LastChange.Who != "Ada Lovelace" || demo.Organisation == "" {
		t.Errorf("last change %+v, organisation %q", f.LastChange, demo.Organisation)
	}
	if rows[0].State != overview.StateOK || rows[0].Figures == nil || rows[0].Figures.OpenNCs != 0 || rows[0].Figures.LastChange != nil {
		t.Errorf("empty row = %+v", rows[0])
	}
	if rows[2].State != overview.StateBusy || rows[2].Figures != nil {
		t.Errorf("held row = %+v", rows[2])
	}
	// Reading did not leave the empty workspace open: it opens now.
	if _, err := e.app.OpenWorkspace(empty.ID); err != nil {
		t.Errorf("open after the overview: %v", err)
	}
	if cur := e.app.CurrentWorkspace(); cur == nil || cur.ID != empty.ID {
		t.Errorf("current = %+v", cur)
	}
	// Filter and sort.
	rows, err = e.app.Overview(app.OverviewQuery{Filter: "fenmore"})
	if err != nil || len(rows) != 1 || rows[0].Name != "Fenmore Credit" {
		t.Errorf("filtered: %+v %v", rows, err)
	}
	rows, err = e.app.Overview(app.OverviewQuery{Sort: "coverage", Desc: true})
	if err != nil || len(rows) != 3 || rows[0].Name != "Fenmore Credit" || rows[2].State != overview.StateBusy {
		t.Errorf("sorted by coverage: %+v %v", rows, err)
	}
}
