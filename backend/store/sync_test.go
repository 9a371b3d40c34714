package store_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/store"
)

// Two stores exchange ops through the sync API: the version vector says what each holds,
// OpsAfter gives what the other lacks in seq order, ApplyRemote merges it once.
func TestApplyRemote(t *testing.T) {
	var changes []ims.RecordChange
	a := MustOpenDir(t, "", store.Options{InMemory: true})
	b := MustOpenDir(t, "", store.Options{InMemory: true, OnChange: func(c ims.RecordChange) { changes = append(changes, c) }})
	r := mustCreate(t, a, "context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
	if _, err := a.UpdateRecord(ctx, ada, "context_issue", r.ID, map[string]any{"title": "Supplier churn in 2027"}); err != nil {
		t.Fatal(err)
	}
	vv := a.VersionVector()
	if len(vv) != 1 || vv[a.Replica()] != a.Seq() || a.Seq() < 3 {
		t.Fatalf("version vector %v, seq %d: want only this replica at its seq", vv, a.Seq())
	}
	ops, err := a.OpsAfter(a.Replica(), 0, 0)
	if err != nil || len(ops) != int(a.Seq()) {
		t.Fatalf("OpsAfter(0) = %d ops (%v), want %d", len(ops), err, a.Seq())
	}
	for i, op := range ops {
		if op.Seq != uint64(i+1) || op.Replica != a.Replica() {
			t.Fatalf("op %d: replica %s seq %d, want seq order", i, op.Replica, op.Seq)
		}
	}
	if tail, _ := a.OpsAfter(a.Replica(), 2, 1); len(tail) != 1 || tail[0].Seq != 3 {
		t.Errorf("OpsAfter(2, limit 1) = %+v, want seq 3", tail)
	}
	// Delivered twice and the second time reversed: the duplicates are skipped.
	res, err := b.ApplyRemote(ops)
	if err != nil || res.Applied != len(ops) || res.Skipped != 0 {
		t.Fatalf("first apply = %+v, %v", res, err)
	}
	rev := append([]ims.Op{}, ops...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if res, err := b.ApplyRemote(append(rev, ops[0])); err != nil || res.Applied != 0 || res.Skipped != len(ops)+1 {
		t.Fatalf("second apply = %+v, %v: want everything skipped", res, err)
	}
	got, err := b.GetRecord(ctx, "context_issue", r.ID)
	if err != nil || got.Title != "Supplier churn in 2027" || len(got.Conflicts) != 0 {
		t.Fatalf("on b: %+v, %v", got, err)
	}
	if len(changes) != 1 || changes[0].ID != r.ID {
		t.Errorf("OnChange on b = %v, want one change of %s", changes, r.ID)
	}
	if list, _ := b.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}); len(list.Records) != 1 {
		t.Errorf("b lists %d records, want 1 (cache and indexes)", len(list.Records))
	}
	if vv := b.VersionVector(); vv[a.Replica()] != a.Seq() {
		t.Errorf("b's version vector %v, want %s at %d", vv, a.Replica(), a.Seq())
	}
	if err := b.VerifyReplay(); err != nil {
		t.Error(err)
	}
	// b edits after seeing a's edit; a third store gets b's op before a's: no conflict.
	if _, err := b.UpdateRecord(ctx, bob, "context_issue", r.ID, map[string]any{"title": "Churn (Bob)"}); err != nil {
		t.Fatal(err)
	}
	c := MustOpenDir(t, "", store.Options{InMemory: true})
	fromB, _ := b.OpsAfter(b.Replica(), 0, 0)
	if _, err := c.ApplyRemote(fromB); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ApplyRemote(ops); err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetRecord(ctx, "context_issue", r.ID)
	want, _ := b.GetRecord(ctx, "context_issue", r.ID)
	if got.Title != "Churn (Bob)" || len(got.Conflicts) != 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("on c, which got the superseded op last: %+v\nwant %+v", got, want)
	}
	if err := c.VerifyReplay(); err != nil {
		t.Error(err)
	}
	// This device's own ops coming back are duplicates; one it never wrote is refused.
	if res, err := a.ApplyRemote(ops); err != nil || res.Skipped != len(ops) {
		t.Errorf("a's own ops back: %+v, %v", res, err)
	}
	forged := ops[0]
	forged.ID, forged.Seq = "forged", a.Seq()+1
	if _, err := a.ApplyRemote([]ims.Op{forged}); err == nil || !strings.Contains(err.Error(), "this device's") {
		t.Errorf("an op of a's replica that a never wrote: %v", err)
	}
	// A malformed op is refused before anything is written.
	bad := ops[0]
	bad.Seq = 0
	if _, err := c.ApplyRemote([]ims.Op{bad}); err == nil {
		t.Error("an op without a seq was applied")
	}
}

