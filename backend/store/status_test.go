package store_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// A second implementation status for an item is refused, naming the first; the first can
// always be changed, and one in the bin blocks nothing.
func TestOneStatusPerItem(t *testing.T) {
	s := MustOpenDir(t, "", store.Options{InMemory: true})
	first := mustCreate(t, s, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "planned"})
	_, err := s.CreateRecord(ctx, ada, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "implemented"})
	if e := ims.AsError(err); err == nil || e.Field != "item" || !strings.Contains(e.Message, first.ID) || !strings.Contains(e.Message, "A.6.2.6") ||
		e.Existing != "control_status/"+first.ID {
		t.Fatalf("second status = %v; want refused at item, naming %s", err, first.ID)
	}
	if _, err := s.UpdateRecord(ctx, ada, "control_status", first.ID, map[string]any{"status": "implemented"}); err != nil {
		t.Errorf("changing the one status: %v", err)
	}
	other := mustCreate(t, s, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.5", "status": "planned"})
	if _, err := s.UpdateRecord(ctx, ada, "control_status", other.ID, map[string]any{"item": "iso42001-2023:A.6.2.6"}); ims.AsError(err).Field != "item" {
		t.Errorf("moving another status onto the item = %v; want refused", err)
	}
	if err := s.DeleteRecord(ctx, ada, "control_status", first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRecord(ctx, ada, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "partial"}); err != nil {
		t.Errorf("a status after the first went to the bin: %v", err)
	}
	if res, _ := s.ListRecords(ctx, ims.ListQuery{Kind: "control_status"}); res.Total != 2 {
		t.Errorf("%d live statuses, want 2", res.Total)
	}
}

// Migration 3 merges the duplicates two devices made before a sync: the latest updated is
// kept with what only the other said, the other goes to the bin with its history.
func TestMigrationMergesDuplicateStatuses(t *testing.T) {
	dir := t.TempDir()
	a := MustOpenDir(t, "", store.Options{InMemory: true})
	b := MustOpenDir(t, dir, store.Options{})
	older := mustCreate(t, a, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "planned",
		"owner": "Bo", "notes": "from device A"})
	newer := mustCreate(t, b, "control_status", map[string]any{"item": "iso42001-2023:A.6.2.6", "status": "implemented", "evidence": "monitoring log"})
	lone := mustCreate(t, b, "control_status", map[string]any{"item": "iso42001-2023:A.5.2", "status": "partial"})
	ops, err := a.OpsAfter(a.Replica(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ApplyRemote(ops); err != nil {
		t.Fatal(err)
	}
	if res, _ := b.ListRecords(ctx, ims.ListQuery{Kind: "control_status", Filters: map[string]string{"item": "iso42001-2023:A.6.2.6"}}); res.Total != 2 {
		t.Fatalf("before the migration: %d statuses for the item, want the 2 a sync brought", res.Total)
	}
	if err := b.RawDropPrefix("meta/migration/0003"); err != nil {
		t.Fatal(err)
	}
	if err := b.RawSet("meta/schema_version", "2"); err != nil {
		t.Fatal(err)
	}
	b = reopen(t, b, dir, store.Options{})
	res, _ := b.ListRecords(ctx, ims.ListQuery{Kind: "control_status"})
	if res.Total != 2 {
		t.Fatalf("after the migration: %d statuses, want one per item (2)", res.Total)
	}
	// The latest updated is kept; two writes in the same millisecond tie, so either may be.
	x, _ := b.GetRecord(ctx, "control_status", older.ID)
	y, _ := b.GetRecord(ctx, "control_status", newer.ID)
	kept, gone := x, y
	if x.Deleted {
		kept, gone = y, x
	}
	notes, _ := kept.Fields["notes"].(string)
	if kept.Deleted || !gone.Deleted || kept.Fields["owner"] != "Bo" || kept.Fields["evidence"] != "monitoring log" ||
		!strings.Contains(notes, gone.ID) || !strings.Contains(notes, "from device A") {
		t.Errorf("kept = %+v, the duplicate = %+v; want one kept with what both said, the other in the bin", kept, gone)
	}
	if h, _ := b.History(ctx, "control_status", gone.ID); len(h) < 3 {
		t.Errorf("the duplicate's history has %d entries; want its writes and the delete", len(h))
	}
	if r, _ := b.GetRecord(ctx, "control_status", lone.ID); r.Deleted || r.Fields["notes"] != nil {
		t.Errorf("a single status was touched: %+v", r)
	}
	if err := b.VerifyReplay(); err != nil {
		t.Error(err)
	}
	if v, _, _ := b.RawGet("meta/schema_version"); v != "3" {
		t.Errorf("schema version %q", v)
	}
}
