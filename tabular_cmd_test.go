package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// TestImportExportCommands drives runImport and runExport in-process against a fresh
// data folder: good file in, export out (CSV and XLSX), bad file refused with nothing
// written.
func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	ws := store.Workspaces{Root: dir}
	if _, err := ws.Create("Fenmore"); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetIdentity(ims.Actor{Name: "Zoë Łukasiewicz"}); err != nil {
		t.Fatal(err)
	}
	g := globals{data: dir, format: "text"}
	good := filepath.Join(dir, "actions.csv")
	os.WriteFile(good, []byte("title,owner,status,due_date\nRenew DPA,José Núñez,open,2026-12-01\nBias test,Priya Raghunathan,done,\n"), 0o600)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,owner,status,due_date\nX,José Núñez,open,31/02/2026\n"), 0o600)

	tests := []struct {
		name    string
		run     func() error
		wantErr string
	}{
		{"import", func() error { return runImport(g, []string{"action", good}) }, ""},
		{"bad file", func() error { return runImport(g, []string{"action", bad}) }, "nothing imported into actions: 1 problem"},
		{"unknown kind", func() error { return runImport(g, []string{"widget", good}) }, `unknown record kind "widget"`},
		{"usage", func() error { return runImport(g, []string{"action"}) }, "import KIND FILE"},
		{"export csv", func() error { return runExport(g, []string{"action", "--out", filepath.Join(dir, "out.csv")}) }, ""},
		{"export xlsx", func() error { return runExport(g, []string{"action", "--out=" + filepath.Join(dir, "out.xlsx")}) }, ""},
		{"xlsx needs a file", func() error { return runExport(globals{data: dir, format: "xlsx"}, []string{"action"}) }, "needs --out"},
		{"re-import the xlsx export", func() error { return runImport(g, []string{"action", filepath.Join(dir, "out.xlsx")}) }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(ims.ErrorMessageOr(err), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
	b, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	if err != nil || strings.Count(string(b), "\n") != 3 || !strings.Contains(string(b), "José Núñez") {
		t.Errorf("out.csv = %q, %v", b, err)
	}
	// 2 imported, 2 more from the XLSX round trip; the bad file added none.
	sess, _ := newSession(g, "cli")
	defer sess.Close()
	if _, err := sess.OpenByName("Fenmore"); err != nil {
		t.Fatal(err)
	}
	res, err := sess.App().ListRecords(ims.ListQuery{Kind: "action"})
	if err != nil || res.Total != 4 {
		t.Errorf("%d actions, %v; want 4", res.Total, err)
	}
}