// An edit from another device that reaches this one before the record's create makes no
// record until the create arrives.
func TestApplyRemoteBeforeTheCreate(t *testing.T) {
	a := MustOpenDir(t, "", store.Options{InMemory: true})
	b := MustOpenDir(t, "", store.Options{InMemory: true})
	r := mustCreate(t, a, "context_issue", map[string]any{"title": "Early", "type": "internal"})
	ops, _ := a.OpsAfter(a.Replica(), 0, 0)
	b.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}) // the kind is cached before the ops arrive
	if _, err := b.ApplyRemote(ops[1:]); err != nil {
		t.Fatal(err)
	}
	if list, _ := b.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}); len(list.Records) != 0 {
		t.Errorf("before the create: listed %+v", list.Records)
	}
	if _, err := b.GetRecord(ctx, "context_issue", r.ID); ims.AsError(err).Code != ims.ENOTFOUND {
		t.Errorf("before the create: GetRecord err = %v", err)
	}
	if _, err := b.ApplyRemote(ops[:1]); err != nil {
		t.Fatal(err)
	}
	if got, err := b.GetRecord(ctx, "context_issue", r.ID); err != nil || got.Title != "Early" {
		t.Errorf("after the create: %+v, %v", got, err)
	}
}

// Migration 2 upgrades a workspace written before sync: its ops are indexed by replica and
// its states rebuilt with the superseded op ids.
func TestMigrationIndexesReplicas(t *testing.T) {
	dir := t.TempDir()
	s := MustOpenDir(t, dir, store.Options{})
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "Old", "type": "internal"})
	if _, err := s.UpdateRecord(ctx, ada, "context_issue", r.ID, map[string]any{"title": "Older"}); err != nil {
		t.Fatal(err)
	}
	seq := s.Seq()
	for _, p := range []string{"rep/", "vv/", "meta/migration/0002"} {
		if err := s.RawDropPrefix(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RawSet("meta/schema_version", "1"); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir, store.Options{})
	if vv := s.VersionVector(); len(vv) != 1 || vv[s.Replica()] != seq {
		t.Errorf("version vector after migration: %v, want %s at %d", vv, s.Replica(), seq)
	}
	if ops, err := s.OpsAfter(s.Replica(), 0, 0); err != nil || uint64(len(ops)) != seq {
		t.Errorf("OpsAfter after migration: %d ops, %v", len(ops), err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
	if v, _, _ := s.RawGet("meta/schema_version"); v != "3" { // migration 2 and every one after it ran
		t.Errorf("schema version %q", v)
	}
}

// Ops that take many commits to apply, each record touched in every one of them (its
// create, then one set per pass over all records): what is on disk after the call is the
// last value of every record, in step with the log, and each record is announced once;
// the same when ApplyRemote may keep only a few records in memory across its commits.
func TestApplyRemoteManyCommits(t *testing.T) {
	t.Run("all records kept", testApplyRemoteManyCommits)
	t.Run("a hundred records kept", func(t *testing.T) {
		defer store.SetMaxRemoteEntities(100)()
		testApplyRemoteManyCommits(t)
	})
}

func testApplyRemoteManyCommits(t *testing.T) {
	const records, passes = 1000, 10
	hlc := uint64(time.Now().UnixMilli()) << 16
	var ops []ims.Op
	op := func(o ims.Op) {
		hlc++
		o.Replica, o.Seq, o.HLC, o.Kind = "writer", uint64(len(ops)+1), hlc, "context_issue"
		ops = append(ops, o)
	}
	for e := range records {
		op(ims.Op{ID: fmt.Sprintf("c%04d", e), Type: ims.OpCreate, Entity: fmt.Sprintf("e%04d", e)})
	}
	for p := range passes {
		for e := range records {
			var pred []string
			if p > 0 {
				pred = []string{fmt.Sprintf("s%04d-%d", e, p-1)}
			}
			op(ims.Op{ID: fmt.Sprintf("s%04d-%d", e, p), Type: ims.OpSet, Entity: fmt.Sprintf("e%04d", e), Field: "title",
				Value: fmt.Sprintf("Issue %d pass %d", e, p), Pred: pred})
		}
	}
	changed := map[string]int{}
	dir := filepath.Join(t.TempDir(), "db")
	opts := store.Options{OnChange: func(c ims.RecordChange) { changed[c.ID]++ }}
	s := MustOpenDir(t, dir, opts)
	if res, err := s.ApplyRemote(ops); err != nil || res.Applied != len(ops) {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	if len(changed) != records {
		t.Errorf("OnChange told of %d records, want %d", len(changed), records)
	}
	for id, n := range changed {
		if n != 1 {
			t.Errorf("OnChange told of %s %d times", id, n)
			break
		}
	}
	s = reopen(t, s, dir, store.Options{})
	if vv := s.VersionVector(); vv["writer"] != uint64(len(ops)) {
		t.Errorf("version vector after reopening: %v, want writer at %d", vv, len(ops))
	}
	list, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Limit: records})
	if err != nil || list.Total != records {
		t.Fatalf("list after reopening: %d records, %v", list.Total, err)
	}
	for _, r := range list.Records {
		var e int
		fmt.Sscanf(r.ID, "e%04d", &e)
		if want := fmt.Sprintf("Issue %d pass %d", e, passes-1); r.Title != want || len(r.Conflicts) != 0 {
			t.Fatalf("%s on disk: %q %v, want %q", r.ID, r.Title, r.Conflicts, want)
		}
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
	if res, err := s.ApplyRemote(ops); err != nil || res.Applied != 0 || res.Skipped != len(ops) {
		t.Errorf("second apply: %+v, %v: want everything skipped", res, err)
	}
}
