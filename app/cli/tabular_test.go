package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
)

// cliWorkspace makes a data folder with the workspace "Fenmore" and an identity, and the
// command-line env that uses it.
func cliWorkspace(t *testing.T) (string, *env) {
	return dataFolder(t, "Fenmore", ims.Actor{Name: "Zoë Łukasiewicz"})
}

// cli runs the command line in-process on the data folder dir.
func cli(t *testing.T, dir string, args ...string) error {
	t.Helper()
	_, err := inProcess(t, append([]string{"--data", dir}, args...)...)
	return err
}

// TestImportExportCommands drives `keel import` and `keel export` in-process against a fresh
// data folder: good file in, export out (CSV and XLSX), bad file refused with nothing
// written.
func TestImportExportCommands(t *testing.T) {
	dir, e := cliWorkspace(t)
	good := filepath.Join(dir, "actions.csv")
	os.WriteFile(good, []byte("title,owner,status,due_date\nRenew DPA,José Núñez,open,2026-12-01\nBias test,Priya Raghunathan,done,\n"), 0o600)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("title,owner,status,due_date\nX,José Núñez,open,31/02/2026\n"), 0o600)

	tests := []struct {
		name    string
		run     func() error
		wantErr string
	}{
		{"import", func() error { return cli(t, dir, "import", "action", good) }, ""},
		{"bad file", func() error { return cli(t, dir, "import", "action", bad) }, "nothing imported into actions: 1 problem"},
		{"unknown kind", func() error { return cli(t, dir, "import", "widget", good) }, `unknown record kind "widget"`},
		{"usage", func() error { return cli(t, dir, "import", "action") }, "import KIND FILE"},
		{"export csv", func() error { return cli(t, dir, "export", "action", "--out", filepath.Join(dir, "out.csv")) }, ""},
		{"export xlsx", func() error { return cli(t, dir, "export", "action", "--out="+filepath.Join(dir, "out.xlsx")) }, ""},
		{"xlsx needs a file", func() error { return cli(t, dir, "--format", "xlsx", "export", "action") }, "needs --out"},
		{"re-import the xlsx export", func() error { return cli(t, dir, "import", "action", filepath.Join(dir, "out.xlsx")) }, ""},
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
	// 2 imported; the XLSX round trip named them by id and changed nothing; the bad file
	// added none.
	sess, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	res, err := sess.App().ListRecords(ims.ListQuery{Kind: "action"})
	if err != nil || res.Total != 2 {
		t.Errorf("%d actions, %v; want 2", res.Total, err)
	}
}

// TestImportFindingsRaisesNonconformity: `keel import` sets in motion what saving in the
// app does: a finding graded a nonconformity raises one.
func TestImportFindingsRaisesNonconformity(t *testing.T) {
	dir, e := cliWorkspace(t)
	sess, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	audit, err := sess.App().CreateRecord("audit", map[string]any{"title": "Access control", "standards": []string{"ISO/IEC 27001"},
		"lead_auditor": "José Núñez", "status": "reported"})
	sess.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "findings.csv")
	os.WriteFile(file, []byte("title,audit,type,ref\nQ2 access review missing,"+audit.ID+",major nonconformity,iso27001-2022:A.5.18\n"), 0o600)
	if err := cli(t, dir, "import", "finding", file); err != nil {
		t.Fatal(err)
	}
	if sess, err = e.open(); err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	res, err := sess.App().ListRecords(ims.ListQuery{Kind: "nonconformity"})
	if err != nil || res.Total != 1 || res.Records[0].Fields["severity"] != "major" || res.Records[0].Fields["owner"] != "José Núñez" {
		t.Fatalf("nonconformities after import: %+v, %v", res.Records, err)
	}
}
