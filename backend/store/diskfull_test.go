package store_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

// A full disk refuses writes with a clear message and touches nothing; reads work; once
// space is freed, writing goes on and nothing acknowledged is lost.
func TestFullDiskRefusesWritesAndKeepsReads(t *testing.T) {
	var free atomic.Uint64
	free.Store(10 << 30)
	dir := t.TempDir()
	opts := store.Options{FreeSpace: func(string) (uint64, error) { return free.Load(), nil }}
	s := storetest.OpenDir(t, dir, opts)
	actor := ims.Actor{Name: "Ada", Email: "ada@example.com"}
	kept, err := s.CreateRecord(ctx, actor, "action", map[string]any{"title": "Before", "owner": "Ada", "status": "open"})
	if err != nil {
		t.Fatal(err)
	}

	free.Store(3 << 20)
	_, err = s.CreateRecord(ctx, actor, "action", map[string]any{"title": "During", "owner": "Ada", "status": "open"})
	if err == nil || !strings.Contains(err.Error(), "is full: 3.0 MB free") || !strings.Contains(err.Error(), "the disk holding workspace") {
		t.Fatalf("create on a full disk: %v", err)
	}
	if _, err := s.UpdateRecord(ctx, actor, "action", kept.ID, map[string]any{"title": "Changed"}); err == nil {
		t.Fatal("update on a full disk was accepted")
	}
	got, err := s.GetRecord(ctx, "action", kept.ID)
	if err != nil || got.Title != "Before" {
		t.Fatalf("read on a full disk = %+v, %v", got, err)
	}
	if res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "action"}); err != nil || res.Total != 1 {
		t.Fatalf("list on a full disk = %d, %v", res.Total, err)
	}

	free.Store(10 << 30)
	if _, err := s.CreateRecord(ctx, actor, "action", map[string]any{"title": "After", "owner": "Ada", "status": "open"}); err != nil {
		t.Fatalf("create once space is free: %v", err)
	}
	if res, _ := s.ListRecords(ctx, ims.ListQuery{Kind: "action"}); res.Total != 2 {
		t.Fatalf("%d records, want 2", res.Total)
	}
}
