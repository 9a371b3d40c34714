package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"keel/app"
	"keel/app/cli"
	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	"keel/backend/workspace"
)

var ada = ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com", Role: "ISMS manager"}

// recorder is an Emitter that keeps every event, as the window or a browser would see them.
type recorder struct {
	mu     sync.Mutex
	events []event
}

type event struct {
	name string
	data any
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{name, data})
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		out = append(out, e.name)
	}
	return out
}

func (r *recorder) reset() { r.mu.Lock(); r.events = nil; r.mu.Unlock() }

// env is a session over real workspace folders and Badger stores in a temp folder.
type env struct {
	root    string
	ws      workspace.Workspaces
	sess    *app.Session
	app     *app.App
	events  *recorder
	log     *bytes.Buffer
	version string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, 0)
}

// newEnvWith is newEnv with evidence files of at most maxEvidence bytes (0: the evidence
// store's default).
func newEnvWith(t testing.TB, maxEvidence int64) *env {
	t.Helper()
	root := t.TempDir()
	ws := workspace.Workspaces{Root: root}
	open := cli.StoreOpener(ws, 3, maxEvidence) // the opener main uses
	var logBuf bytes.Buffer
	sess := app.NewSession("1.2.3-test", "http", ws, open, slog.New(slog.NewTextHandler(&logBuf, nil)))
	e := &env{root: root, ws: ws, sess: sess, app: sess.App(), events: &recorder{}, log: &logBuf}
	sess.AddEmitter(e.events)
	t.Cleanup(func() { sess.Close() })
	return e
}

// ready makes an env with an identity and an open, empty workspace.
func ready(t testing.TB) *env {
	t.Helper()
	return readyWith(t, "Fenmore Credit", false)
}

// readyDemo makes an env with an identity and the demo workspace, as `keel demo` makes it.
func readyDemo(t *testing.T) *env {
	t.Helper()
	return readyWith(t, "Fenmore Credit", true)
}

// readyWith makes an env with an identity and an open workspace called name, filled with the
// demo data if demo (openNamed).
func readyWith(t testing.TB, name string, demo bool) *env {
	t.Helper()
	return openNamed(t, newEnv(t), name, demo)
}

// openNamed gives e an identity and opens a new workspace called name in it, filled with
// the demo data if demo; the events so far are forgotten.
func openNamed(t testing.TB, e *env, name string, demo bool) *env {
	t.Helper()
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateWorkspace(name, demo); err != nil {
		t.Fatal(err)
	}
	e.events.reset()
	return e
}

// readyRegisters is ready() with the demo registers written straight to the workspace's
// store, which it returns for more demo data.
func readyRegisters(t *testing.T) (*env, app.WorkspaceStore) {
	t.Helper()
	e := ready(t)
	st, _, err := e.sess.Current()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Registers(context.Background(), st, ada); err != nil {
		t.Fatal(err)
	}
	return e, st
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	if got := ims.ErrorCode(err); got != code {
		t.Errorf("code = %q, want %q (err: %v)", got, code, err)
	}
	if !strings.Contains(ims.ErrorMessage(err), msg) {
		t.Errorf("message = %q, want it to contain %q", ims.ErrorMessage(err), msg)
	}
}

// recordCalls are every record method of the API, with harmless arguments.
var recordCalls = []struct {
	name  string
	write bool
	call  func(a *app.App) error
}{
	{"ListRecords", false, func(a *app.App) error { _, err := a.ListRecords(ims.ListQuery{Kind: "context_issue"}); return err }},
	{"GetRecord", false, func(a *app.App) error { _, err := a.GetRecord("context_issue", "x"); return err }},
	{"History", false, func(a *app.App) error { _, err := a.History("context_issue", "x"); return err }},
	{"Search", false, func(a *app.App) error { _, err := a.Search("x"); return err }},
	{"BackupWorkspace", false, func(a *app.App) error { _, err := a.BackupWorkspace(); return err }},
	{"CreateRecord", true, func(a *app.App) error {
		_, err := a.CreateRecord("context_issue", map[string]any{"title": "x", "type": "internal"})
		return err
	}},
	{"UpdateRecord", true, func(a *app.App) error {
		_, err := a.UpdateRecord("context_issue", "x", map[string]any{"status": "open"})
		return err
	}},
	{"DeleteRecord", true, func(a *app.App) error { return a.DeleteRecord("context_issue", "x") }},
	{"RestoreRecord", true, func(a *app.App) error { _, err := a.RestoreRecord("context_issue", "x"); return err }},
	{"AddLink", true, func(a *app.App) error {
		_, err := a.AddLink("context_issue", "x", "related_parties", "y")
		return err
	}},
	{"RemoveLink", true, func(a *app.App) error {
		_, err := a.RemoveLink("context_issue", "x", "related_parties", "y")
		return err
	}},
	{"ResolveConflict", true, func(a *app.App) error {
		_, err := a.ResolveConflict("context_issue", "x", "title", "y")
		return err
	}},
}

