package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

var (
	ctx = context.Background()
	ada = ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com", Role: "ISMS manager"}
	bob = ims.Actor{Name: "Bob Ćwik", Email: "bob@example.com", Role: "DPO"}
)

// MustOpen opens a store in a fresh temporary folder and closes it when the test ends.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	return MustOpenDir(tb, filepath.Join(tb.TempDir(), "db"), store.Options{})
}

// MustOpenMem opens an in-memory store: for tests that never reopen.
func MustOpenMem(tb testing.TB) *store.Store {
	tb.Helper()
	return storetest.Open(tb, store.Options{})
}

// MustOpenDir opens (or reopens) the store in dir (storetest.OpenDir).
var MustOpenDir = storetest.OpenDir

// reopen closes s and opens the same folder again.
func reopen(tb testing.TB, s *store.Store, dir string, opts store.Options) *store.Store {
	tb.Helper()
	if err := s.Close(); err != nil {
		tb.Fatalf("close: %v", err)
	}
	return MustOpenDir(tb, dir, opts)
}

func mustCreate(tb testing.TB, s *store.Store, kind string, fields map[string]any) ims.Record {
	tb.Helper()
	r, err := s.CreateRecord(ctx, ada, kind, fields)
	if err != nil {
		tb.Fatalf("create %s %v: %v", kind, fields, err)
	}
	return r
}

func mustGet(tb testing.TB, s *store.Store, kind, id string) ims.Record {
	tb.Helper()
	r, err := s.GetRecord(ctx, kind, id)
	if err != nil {
		tb.Fatalf("get %s %s: %v", kind, id, err)
	}
	return r
}

// opCount is the number of ops in the log, read by replaying it.
func opCount(tb testing.TB, s *store.Store) int {
	tb.Helper()
	_, n, err := s.Replay()
	if err != nil {
		tb.Fatalf("replay: %v", err)
	}
	return n
}

// fataler is what helpers shared by tests and rapid properties need.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// snapshot is every record of every kind, live and in the bin, as JSON: what a user could
// possibly see.
func snapshot(tb fataler, s *store.Store) string {
	tb.Helper()
	all := map[string][]ims.Record{}
	for _, k := range ims.Kinds() {
		for _, bin := range []bool{false, true} {
			res, err := s.ListRecords(ctx, ims.ListQuery{Kind: k.Name, Deleted: bin, Sort: "createdAt"})
			if err != nil {
				tb.Fatalf("list %s: %v", k.Name, err)
			}
			all[k.Name] = append(all[k.Name], res.Records...)
		}
	}
	b, err := json.Marshal(all)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func titles(rs []ims.Record) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

// wantError checks a domain error's code, field and message.
func wantError(tb testing.TB, err error, code, field, msg string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want %s (%q)", code, msg)
	}
	e := ims.AsError(err)
	if e.Code != code {
		tb.Errorf("code = %q, want %q (err: %v)", e.Code, code, err)
	}
	if e.Field != field {
		tb.Errorf("field = %q, want %q (err: %v)", e.Field, field, err)
	}
	if !strings.Contains(e.Message, msg) {
		tb.Errorf("message = %q, want it to contain %q", e.Message, msg)
	}
}

func TestOpenLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	first := MustOpenDir(t, dir, store.Options{})

	t.Run("a second open of the same folder is refused", func(t *testing.T) {
		second, err := store.Open(dir, oplog.NewEngine(), store.Options{})
		if err == nil {
			second.Close()
			t.Fatal("the workspace opened twice")
		}
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("err = %v, want store.ErrLocked", err)
		}
	})
	t.Run("the first store keeps working", func(t *testing.T) {
		mustCreate(t, first, "context_issue", map[string]any{"title": "still here", "type": "internal"})
	})
	t.Run("after close the folder opens again with its records", func(t *testing.T) {
		again := reopen(t, first, dir, store.Options{})
		res, err := again.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"})
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(res.Records); !slices.Equal(got, []string{"still here"}) {
			t.Errorf("records after reopen = %v", got)
		}
	})
}

