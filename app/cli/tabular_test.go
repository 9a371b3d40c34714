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

// TestImportSetCommand: `keel import FILE...` brings registers that link each other in
// together: an AI system live on the impact assessment that assesses it.
func TestImportSetCommand(t *testing.T) {
	dir, e := cliWorkspace(t)
	sys, ia, risk := "6a1d1bd4-1111-4111-8111-111111111111", "6a1d1bd4-2222-4222-8222-222222222222", "6a1d1bd4-3333-4333-8333-333333333333"
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := []string{
		write("ai_system.csv", "id,name,provenance,stage,risks,impact_assessment,gate_approved_by,gate_approved_on\n"+
			sys+",Scorer,internal,deployment,"+risk+","+ia+",Zoë,2026-11-26\n"),
		write("impact_assessment.csv", "id,title,ai_system,version,status,approved_by,approved_on\n"+
			ia+",Scorer assessment,"+sys+",1,approved,Zoë,2026-11-20\n"),
		write("risk.csv", "id,title,lens,inherent_likelihood,inherent_impact,owner,ai_systems\n"+risk+",Drift,ai,2,2,Zoë,"+sys+"\n"),
	}
	out, err := inProcess(t, append([]string{"--data", dir, "import"}, files...)...)
	if err != nil || !strings.Contains(out, "imported 1 ai systems from") || !strings.Contains(out, "imported 1 risks from") {
		t.Fatalf("import = %q, %v", out, err)
	}
	sess, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if r, err := sess.App().GetRecord("ai_system", sys); err != nil || r.Fields["stage"] != "deployment" {
		t.Errorf("AI system %+v, %v", r, err)
	}
	if err := cli(t, dir, "import", write("widget.csv", "id\n")); err == nil || !strings.Contains(err.Error(), "name each file after its register") {
		t.Errorf("a file not named after a register: %v", err)
	}
}

// TestImportDateFormat: a file whose dates cannot tell their order is refused, naming the
// cell, until --date-format says it.
func TestImportDateFormat(t *testing.T) {
	dir, e := cliWorkspace(t)
	f := filepath.Join(dir, "dates.csv")
	os.WriteFile(f, []byte("title,owner,status,due_date\nRenew DPA,Zoë,open,03/04/2026\n"), 0o600)
	if err := cli(t, dir, "import", "action", f); err == nil || !strings.Contains(err.Error(), "nothing imported into actions") {
		t.Fatalf("ambiguous dates: %v", err)
	}
	if err := cli(t, dir, "import", "action", f, "--date-format", "ydm"); err == nil || !strings.Contains(err.Error(), "unknown date format") {
		t.Fatalf("--date-format ydm: %v", err)
	}
	if err := cli(t, dir, "import", "--date-format=dmy", "action", f); err != nil {
		t.Fatal(err)
	}
	sess, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	res, _ := sess.App().ListRecords(ims.ListQuery{Kind: "action"})
	if len(res.Records) != 1 || res.Records[0].Fields["due_date"] != "2026-04-03" {
		t.Errorf("records %+v", res.Records)
	}
}
