package cli

// Sync through real Syncthing: two instances on loopback, each with its own home and
// random ports, no discovery, relays or NAT, sharing one folder by device id; a keel on each
// side syncs with the folder its instance keeps.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
)

// syncthing is one running Syncthing instance the test started.
type syncthing struct {
	home, folder string
	gui, listen  string // 127.0.0.1:port
	apiKey, id   string
	cmd          *exec.Cmd
	log          bytes.Buffer
}

// freePort is a TCP port on 127.0.0.1 nothing listens on just now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// setXML sets every <tag>…</tag> of a config to value.
func setXML(cfg, tag, value string) string {
	return regexp.MustCompile(`<`+tag+`>[^<]*</`+tag+`>`).ReplaceAllLiteralString(cfg, "<"+tag+">"+value+"</"+tag+">")
}

// startSyncthing generates a home, closes it to the world (loopback only; global and
// local discovery, relays, NAT, upgrades, usage and crash reports off) and starts it.
func startSyncthing(ctx context.Context, t *testing.T, bin, name string) *syncthing {
	t.Helper()
	dir := t.TempDir()
	st := &syncthing{home: filepath.Join(dir, "home"), folder: filepath.Join(dir, "folder"),
		gui: freePort(t), listen: freePort(t), apiKey: "keel-test-" + name}
	env := append(keelEnv(dir), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1")
	gen := exec.CommandContext(ctx, bin, "generate", "--home="+st.home, "--no-default-folder", "--skip-port-probing")
	gen.Env = env
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	cfgPath := filepath.Join(st.home, "config.xml")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	cfg = regexp.MustCompile(`(<gui[^>]*>\s*<address>)[^<]*(</address>)`).ReplaceAllString(cfg, "${1}"+st.gui+"${2}")
	for tag, v := range map[string]string{"listenAddress": "tcp://" + st.listen, "globalAnnounceEnabled": "false",
		"localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false", "startBrowser": "false",
		"urAccepted": "-1", "autoUpgradeIntervalH": "0", "crashReportingEnabled": "false"} {
		if !strings.Contains(cfg, "<"+tag+">") {
			t.Fatalf("syncthing's generated config has no <%s>", tag)
		}
		cfg = setXML(cfg, tag, v)
	}
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(st.folder, 0o700); err != nil {
		t.Fatal(err)
	}
	st.cmd = exec.CommandContext(ctx, bin, "serve", "--home="+st.home, "--no-browser", "--no-restart", "--no-upgrade",
		"--gui-address=http://"+st.gui, "--gui-apikey="+st.apiKey)
	st.cmd.Env = env
	st.cmd.Stdout, st.cmd.Stderr = &st.log, &st.log
	if err := st.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st.rest(context.Background(), "POST", "/rest/system/shutdown", nil, nil)
		done := make(chan struct{})
		go func() { st.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			st.cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("syncthing %s log:\n%s", name, st.log.String())
		}
	})
	var status struct {
		MyID string `json:"myID"`
	}
	waitFor(ctx, t, "syncthing "+name+"'s REST API", func() bool {
		return st.rest(ctx, "GET", "/rest/system/status", nil, &status) == nil && status.MyID != ""
	})
	st.id = status.MyID
	var raw map[string]any
	if err := st.rest(ctx, "GET", "/rest/config/options", nil, &raw); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(raw["listenAddresses"]) != "[tcp://"+st.listen+"]" || raw["globalAnnounceEnabled"] != false || raw["localAnnounceEnabled"] != false ||
		raw["relaysEnabled"] != false || raw["natEnabled"] != false {
		t.Fatalf("syncthing %s is not closed to the world: %v", name, raw)
	}
	return st
}

