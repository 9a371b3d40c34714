package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/overview"
)

// keel template save from the demo, a new client from it, both in the overview; a damaged
// template file is refused and nothing changes.
func TestTemplateCommands(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "demo")
	out := ok(t, dir, "template", "save", "Lender", "--from", "Demo", "--registers", "policy, role,objective,measurement")
	if !strings.Contains(out, `saved template "Lender"`) || !strings.Contains(out, "policy ") {
		t.Fatalf("save printed %q", out)
	}
	if out := ok(t, dir, "template", "list"); !strings.Contains(out, "Lender") || !strings.Contains(out, "from Demo") {
		t.Errorf("list printed %q", out)
	}
	file := filepath.Join(t.TempDir(), "lender.keeltemplate")
	ok(t, dir, "template", "export", "Lender", "--out", file)
	if out := ok(t, dir, "workspace", "create", "Client B", "--template", "Lender"); !strings.Contains(out, `created workspace "Client B"`) {
		t.Errorf("create printed %q", out)
	}
	var rows []overview.WorkspaceRow
	okJSON(t, dir, &rows, "workspace", "list")
	if len(rows) != 3 || rows[0].Name != "Client B" || rows[0].Figures == nil || rows[0].Figures.LastChange == nil {
		t.Fatalf("overview %+v", rows)
	}
	if out := ok(t, dir, "--workspace", "Fenmore Credit", "template", "apply", "Lender"); !strings.Contains(out, "would add") {
		t.Errorf("apply without --yes printed %q", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.keeltemplate")
	b, _ := os.ReadFile(file)
	os.WriteFile(bad, b[:len(b)/2], 0o600)
	if r := keel(t, dir, "template", "import", bad); r.code == 0 || !strings.Contains(r.stderr, "not a Keel template") {
		t.Errorf("damaged import: exit %d, %q", r.code, r.stderr)
	}
	if r := keel(t, dir, "workspace", "create", "Client C", "--template", "Nope"); r.code == 0 {
		t.Errorf("unknown template: exit %d", r.code)
	}
	okJSON(t, dir, &rows, "workspace", "list")
	if len(rows) != 3 {
		t.Errorf("bad input made a workspace: %d", len(rows))
	}
}
