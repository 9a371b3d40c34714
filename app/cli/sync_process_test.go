package cli

// Sync between real keel processes (the headless binary TestMain builds): two data folders,
// one sync folder, every command a separate process, and processes killed with SIGKILL in
// the middle of writing a segment.

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/sync"
)

// proc runs the binary and fails the test unless it exits 0; with out set, it asks for
// --format json and decodes stdout into out. It returns stdout.
func proc(t *testing.T, dir string, out any, args ...string) string {
	t.Helper()
	if out != nil {
		args = append(args, "--format", "json")
	}
	r := keelProcess(t, dir, args...)
	if r.code != 0 {
		t.Fatalf("keel %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(r.stdout), out); err != nil {
			t.Fatalf("keel %s: stdout is not JSON: %v\n%s", strings.Join(args, " "), err, r.stdout)
		}
	}
	return r.stdout
}

// procPrepared is a data folder with one workspace and an identity, made by the binary.
func procPrepared(t *testing.T, who string) string {
	t.Helper()
	dir := t.TempDir()
	proc(t, dir, nil, "workspace", "create", "Fenmore Credit")
	proc(t, dir, nil, "identity", "set", who, strings.ToLower(strings.Fields(who)[0])+"@example.com", "ISMS manager")
	return dir
}

// procRound runs one sync round through the folder and returns its report.
func procRound(t *testing.T, dir, folder string) app.SyncReport {
	t.Helper()
	var rep app.SyncReport
	proc(t, dir, &rep, "sync", "--folder", folder)
	if len(rep.Refused) > 0 || len(rep.Waiting) > 0 {
		t.Errorf("round of %s: refused %v, waiting %v", dir, rep.Refused, rep.Waiting)
	}
	return rep
}

// titles lists the titles of a device's live context issues, sorted.
func titles(t *testing.T, dir string) []string {
	t.Helper()
	var res ims.ListResult
	proc(t, dir, &res, "records", "list", "context_issue")
	var out []string
	for _, r := range res.Records {
		out = append(out, r.Title)
	}
	slices.Sort(out)
	return out
}

// Two real keel processes with their own data folders sync one workspace through one
// folder: edits go both ways, and the same field edited on both while apart is a conflict
// with both values on both devices.
func TestSyncProcesses(t *testing.T) {
	a, b := procPrepared(t, "Ada Lovelace"), procPrepared(t, "Grace Hopper")
	folder := t.TempDir()
	var rec ims.Record
	proc(t, a, &rec, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	if rep := procRound(t, a, folder); rep.Sent != 3 || rep.Received != 0 {
		t.Errorf("a's first round: %+v", rep)
	}
	joinAs(t, a, b)
	if rep := procRound(t, b, folder); rep.Sent != 0 || rep.Received != 3 {
		t.Errorf("b's first round: %+v", rep)
	}
	proc(t, b, nil, "records", "update", "context_issue", rec.ID, "status=open")
	procRound(t, b, folder)
	if rep := procRound(t, a, folder); rep.Received != 1 {
		t.Errorf("a's second round: %+v", rep)
	}
	var got ims.Record
	proc(t, a, &got, "records", "get", "context_issue", rec.ID)
	if got.Fields["status"] != "open" || got.Title != "Supplier churn" {
		t.Fatalf("a has %+v, want b's status", got)
	}

	// Both change the title while apart, then sync: a conflict on both.
	proc(t, a, nil, "records", "update", "context_issue", rec.ID, "title=Supplier churn (Ada)")
	proc(t, b, nil, "records", "update", "context_issue", rec.ID, "title=Supplier churn (Grace)")
	procRound(t, a, folder)
	procRound(t, b, folder)
	procRound(t, a, folder)
	var onA, onB ims.Record
	proc(t, a, &onA, "records", "get", "context_issue", rec.ID)
	proc(t, b, &onB, "records", "get", "context_issue", rec.ID)
	for name, r := range map[string]ims.Record{"a": onA, "b": onB} {
		var vals []string
		for _, c := range r.Conflicts["title"] {
			vals = append(vals, c.Value.(string))
		}
		slices.Sort(vals)
		if !slices.Equal(vals, []string{"Supplier churn (Ada)", "Supplier churn (Grace)"}) {
			t.Errorf("%s: title conflict %v, want both titles", name, r.Conflicts)
		}
	}
	ja, _ := json.Marshal(onA)
	jb, _ := json.Marshal(onB)
	if string(ja) != string(jb) {
		t.Errorf("the devices disagree:\na: %s\nb: %s", ja, jb)
	}
}

// stalledRound starts a sync round that stops half-way through writing its first segment
// (KEEL_TEST_STALL_WRITE), waits until it says so and kills it with SIGKILL.
func stalledRound(t *testing.T, dir, folder string) {
	t.Helper()
	cmd := exec.Command(keelBin, "--data", dir, "sync", "--folder", folder)
	cmd.Env = append(keelEnv(dir), "KEEL_TEST_STALL_WRITE=.seg")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() }) // a bound, not a wait
	defer timer.Stop()
	sc := bufio.NewScanner(stderr)
	var said []string
	for sc.Scan() {
		said = append(said, sc.Text())
		if strings.HasPrefix(sc.Text(), "keel: test stall:") {
			cmd.Process.Kill()
			killed = true
			break
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("the round never stalled in a segment write: %s", strings.Join(said, "\n"))
	}
}

