package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
	"keel/backend/workspace"
)

// bigIssuesCSV writes a CSV of n context issues.
func bigIssuesCSV(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("title,type,status,description\n")
	for i := range n {
		fmt.Fprintf(&b, "Imported issue %05d,external,open,Row %d of a large import with some text to carry\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "issues.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// liveIssues opens the workspace in a new process, as a user would after the crash, and
// counts the context issues; a failed open fails the test.
func liveIssues(t *testing.T, dir string) int {
	t.Helper()
	// No timeout of its own: the open after a killed import takes the import out again,
	// which on a loaded machine can take a while.
	cmd := exec.Command(keelBin, "--data", dir, "records", "list", "context_issue", "--format", "json")
	cmd.Env = keelEnv(dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the first open after kill -9 failed: %v, stderr %s", err, stderr.String())
	}
	var res ims.ListResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// TestImportKill kills a real `keel import` of 50,000 rows with SIGKILL at random moments
// (up to as long as one whole import takes, timed first), a few times: afterwards each
// import is there whole or not at all, and the next open succeeds.
func TestImportKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real imports")
	}
	const rows = 50000
	dir := prepared(t)
	file := bigIssuesCSV(t, rows)
	start := time.Now()
	full := exec.Command(keelBin, "--data", dir, "import", "context_issue", file)
	full.Env = keelEnv(dir)
	if out, err := full.CombinedOutput(); err != nil {
		t.Fatalf("import: %v: %s", err, out)
	}
	whole := time.Since(start)
	before := liveIssues(t, dir)
	if before != rows {
		t.Fatalf("%d records after a whole import", before)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	for cycle := range 3 {
		cmd := exec.Command(keelBin, "--data", dir, "import", "context_issue", file)
		cmd.Env = keelEnv(dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(whole))))
		cmd.Process.Kill()
		werr := cmd.Wait()
		n := liveIssues(t, dir)
		if n != before && n != before+rows {
			t.Fatalf("cycle %d: %d context issues after kill -9, want %d or %d: an import half-happened", cycle, n, before, before+rows)
		}
		before = n
		t.Logf("cycle %d: %d records (import %s; it said %q)", cycle, n, map[bool]string{true: "finished", false: "killed"}[werr == nil], lastLine(stderr.String()))
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, "\r\n"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// While a restore holds the workspace (its lock, taken as restoreLocked takes it), a real
// `keel serve` is refused instead of writing into files the restore replaces; a restore
// while serve has the workspace open is refused too.
func TestRestoreHoldsTheWorkspace(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "context_issue", "title=Kept", "type=internal")
	ws := workspace.Workspaces{Root: dir}
	info, err := ws.Find("Fenmore Credit")
	if err != nil {
		t.Fatal(err)
	}
	lock, err := ws.Lock(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := keelProcess(t, dir, "serve", "--addr", "127.0.0.1:0")
	lock.Unlock()
	if r.code == 0 || !strings.Contains(r.stderr, "open in another Keel") {
		t.Errorf("serve during a restore: exit %d, stderr %q", r.code, r.stderr)
	}
	var b map[string]string
	okJSON(t, dir, &b, "backup")
	srv := startServe(t, dir)
	defer func() { srv.cmd.Process.Kill(); srv.cmd.Wait() }()
	if r := keelProcess(t, dir, "restore", b["backup"], "--yes"); r.code == 0 || !strings.Contains(r.stderr, "open in another Keel") {
		t.Errorf("restore while serve runs: exit %d, stderr %q", r.code, r.stderr)
	}
}

// keel backup verify says a good backup is good and refuses a changed one; keel check
// exits 0 on a sound workspace and 1 with every problem when an evidence file was altered.
func TestBackupVerifyAndCheck(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "context_issue", "title=Kept", "type=internal")
	var b map[string]string
	okJSON(t, dir, &b, "backup")
	if out := ok(t, dir, "backup", "verify", b["backup"]); !strings.Contains(out, "is a good backup") {
		t.Errorf("verify said %q", out)
	}
	data, err := os.ReadFile(b["backup"])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x20
	bad := filepath.Join(t.TempDir(), "bad.keel-backup")
	os.WriteFile(bad, data, 0o600)
	if r := keel(t, dir, "backup", "verify", bad); r.code != 1 || !strings.Contains(r.stderr, "checksum") {
		t.Errorf("verify of a changed backup: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := keel(t, dir, "restore", bad, "--yes"); r.code != 1 || !strings.Contains(r.stderr, "checksum") {
		t.Errorf("restore of a changed backup: exit %d, stderr %q", r.code, r.stderr)
	}

	if out := ok(t, dir, "check"); !strings.Contains(out, "all is well") {
		t.Errorf("check said %q", out)
	}
	sess, ws := (&env{g: globals{data: dir}, deps: testDeps(io.Discard, io.Discard)}).session("test")
	info, _ := ws.Find("Fenmore Credit")
	if _, err := sess.Open(info.ID); err != nil {
		t.Fatal(err)
	}
	rec, err := sess.App().CreateRecord("context_issue", map[string]any{"title": "With evidence", "type": "internal"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err = sess.App().AttachFile("context_issue", rec.ID, "minutes.txt", base64.StdEncoding.EncodeToString([]byte("the minutes")))
	if err != nil {
		t.Fatal(err)
	}
	sess.Close()
	blobs, _ := filepath.Glob(filepath.Join(info.Path, "blobs", "*"))
	if len(blobs) != 1 {
		t.Fatalf("blobs: %v", blobs)
	}
	os.Chmod(blobs[0], 0o600)
	if err := os.WriteFile(blobs[0], []byte("the minutes, altered"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := keel(t, dir, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "minutes.txt") || !strings.Contains(r.stderr, "1 problem") {
		t.Errorf("check of an altered evidence file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// A workspace written by a newer Keel opens read-only from the command line: reads work
// (with a note saying why), writes are refused with the reason.
func TestNewerWorkspaceReadOnlyCLI(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "context_issue", "title=Kept", "type=internal")
	info, err := workspace.Workspaces{Root: dir}.Find("Fenmore Credit")
	if err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(filepath.Join(info.Path, "db")).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("meta/schema_version"), []byte("99")) })
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := keel(t, dir, "records", "list", "context_issue")
	if r.code != 0 || !strings.Contains(r.stdout, "Kept") || !strings.Contains(r.stderr, "newer Keel") {
		t.Errorf("list: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = keel(t, dir, "records", "create", "context_issue", "title=New", "type=internal")
	if r.code != 1 || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("create: exit %d, stderr %q", r.code, r.stderr)
	}
}