// rest calls the instance's REST API with its key; out, when not nil, takes the JSON answer.
func (st *syncthing) rest(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+st.gui+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", st.apiKey)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// share makes st know other by device id and address, and share the folder "keel" with it.
func (st *syncthing) share(ctx context.Context, t *testing.T, other *syncthing) {
	t.Helper()
	dev := map[string]any{"deviceID": other.id, "name": "other", "addresses": []string{"tcp://" + other.listen}}
	if err := st.rest(ctx, "POST", "/rest/config/devices", dev, nil); err != nil {
		t.Fatal(err)
	}
	folder := map[string]any{"id": "keel", "label": "Keel", "path": st.folder, "type": "sendreceive",
		"devices":         []map[string]string{{"deviceID": st.id}, {"deviceID": other.id}},
		"rescanIntervalS": 3600, "fsWatcherEnabled": true, "fsWatcherDelayS": 1}
	if err := st.rest(ctx, "POST", "/rest/config/folders", folder, nil); err != nil {
		t.Fatal(err)
	}
}

// scan asks the instance to look at its folder now rather than when its watcher fires.
func (st *syncthing) scan(ctx context.Context, t *testing.T) {
	t.Helper()
	if err := st.rest(ctx, "POST", "/rest/db/scan?folder=keel", nil, nil); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds; the test fails when ctx's deadline passes first.
func waitFor(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for %s: %v", what, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// arrived waits until every Keel file of from's folder is in to's, byte for byte.
func arrived(ctx context.Context, t *testing.T, from, to *syncthing) {
	t.Helper()
	from.scan(ctx, t)
	var names []string
	for _, sub := range []string{"ops", "members"} {
		filepath.Walk(filepath.Join(from.folder, sub), func(path string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() && !strings.HasPrefix(fi.Name(), ".") {
				rel, _ := filepath.Rel(from.folder, path)
				names = append(names, rel)
			}
			return nil
		})
	}
	if len(names) == 0 {
		t.Fatalf("%s holds no Keel files", from.folder)
	}
	waitFor(ctx, t, fmt.Sprintf("%v to reach the other instance", names), func() bool {
		for _, n := range names {
			want, _ := os.ReadFile(filepath.Join(from.folder, n))
			got, err := os.ReadFile(filepath.Join(to.folder, n))
			if err != nil || !bytes.Equal(got, want) {
				return false
			}
		}
		return true
	})
}

// Two Syncthing instances keep one folder in step between two keels: an edit on one
// reaches the other through Syncthing, and the same field changed on both sides is a
// conflict with both values on both.
func TestSyncThroughSyncthing(t *testing.T) {
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Fatalf("this test needs Syncthing (Debian package syncthing, which .ci/run installs): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sa, sb := startSyncthing(ctx, t, bin, "a"), startSyncthing(ctx, t, bin, "b")
	sa.share(ctx, t, sb)
	sb.share(ctx, t, sa)

	a, b := procPrepared(t, "Ada Lovelace"), procPrepared(t, "Grace Hopper")
	var rec ims.Record
	proc(t, a, &rec, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	procRound(t, a, sa.folder)
	arrived(ctx, t, sa, sb)
	joinAs(t, a, b)
	if rep := procRound(t, b, sb.folder); rep.Received != 3 {
		t.Fatalf("b received %d changes through Syncthing, want 3", rep.Received)
	}
	var got ims.Record
	proc(t, b, &got, "records", "get", "context_issue", rec.ID)
	if got.Title != "Supplier churn" {
		t.Fatalf("b has %+v", got)
	}

	proc(t, a, nil, "records", "update", "context_issue", rec.ID, "title=Supplier churn (Ada)")
	proc(t, b, nil, "records", "update", "context_issue", rec.ID, "title=Supplier churn (Grace)")
	procRound(t, a, sa.folder)
	procRound(t, b, sb.folder)
	arrived(ctx, t, sa, sb)
	arrived(ctx, t, sb, sa)
	if rep := procRound(t, a, sa.folder); rep.Received != 1 {
		t.Errorf("a received %d changes, want b's title", rep.Received)
	}
	if rep := procRound(t, b, sb.folder); rep.Received != 1 {
		t.Errorf("b received %d changes, want a's title", rep.Received)
	}
	for name, dir := range map[string]string{"a": a, "b": b} {
		var r ims.Record
		proc(t, dir, &r, "records", "get", "context_issue", rec.ID)
		var vals []string
		for _, c := range r.Conflicts["title"] {
			vals = append(vals, fmt.Sprint(c.Value))
		}
		slices.Sort(vals)
		if !slices.Equal(vals, []string{"Supplier churn (Ada)", "Supplier churn (Grace)"}) {
			t.Errorf("%s: title conflict %v, want both titles", name, r.Conflicts)
		}
	}
}