func TestMigrations(t *testing.T) {
	top := t
	dir := filepath.Join(t.TempDir(), "db")
	s := MustOpenDir(t, dir, store.Options{})
	meta := func(s *store.Store, key string) string {
		t.Helper()
		v, ok, err := s.RawGet(key)
		if err != nil || !ok {
			t.Fatalf("%s: found %v, err %v", key, ok, err)
		}
		return v
	}

	version := meta(s, "meta/schema_version")
	record := meta(s, "meta/migration/0001")
	replica := meta(s, "meta/replica")
	recordVersion, err := s.RawVersion("meta/migration/0001")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("schema version recorded", func(t *testing.T) {
		if want := "3"; version != want || store.SchemaVersion() != 3 {
			t.Errorf("meta/schema_version = %q (SchemaVersion %d), want %q", version, store.SchemaVersion(), want)
		}
	})
	t.Run("each migration run recorded with name and time", func(t *testing.T) {
		var m struct{ Name, AppliedAt string }
		if err := json.Unmarshal([]byte(record), &m); err != nil {
			t.Fatalf("meta/migration/0001 = %q: %v", record, err)
		}
		if !strings.Contains(m.Name, "init") {
			t.Errorf("migration name = %q", m.Name)
		}
		if at, err := time.Parse(time.RFC3339, m.AppliedAt); err != nil || time.Since(at) > time.Hour {
			t.Errorf("appliedAt = %q (%v)", m.AppliedAt, err)
		}
	})
	t.Run("migration 1 made a replica id", func(t *testing.T) {
		if replica == "" || replica != s.Replica() || len(replica) != 36 {
			t.Errorf("meta/replica = %q, Replica() = %q", replica, s.Replica())
		}
	})
	t.Run("migrations run once: reopening changes nothing", func(t *testing.T) {
		mustCreate(t, s, "context_issue", map[string]any{"title": "x", "type": "internal"})
		seq := s.Seq()
		s = reopen(top, s, dir, store.Options{})
		if got := meta(s, "meta/migration/0001"); got != record {
			t.Errorf("migration record rewritten: %q, was %q", got, record)
		}
		if v, err := s.RawVersion("meta/migration/0001"); err != nil || v != recordVersion {
			t.Errorf("meta/migration/0001 written again on reopen (version %d, was %d, err %v)", v, recordVersion, err)
		}
		if got := meta(s, "meta/replica"); got != replica {
			t.Errorf("replica id changed on reopen: %q, was %q", got, replica)
		}
		if got := s.Seq(); got != seq {
			t.Errorf("sequence after reopen = %d, want %d", got, seq)
		}
		keys, err := s.RawKeys("meta/migration/")
		if err != nil || len(keys) != store.SchemaVersion() {
			t.Errorf("migration records = %v (%v), want one per migration", keys, err)
		}
	})
	t.Run("a workspace from a newer Keel is refused", func(t *testing.T) {
		if err := s.RawSet("meta/schema_version", "99"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		newer, err := store.Open(dir, oplog.NewEngine(), store.Options{})
		if err == nil {
			newer.Close()
			t.Fatal("opened a workspace with schema 99")
		}
		if !strings.Contains(err.Error(), "newer Keel") {
			t.Errorf("err = %v, want it to ask for a newer Keel", err)
		}
	})
}

func TestClockSurvivesReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := MustOpenDir(t, dir, store.Options{})
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "x", "type": "internal"})
	// A remote op far in the (allowed) future: the next local op must still order after it.
	future := uint64(time.Now().Add(time.Hour).UnixMilli()) << 16
	if _, err := s.WriteRemoteOp(ims.Op{HLC: future, Replica: "other", Actor: bob, Type: ims.OpSet, Kind: "context_issue",
		Entity: r.ID, Field: "owner", Value: "Bob"}); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir, store.Options{})
	if _, err := s.UpdateRecord(ctx, ada, "context_issue", r.ID, map[string]any{"status": "open"}); err != nil {
		t.Fatal(err)
	}
	ops, err := s.RawKeys("op/")
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History(ctx, "context_issue", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	newest := h[len(h)-1]
	if newest.Field != "status" || !strings.HasSuffix(ops[len(ops)-1], "/"+newest.OpID) {
		t.Errorf("newest op in the log is %s, history ends with %+v: the edit made after reopen must order last", ops[len(ops)-1], newest)
	}
}

func TestOnChange(t *testing.T) {
	var got []ims.RecordChange
	s := MustOpenDir(t, "", store.Options{InMemory: true, OnChange: func(c ims.RecordChange) { got = append(got, c) }})
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "x", "type": "internal"})
	if _, err := s.UpdateRecord(ctx, ada, "context_issue", r.ID, map[string]any{"title": "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x"}); err == nil {
		t.Fatal("created without a required field")
	}
	if err := s.DeleteRecord(ctx, ada, "context_issue", r.ID); err != nil {
		t.Fatal(err)
	}
	want := []ims.RecordChange{{Kind: "context_issue", ID: r.ID}, {Kind: "context_issue", ID: r.ID}}
	if !slices.Equal(got, want) {
		t.Errorf("changes = %v, want %v (one per committed write; none for no-op or failed writes)", got, want)
	}
}

func keysOf[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