func TestRecordCallsNeedAWorkspace(t *testing.T) {
	e := newEnv(t)
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	for _, c := range recordCalls {
		t.Run(c.name, func(t *testing.T) {
			wantCode(t, c.call(e.app), ims.EFORBIDDEN, "no workspace is open: create or open one first")
		})
	}
}

func TestWritesNeedAnIdentity(t *testing.T) {
	e := newEnv(t)
	// The demo is signed by the demo actor when nobody has said who they are.
	if _, err := e.app.CreateWorkspace("Demo", true); err != nil {
		t.Fatal(err)
	}
	res, err := e.app.ListRecords(ims.ListQuery{Kind: "context_issue"})
	if err != nil || res.Total == 0 {
		t.Fatalf("demo list: %v, %v", res.Total, err)
	}
	if by := res.Records[0].CreatedBy; by != demo.Actor {
		t.Errorf("demo records created by %+v, want the demo actor", by)
	}
	id := res.Records[0].ID
	for _, c := range recordCalls {
		if !c.write {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			before, _ := e.app.History("context_issue", id)
			wantCode(t, c.call(e.app), ims.EFORBIDDEN, "say who you are first (name, email, role)")
			after, _ := e.app.History("context_issue", id)
			if len(after) != len(before) {
				t.Errorf("a refused write changed the history")
			}
		})
	}
	t.Run("after SetIdentity writes carry it", func(t *testing.T) {
		got, err := e.app.SetIdentity(ims.Actor{Name: "  Ada Lovelace ", Email: " ada@example.com", Role: "ISMS manager"})
		if err != nil || *got != ada {
			t.Fatalf("SetIdentity = %+v, %v (want trimmed %+v)", got, err, ada)
		}
		r, err := e.app.UpdateRecord("context_issue", id, map[string]any{"status": "closed"})
		if err != nil {
			t.Fatal(err)
		}
		if r.UpdatedBy != ada {
			t.Errorf("updatedBy = %+v, want %+v", r.UpdatedBy, ada)
		}
	})
}

func TestIdentity(t *testing.T) {
	e := newEnv(t)
	got, err := e.app.Identity()
	if err != nil || got != nil {
		t.Fatalf("Identity before it is set = %+v, %v; want null", got, err)
	}
	tests := []struct {
		name  string
		actor ims.Actor
		field string
	}{
		{"too short a name", ims.Actor{Name: "A"}, "name"},
		{"bad email", ims.Actor{Name: "Ada", Email: "ada at example"}, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.app.SetIdentity(tt.actor)
			if ims.AsError(err).Field != tt.field || ims.ErrorCode(err) != ims.EINVALID {
				t.Errorf("SetIdentity(%+v) = %v, want invalid %s", tt.actor, err, tt.field)
			}
			if got, _ := e.app.Identity(); got != nil {
				t.Errorf("an invalid identity was saved: %+v", got)
			}
		})
	}
}

