package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
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
	r := keelProcess(t, dir, "records", "list", "context_issue", "--format", "json")
	if r.code != 0 {
		t.Fatalf("the first open after kill -9 failed: exit %d, stderr %s", r.code, r.stderr)
	}
	var res ims.ListResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// TestImportKill kills a real `keel import` of 50,000 rows with SIGKILL at a random moment
// while it writes, a few times: afterwards each import is there whole or not at all, and
// the next open succeeds.
func TestImportKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real imports")
	}
	const rows = 50000
	dir := prepared(t)
	file := bigIssuesCSV(t, rows)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	before := 0
	for cycle := range 4 {
		cmd := exec.Command(keelBin, "--data", dir, "import", "context_issue", file)
		cmd.Env = keelEnv(dir)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		writing := make(chan struct{})
		var said bytes.Buffer
		go func() {
			sc := bufio.NewScanner(stderr)
			sc.Split(bufio.ScanRunes)
			closed := false
			for sc.Scan() {
				said.WriteString(sc.Text())
				if !closed && strings.Contains(said.String(), "imported ") {
					close(writing)
					closed = true
				}
			}
			if !closed {
				close(writing)
			}
		}()
		<-writing // the file is read and checked; the records are being written
		time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		cmd.Process.Kill()
		werr := cmd.Wait()
		n := liveIssues(t, dir)
		if n != before && n != before+rows {
			t.Fatalf("cycle %d: %d context issues after kill -9, want %d or %d: an import half-happened", cycle, n, before, before+rows)
		}
		before = n
		t.Logf("cycle %d: %d records (import %s)", cycle, n, map[bool]string{true: "finished", false: "killed"}[werr == nil])
	}
}
