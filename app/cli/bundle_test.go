package cli

import (
	"archive/zip"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/bundle"
	"keel/backend/ims"
	"keel/backend/workspace"
)

// From the demo workspace: export a bundle, verify it (Keel and the binary's exit codes),
// write the auditor's response in another data folder, import it in the client: the major
// nonconformity becomes a nonconformity with the auditor's words and fingerprint; the
// same response again, an altered one, and one for another bundle are refused.
func TestCLIBundleEndToEnd(t *testing.T) {
	client := t.TempDir()
	ok(t, client, "identity", "set", "Ada Lovelace", "ada@example.com", "ISMS manager")
	ok(t, client, "demo", "Fenmore")
	// One evidence file on a policy, through the app as the window attaches it.
	var policies ims.ListResult
	okJSON(t, client, &policies, "records", "list", "policy")
	ws := workspace.Workspaces{Root: client}
	sess := app.NewSession("1.2.3-test", "cli", ws, StoreOpener(ws, 10, 0), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := sess.OpenByName("Fenmore"); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.App().AttachFile("policy", policies.Records[0].ID, "access review.pdf",
		base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 access review Q3\n"))); err != nil {
		t.Fatal(err)
	}
	sess.Close()

	out := filepath.Join(t.TempDir(), "fenmore.zip")
	var exp app.BundleExport
	okJSON(t, client, &exp, "bundle", "export", "--out", out)
	var key app.BundleKeyInfo
	okJSON(t, client, &key, "bundle", "key")
	if exp.Fingerprint != key.Fingerprint || !strings.HasPrefix(key.Fingerprint, "SHA256:") {
		t.Fatalf("export signed by %q, key %q", exp.Fingerprint, key.Fingerprint)
	}
	// The workspace keeps its key: a second export is signed by the same one.
	if fi, err := os.Stat(filepath.Join(workspaceDir(t, client), bundle.KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("bundle key file: %v %v", fi, err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	var packs, evidence int
	for _, f := range zr.File {
		packs += btoi(strings.HasPrefix(f.Name, "packs/") && strings.HasSuffix(f.Name, ".pdf"))
		evidence += btoi(strings.HasPrefix(f.Name, "evidence/"))
	}
	zr.Close()
	if packs < 4 || evidence != 1 {
		t.Errorf("the demo's bundle has %d packs and %d evidence files", packs, evidence)
	}

	// Verify with the headless binary: exit 0 and one line; another key fails with exit 1.
	r := keelProcess(t, t.TempDir(), "bundle", "verify", out, "--expect-key", key.Fingerprint)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "OK: ") || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, key.Fingerprint) {
		t.Errorf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = keelProcess(t, t.TempDir(), "bundle", "verify", out, "--expect-key", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "FAILED") || !strings.Contains(r.stdout, "not by the expected key") {
		t.Errorf("verify with another key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The auditor, on another device, answers.
	auditor := t.TempDir()
	resp := filepath.Join(t.TempDir(), "response.json")
	var written app.BundleResponseFile
	okJSON(t, auditor, &written, "bundle", "response", "write", out, "--out", resp, "--auditor", "Margaret Hamilton",
		"--organisation", "Certify & Co", "--notes", "Sampled the access reviews.",
		"--finding", "major nonconformity|iso27001-2022:A.5.18|Access rights were not reviewed for a year.|"+policies.Records[0].ID,
		"--finding", "observation||The policy set is clear.")
	if written.ManifestHash != exp.ManifestHash || written.Findings != 2 {
		t.Fatalf("response %+v, bundle manifest %s", written, exp.ManifestHash)
	}
	if _, err := os.Stat(filepath.Join(auditor, app.AuditorKeyFile)); err != nil {
		t.Errorf("the auditor's key was not kept: %v", err)
	}

	var before ims.ListResult
	okJSON(t, client, &before, "records", "list", "nonconformity")
	var imp bundle.ResponseImport
	okJSON(t, client, &imp, "bundle", "response", "import", resp)
	if len(imp.Findings) != 2 || len(imp.Nonconformity) != 1 || imp.Fingerprint != written.Fingerprint {
		t.Fatalf("import %+v", imp)
	}
	var nc ims.Record
	okJSON(t, client, &nc, "records", "get", "nonconformity", imp.Nonconformity[0])
	desc, _ := nc.Fields["description"].(string)
	if nc.Fields["source"] != "external audit" || nc.Fields["severity"] != "major" || !strings.Contains(desc, "not reviewed for a year") || !strings.Contains(desc, written.Fingerprint) {
		t.Errorf("the nonconformity raised: %+v", nc.Fields)
	}
	var after ims.ListResult
	okJSON(t, client, &after, "records", "list", "nonconformity")
	if after.Total != before.Total+1 {
		t.Errorf("nonconformities %d → %d", before.Total, after.Total)
	}

	// Refused: the same response twice, an altered one, one for another bundle.
	if r := keel(t, client, "bundle", "response", "import", resp); r.code != 1 || !strings.Contains(r.stderr, "imported already") {
		t.Errorf("import twice: exit %d %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(resp)
	altered := filepath.Join(t.TempDir(), "altered.json")
	os.WriteFile(altered, []byte(strings.Replace(string(b), "major nonconformity", "minor nonconformity", 1)), 0o644)
	if r := keel(t, client, "bundle", "response", "import", altered); r.code != 1 || !strings.Contains(r.stderr, "altered") {
		t.Errorf("import altered: exit %d %s", r.code, r.stderr)
	}
	other := prepared(t)
	otherOut := filepath.Join(t.TempDir(), "other.zip")
	ok(t, other, "bundle", "export", "--out", otherOut, "--registers", "policy")
	otherResp := filepath.Join(t.TempDir(), "other.json")
	ok(t, auditor, "bundle", "response", "write", otherOut, "--out", otherResp, "--auditor", "Margaret Hamilton",
		"--finding", "conformity||Fine.")
	if r := keel(t, client, "bundle", "response", "import", otherResp); r.code != 1 || !strings.Contains(r.stderr, "another bundle") {
		t.Errorf("import a response to another bundle: exit %d %s", r.code, r.stderr)
	}
	var final ims.ListResult
	okJSON(t, client, &final, "records", "list", "finding")
	var findings int
	for _, f := range final.Records {
		if f.Fields["audit"] == imp.Audit {
			findings++
		}
	}
	if findings != 2 {
		t.Errorf("the refused imports wrote findings: %d under the audit", findings)
	}
}

// The standard tools agree with Keel on a bundle the command line wrote.
func TestCLIBundleChecksWithoutKeel(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "policy", "title=Access policy", "owner=Ada Lovelace", "status=approved")
	out := filepath.Join(t.TempDir(), "b.zip")
	ok(t, dir, "bundle", "export", "--out", out, "--registers", "policy,audit")
	var key app.BundleKeyInfo
	okJSON(t, dir, &key, "bundle", "key")
	pub, err := bundle.ParseAuthorizedKey(key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	b, _ := os.ReadFile(out)
	os.WriteFile(filepath.Join(work, "BUNDLE.zip"), b, 0o644)
	cmd := exec.Command("bash", "-o", "pipefail", "-c", strings.Join(bundle.OutsideCommands("BUNDLE.zip", pub), " && "))
	cmd.Dir = work
	if res, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(res), `Good "keel-bundle" signature`) {
		t.Fatalf("the standard tools: %v\n%s", err, res)
	}
	// --format json gives the report; a missing file is a usage error.
	var rep bundle.Report
	okJSON(t, dir, &rep, "bundle", "verify", out)
	if !rep.OK || rep.Fingerprint != key.Fingerprint {
		t.Errorf("report %+v", rep)
	}
	raw, _ := json.Marshal(rep.Manifest.Scope)
	if !strings.Contains(string(raw), `"registers":["audit","policy"]`) {
		t.Errorf("scope %s", raw)
	}
	if r := keel(t, dir, "bundle", "verify", filepath.Join(work, "nope.zip")); r.code == 0 {
		t.Error("verify of a missing file exited 0")
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