func TestCreateWorkspaceWithDemo(t *testing.T) {
	e := newEnv(t)
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	info, err := e.app.CreateWorkspace("Fenmore demo", true)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Current || info.Name != "Fenmore demo" {
		t.Errorf("info = %+v", info)
	}
	all := map[string][]ims.Record{}
	ids := map[string]string{} // id -> kind
	for _, k := range []string{"context_issue", "interested_party", "scope_statement"} {
		res, err := e.app.ListRecords(ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		all[k] = res.Records
		for _, r := range res.Records {
			ids[r.ID] = k
		}
	}
	t.Run("several records of each kind", func(t *testing.T) {
		for k, min := range map[string]int{"context_issue": 5, "interested_party": 5, "scope_statement": 2} {
			if len(all[k]) < min {
				t.Errorf("%d %s records, want at least %d", len(all[k]), k, min)
			}
		}
	})
	t.Run("names with non-ASCII letters", func(t *testing.T) {
		var found []string
		for _, rs := range all {
			for _, r := range rs {
				for _, f := range []string{"owner", "contact", "approved_by"} {
					if s, ok := r.Fields[f].(string); ok && hasNonASCIILetter(s) {
						found = append(found, s)
					}
				}
			}
		}
		if len(found) < 3 {
			t.Errorf("people with non-ASCII letters in their names: %q, want several", found)
		}
	})
	t.Run("links between the records", func(t *testing.T) {
		links := 0
		for k, rs := range all {
			kind, _ := ims.KindByName(k)
			for _, r := range rs {
				for _, f := range kind.Fields {
					if f.Type != ims.TypeLinks {
						continue
					}
					targets, _ := r.Fields[f.Name].([]string)
					for _, target := range targets {
						links++
						if ids[target] != f.LinkKind {
							t.Errorf("%s %q.%s links to %s, which is not a live %s", k, r.Title, f.Name, target, f.LinkKind)
						}
					}
				}
			}
		}
		if links < 10 {
			t.Errorf("%d links in the demo, want the records tied together", links)
		}
	})
	t.Run("demo records are signed by the user and have history", func(t *testing.T) {
		r := all["scope_statement"][0]
		if r.CreatedBy != ada {
			t.Errorf("createdBy = %+v", r.CreatedBy)
		}
		h, err := e.app.History("scope_statement", r.ID)
		if err != nil || len(h) < 3 {
			t.Errorf("history = %d entries, %v", len(h), err)
		}
	})
	t.Run("search finds demo records", func(t *testing.T) {
		hits, err := e.app.Search("fca")
		if err != nil || len(hits) == 0 {
			t.Errorf("Search(fca) = %v, %v", hits, err)
		}
	})
}

func hasNonASCIILetter(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func TestWorkspaceLifecycle(t *testing.T) {
	e := newEnv(t)
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	if cur := e.app.CurrentWorkspace(); cur != nil {
		t.Fatalf("a workspace is open at start: %+v", cur)
	}
	first, err := e.app.CreateWorkspace("Acme", false)
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.app.CreateWorkspace("Zenith Ltd", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the newest workspace is open and marked", func(t *testing.T) {
		all, err := e.app.Workspaces()
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Name != "Acme" || all[0].Current || !all[1].Current {
			t.Errorf("workspaces = %+v", all)
		}
		if cur := e.app.CurrentWorkspace(); cur == nil || cur.ID != second.ID {
			t.Errorf("current = %+v", cur)
		}
	})
	t.Run("a duplicate name is refused", func(t *testing.T) {
		_, err := e.app.CreateWorkspace("ACME", false)
		if ims.ErrorCode(err) != ims.EINVALID || ims.AsError(err).Field != "name" {
			t.Errorf("CreateWorkspace(ACME) = %v", err)
		}
	})
	t.Run("records stay in their workspace", func(t *testing.T) {
		if _, err := e.app.CreateRecord("context_issue", map[string]any{"title": "Zenith issue", "type": "internal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.OpenWorkspace(first.ID); err != nil {
			t.Fatal(err)
		}
		res, err := e.app.ListRecords(ims.ListQuery{Kind: "context_issue"})
		if err != nil || res.Total != 0 {
			t.Errorf("Acme lists %d issues (%v), want none", res.Total, err)
		}
		// Switching closed Zenith with a backup.
		backups, _ := store.Backups(e.ws.BackupDir(second.ID))
		if len(backups) != 1 {
			t.Errorf("backups of the closed workspace = %v, want one made on close", backups)
		}
	})
	t.Run("rename of the open workspace emits the change", func(t *testing.T) {
		e.events.reset()
		info, err := e.app.RenameWorkspace(first.ID, "Acme Group")
		if err != nil {
			t.Fatal(err)
		}
		if info.Name != "Acme Group" || !info.Current || e.app.CurrentWorkspace().Name != "Acme Group" {
			t.Errorf("renamed = %+v, current = %+v", info, e.app.CurrentWorkspace())
		}
		if got := e.events.names(); len(got) != 1 || got[0] != ims.EventWorkspaceChanged {
			t.Errorf("events = %v", got)
		}
	})
	t.Run("backup on demand", func(t *testing.T) {
		path, err := e.app.BackupWorkspace()
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 || filepath.Dir(path) != e.ws.BackupDir(first.ID) {
			t.Errorf("backup %s: %v", path, err)
		}
	})
	t.Run("deleting the open workspace closes it first", func(t *testing.T) {
		e.events.reset()
		if err := e.app.DeleteWorkspace(first.ID); err != nil {
			t.Fatal(err)
		}
		if cur := e.app.CurrentWorkspace(); cur != nil {
			t.Errorf("current after delete = %+v", cur)
		}
		if _, err := os.Stat(filepath.Join(e.root, "workspaces", first.ID)); !os.IsNotExist(err) {
			t.Errorf("workspace folder still there: %v", err)
		}
		if got := e.events.names(); len(got) != 1 || got[0] != ims.EventWorkspaceChanged {
			t.Errorf("events = %v", got)
		}
		all, _ := e.app.Workspaces()
		if len(all) != 1 || all[0].ID != second.ID {
			t.Errorf("workspaces after delete = %+v", all)
		}
	})
	t.Run("opening an unknown workspace", func(t *testing.T) {
		_, err := e.app.OpenWorkspace("../etc")
		wantCode(t, err, ims.ENOTFOUND, "no workspace")
	})
}

func TestOpenWorkspaceHeldElsewhere(t *testing.T) {
	e := newEnv(t)
	info, err := e.ws.Create("Shared")
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(e.ws.DBDir(info.ID), oplog.NewEngine(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = e.app.OpenWorkspace(info.ID)
	wantCode(t, err, ims.ECONFLICT, "open in another Keel")
	if cur := e.app.CurrentWorkspace(); cur != nil {
		t.Errorf("current = %+v after a failed open", cur)
	}
}

func TestEvents(t *testing.T) {
	e := ready(t)
	r, err := e.app.CreateRecord("context_issue", map[string]any{"title": "x", "type": "internal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateRecord("context_issue", map[string]any{"title": "x", "type": "nonsense"}); err == nil {
		t.Fatal("invalid create accepted")
	}
	if err := e.app.DeleteRecord("context_issue", r.ID); err != nil {
		t.Fatal(err)
	}
	e.events.mu.Lock()
	got := append([]event(nil), e.events.events...)
	e.events.mu.Unlock()
	want := []event{
		{ims.EventRecordsChanged, ims.RecordChange{Kind: "context_issue", ID: r.ID}},
		{ims.EventRecordsChanged, ims.RecordChange{Kind: "context_issue", ID: r.ID}},
	}
	if len(got) != len(want) {
		t.Fatalf("events = %+v, want %+v (one per committed write)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestVersionAndSchema(t *testing.T) {
	e := newEnv(t)
	if v := e.app.Version(); v.Version != "1.2.3-test" || v.Transport != "http" {
		t.Errorf("Version = %+v", v)
	}
	if len(e.app.Kinds()) != len(ims.Kinds()) || len(e.app.Groups()) != len(ims.GroupNames) {
		t.Errorf("Kinds/Groups do not expose the schema")
	}
}

// mockStore is a WorkspaceStore whose methods a test sets one by one; calling one it did
// not set panics, which fails the test.
type mockStore struct {
	app.WorkspaceStore
	GetRecordFn func(ctx context.Context, kind, id string) (ims.Record, error)
}

var _ app.WorkspaceStore = (*mockStore)(nil)

func (m *mockStore) GetRecord(ctx context.Context, kind, id string) (ims.Record, error) {
	return m.GetRecordFn(ctx, kind, id)
}
func (m *mockStore) Backup() (string, error) { return "", nil }
func (m *mockStore) Changed() bool           { return false }
func (m *mockStore) Close() error            { return nil }

func TestErrorFormatting(t *testing.T) {
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	format := app.WailsErrorFormatter(log)
	tests := []struct {
		name   string
		err    error
		json   string
		status int
		logged bool
	}{
		{"field error", ims.FieldErrorf("title", "Issue is required"), `{"code":"invalid","message":"Issue is required","field":"title"}`, 400, false},
		{"not found has no field", ims.Errorf(ims.ENOTFOUND, "no such record"), `{"code":"not_found","message":"no such record"}`, 404, false},
		{"conflict", ims.Errorf(ims.ECONFLICT, "in the bin"), `{"code":"conflict","message":"in the bin"}`, 409, false},
		{"forbidden", ims.Errorf(ims.EFORBIDDEN, "say who you are"), `{"code":"forbidden","message":"say who you are"}`, 403, false},
		{"internal errors are hidden and logged", errors.New("badger: corrupt table /secret/path"), `{"code":"internal","message":"internal error"}`, 500, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logBuf.Reset()
			if got := format(tt.err); got != tt.json {
				t.Errorf("Wails error = %v, want %s", got, tt.json)
			}
			if got := app.HTTPStatus(ims.ErrorCode(tt.err)); got != tt.status {
				t.Errorf("HTTP status = %d, want %d", got, tt.status)
			}
			if logged := strings.Contains(logBuf.String(), "/secret/path"); logged != tt.logged {
				t.Errorf("logged = %v, want %v: %s", logged, tt.logged, logBuf.String())
			}
		})
	}
	if got := app.HTTPStatus("made-up"); got != 500 {
		t.Errorf("unknown code status = %d", got)
	}
}