// checkSegments fails the test if the folder holds a segment under its real name that is
// not whole, and returns how many half-written temp files it holds.
func checkSegments(t *testing.T, folder string) (temps int) {
	t.Helper()
	filepath.Walk(folder, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		switch name := fi.Name(); {
		case strings.HasPrefix(name, ".tmp-"):
			temps++
		case strings.HasSuffix(name, ".seg"):
			b, _ := os.ReadFile(path)
			if _, err := sync.ReadSegment(b); err != nil {
				t.Errorf("%s is under a segment's name but not whole: %v", path, err)
			}
		}
		return nil
	})
	return temps
}

// A keel killed with SIGKILL half-way through writing a segment leaves no half segment
// under a segment's name: the other device's next round refuses nothing and applies what
// was whole; the killed device's next round writes the segment again; nothing is lost.
// Then rounds killed at random points, reading or writing, change none of that.
func TestSyncKilledMidSegment(t *testing.T) {
	a, b := procPrepared(t, "Ada Lovelace"), procPrepared(t, "Grace Hopper")
	folder := t.TempDir()
	proc(t, a, nil, "records", "create", "context_issue", "title=First", "type=external")
	procRound(t, a, folder)
	joinAs(t, a, b)
	procRound(t, b, folder)

	for i, dev := range []struct{ me, other, title string }{{a, b, "From a"}, {b, a, "From b"}} {
		proc(t, dev.me, nil, "records", "create", "context_issue", "title="+dev.title, "type=external")
		stalledRound(t, dev.me, folder)
		if n := checkSegments(t, folder); n != i+1 {
			t.Errorf("after kill %d the folder holds %d half-written temp files, want %d", i+1, n, i+1)
		}
		if rep := procRound(t, dev.other, folder); rep.Received != 0 {
			t.Errorf("the other device received %d changes of a segment never finished", rep.Received)
		}
		if rep := procRound(t, dev.me, folder); rep.Sent != 3 {
			t.Errorf("the killed device's next round sent %d changes, want its 3", rep.Sent)
		}
		if rep := procRound(t, dev.other, folder); rep.Received != 3 {
			t.Errorf("the other device then received %d changes, want 3", rep.Received)
		}
	}
	want := []string{"First", "From a", "From b"}
	if ta, tb := titles(t, a), titles(t, b); !slices.Equal(ta, want) || !slices.Equal(tb, want) {
		t.Fatalf("after the kills a has %v, b has %v, want %v", ta, tb, want)
	}

	// Rounds killed at random points (opening, writing, reading, applying): the assertions
	// hold wherever the kill lands.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 18))
	for i := range 4 {
		me := []string{a, b}[i%2]
		title := "Random kill " + string(rune('A'+i))
		proc(t, me, nil, "records", "create", "context_issue", "title="+title, "type=external")
		want = append(want, title)
		cmd := exec.Command(keelBin, "--data", me, "sync", "--folder", folder)
		cmd.Env = keelEnv(me)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		checkSegments(t, folder)
	}
	for range 2 {
		procRound(t, a, folder)
		procRound(t, b, folder)
	}
	slices.Sort(want)
	if ta, tb := titles(t, a), titles(t, b); !slices.Equal(ta, want) || !slices.Equal(tb, want) {
		t.Errorf("after the random kills a has %v, b has %v, want %v", ta, tb, want)
	}
}
