package cli

import (
	"testing"

	"keel/backend/overview"
)

// `keel workspace list --format json` gives the overview's figures, sorted and filtered.
func TestWorkspaceListOverview(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "demo")
	var rows []overview.WorkspaceRow
	okJSON(t, dir, &rows, "workspace", "list", "--sort", "coverage", "--desc")
	if len(rows) != 2 || rows[0].Name != "Demo" || rows[1].Name != "Fenmore Credit" {
		t.Fatalf("rows = %+v", rows)
	}
	demo := rows[0].Figures
	if demo == nil || demo.Coverage <= rows[1].Figures.Coverage || len(demo.Readiness) != 4 || demo.LastChange == nil || demo.OpenNCs == 0 {
		t.Errorf("demo figures = %+v", demo)
	}
	if rows[0].Organisation != "Fenmore Credit Ltd" || rows[0].ID == "" || rows[0].Path == "" {
		t.Errorf("demo row = %+v", rows[0])
	}
	okJSON(t, dir, &rows, "workspace", "list", "--filter", "fenmore")
	if len(rows) != 2 {
		t.Errorf("filter on organisation: %d rows", len(rows))
	}
	okJSON(t, dir, &rows, "workspace", "list", "--filter", "nothing like it")
	if len(rows) != 0 {
		t.Errorf("filter: %+v", rows)
	}
}
