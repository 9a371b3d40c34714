package cli

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/sync"
)

// workspaceDir is the one workspace folder of a data folder made by prepared.
func workspaceDir(t *testing.T, data string) string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(data, "workspaces", "*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("workspaces in %s: %v (%v)", data, dirs, err)
	}
	return dirs[0]
}

// joinAs gives device b the workspace id and key of a, as an invite will; b keeps its own
// device key.
func joinAs(t *testing.T, a, b string) {
	t.Helper()
	from, err := sync.LoadConfig(workspaceDir(t, a))
	if err != nil || from == nil {
		t.Fatalf("a's sync settings: %v, %v", from, err)
	}
	to, err := sync.NewConfig()
	if err != nil {
		t.Fatal(err)
	}
	to.SyncID, to.Key = from.SyncID, from.Key
	if err := to.Save(workspaceDir(t, b)); err != nil {
		t.Fatal(err)
	}
}

// Two devices (separate data folders) sync one workspace through one folder with the
// command line: what one writes the other receives, both ways; the folder holds no key and
// no database; a folder inside the data folder is refused.
func TestCLISyncTwoDevices(t *testing.T) {
	a, b := prepared(t), prepared(t)
	folder := t.TempDir()
	var rec ims.Record
	okJSON(t, a, &rec, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	if out := ok(t, a, "sync", "--folder", folder); out != "sent: 3 changes (1 files)\nreceived: 0 changes\n" {
		t.Errorf("a's first round printed %q", out)
	}
	joinAs(t, a, b)
	if out := ok(t, b, "sync", "--folder", folder); out != "sent: 0 changes (0 files)\nreceived: 3 changes\n" {
		t.Errorf("b's first round printed %q", out)
	}
	var got ims.Record
	okJSON(t, b, &got, "records", "get", "context_issue", rec.ID)
	if got.Title != "Supplier churn" {
		t.Fatalf("b has %+v", got)
	}
	ok(t, b, "records", "update", "context_issue", rec.ID, "status=open")
	var rep app.SyncReport
	okJSON(t, b, &rep, "sync") // the folder used last
	if rep.Sent != 1 || rep.Received != 0 || len(rep.Refused) != 0 {
		t.Errorf("b's second round: %+v", rep)
	}
	if out := ok(t, a, "sync"); !strings.Contains(out, "received: 1 changes") {
		t.Errorf("a's second round printed %q", out)
	}
	okJSON(t, a, &got, "records", "get", "context_issue", rec.ID)
	if got.Fields["status"] != "open" {
		t.Errorf("a has %v, want b's status", got.Fields)
	}
	var st app.SyncStatus
	okJSON(t, a, &st, "sync", "status")
	if !st.Enabled || st.Pending != 0 || len(st.Devices) != 2 || st.LastSync == "" || st.Last == nil || st.Last.Received != 1 {
		t.Errorf("a's status: %+v", st)
	}
	if out := ok(t, b, "sync", "status"); !strings.Contains(out, "(this device)") || !strings.Contains(out, "changes not sent: 0") {
		t.Errorf("b's status printed:\n%s", out)
	}
	// The folder holds segments and member files only: no key, no database.
	cfg, _ := sync.LoadConfig(workspaceDir(t, a))
	filepath.Walk(folder, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(folder, path)
		if !strings.HasPrefix(rel, "ops"+string(filepath.Separator)) && !strings.HasPrefix(rel, "members"+string(filepath.Separator)) {
			t.Errorf("Keel wrote %s into the sync folder", rel)
		}
		body, _ := os.ReadFile(path)
		if strings.Contains(string(body), base64.StdEncoding.EncodeToString(cfg.Key)) || strings.Contains(string(body), string(cfg.Key)) {
			t.Errorf("%s holds the workspace key", rel)
		}
		return nil
	})
	if r := keel(t, a, "sync", "--folder", filepath.Join(a, "inside")); r.code != 1 || !strings.Contains(r.stderr, "overlaps Keel's data folder") {
		t.Errorf("a folder in the data folder: exit %d, %q", r.code, r.stderr)
	}
	if r := keel(t, a, "sync", "status", "--format", "json"); r.code != 0 || !strings.Contains(r.stdout, folder) {
		t.Errorf("a refused folder replaced the one remembered: %q", r.stdout)
	}
}

// Without a shared folder: sync files carried by hand. What a device imports it passes on
// in its next sync file, so a third device catches up from the second; a truncated file is
// refused whole.
func TestCLISyncFiles(t *testing.T) {
	a, b, c := prepared(t), prepared(t), prepared(t)
	files := t.TempDir()
	var rec ims.Record
	okJSON(t, a, &rec, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	fromA := filepath.Join(files, "a.keelsync")
	if out := ok(t, a, "sync", "export", "--out", fromA); !strings.Contains(out, "sync file written: "+fromA) {
		t.Errorf("export printed %q", out)
	}
	joinAs(t, a, b)
	joinAs(t, a, c)
	body, _ := os.ReadFile(fromA)
	cut := filepath.Join(files, "cut.keelsync")
	os.WriteFile(cut, body[:len(body)-10], 0o600)
	if r := keel(t, b, "sync", "import", cut); r.code != 1 || !strings.Contains(r.stderr, "cut.keelsync refused") {
		t.Errorf("truncated sync file: exit %d, %q", r.code, r.stderr)
	}
	if out := ok(t, b, "sync", "import", fromA); !strings.Contains(out, "received: 3 changes") {
		t.Errorf("b's import printed %q", out)
	}
	ok(t, b, "records", "update", "context_issue", rec.ID, "status=open")
	fromB := filepath.Join(files, "b.keelsync")
	// --all: b knows nothing of c, which has never heard from a; b's file brings a's
	// changes and b's.
	ok(t, b, "sync", "export", "--all", "--out", fromB)
	// c has never heard from a: b's file brings a's changes and b's.
	if out := ok(t, c, "sync", "import", fromB); !strings.Contains(out, "received: 4 changes") {
		t.Errorf("c's import printed %q", out)
	}
	var got ims.Record
	okJSON(t, c, &got, "records", "get", "context_issue", rec.ID)
	if got.Title != "Supplier churn" || got.Fields["status"] != "open" {
		t.Errorf("c has %+v", got)
	}
	if out := ok(t, a, "sync", "import", fromB); !strings.Contains(out, "received: 1 changes") {
		t.Errorf("a's import printed %q", out)
	}
	// Importing the same file again changes nothing.
	if out := ok(t, a, "sync", "import", fromB); !strings.Contains(out, "received: 0 changes") {
		t.Errorf("a's second import printed %q", out)
	}
	// a later turns to a shared folder: its chain moves with it, and b, using that folder
	// too, sees no fork.
	shared := t.TempDir()
	ok(t, a, "sync", "--folder", shared)
	ok(t, b, "records", "update", "context_issue", rec.ID, "status=closed")
	var rep app.SyncReport
	okJSON(t, b, &rep, "sync", "--folder", shared)
	if len(rep.Refused) != 0 || rep.Sent != 1 {
		t.Errorf("b's first round in the shared folder: %+v", rep)
	}
	okJSON(t, a, &rep, "sync")
	if len(rep.Refused) != 0 || rep.Received != 1 {
		t.Errorf("a's round: %+v", rep)
	}
}
