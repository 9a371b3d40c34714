package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
)

func issueRows(n int) []map[string]any {
	rows := make([]map[string]any, n)
	for i := range rows {
		rows[i] = map[string]any{"title": fmt.Sprintf("Imported %05d", i), "type": "external", "status": "open"}
	}
	return rows
}

func liveCount(t *testing.T, s *store.Store, kind string) int {
	t.Helper()
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// A batch that dies part-way (the process stops after its first transactions committed)
// leaves nothing of it once the workspace opens again; one that fails in the process
// leaves nothing at once, not even ops in the log.
func TestBatchAllOrNothing(t *testing.T) {
	t.Run("a crash part-way: the next open takes the batch out", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "db")
		s := MustOpenDir(t, dir, store.Options{})
		mustCreate(t, s, "context_issue", map[string]any{"title": "Before", "type": "internal"})
		ops, seq := opCount(t, s), s.Seq()
		died := func() (v any) {
			defer func() { v = recover() }()
			cctx := ims.WithProgress(ctx, func(done, total int) {
				if done > 0 && done < total {
					panic("the process dies here")
				}
			})
			s.CreateRecords(cctx, ada, "context_issue", issueRows(3000))
			return nil
		}()
		if died == nil {
			t.Fatal("the batch never reported progress between its transactions")
		}
		if n := liveCount(t, s, "context_issue"); n <= 1 {
			t.Fatalf("the crash simulation committed nothing (%d live): the test proves nothing", n)
		}
		s = reopen(t, s, dir, store.Options{})
		if n := liveCount(t, s, "context_issue"); n != 1 {
			t.Fatalf("%d records live after reopening, want only the one from before the import", n)
		}
		if got := opCount(t, s); got != ops || s.Seq() != seq {
			t.Errorf("ops %d (want %d), seq %d (want %d) after the rollback", got, ops, s.Seq(), seq)
		}
		if err := s.VerifyReplay(); err != nil {
			t.Error(err)
		}
		// The workspace goes on as before: a new import lands whole.
		if _, err := s.CreateRecords(ctx, ada, "context_issue", issueRows(10)); err != nil {
			t.Fatal(err)
		}
		if n := liveCount(t, s, "context_issue"); n != 11 {
			t.Errorf("%d records after a later import, want 11", n)
		}
	})
	t.Run("a failure part-way takes out what was written at once", func(t *testing.T) {
		s := MustOpen(t)
		ops := opCount(t, s)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var heard []int
		cctx = ims.WithProgress(cctx, func(done, total int) {
			heard = append(heard, done)
			cancel() // the disk fills, the user cancels: the next record fails
		})
		if _, err := s.CreateRecords(cctx, ada, "context_issue", issueRows(3000)); err == nil {
			t.Fatal("a cancelled batch succeeded")
		}
		if len(heard) == 0 {
			t.Fatal("no progress was reported before the batch failed")
		}
		if n := liveCount(t, s, "context_issue"); n != 0 {
			t.Errorf("%d records live after a failed batch", n)
		}
		if got := opCount(t, s); got != ops {
			t.Errorf("%d ops left in the log by a failed batch", got-ops)
		}
	})
}

// A rebuild over a log that names a register this build does not know changes nothing and
// says why, every time.
func TestRebuildUnknownKindChangesNothing(t *testing.T) {
	s := MustOpen(t)
	for i := range 3 {
		mustCreate(t, s, "context_issue", map[string]any{"title": fmt.Sprint("Issue ", i), "type": "internal"})
	}
	op, _ := json.Marshal(ims.Op{ID: "future-op", Replica: s.Replica(), Seq: 999, HLC: 1, Type: ims.OpCreate, Kind: "quantum_register", Entity: "q1"})
	if err := s.RawSet("op/0000000000000001/future-op", string(op)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	for range 2 {
		_, err := s.Rebuild()
		if err == nil || !strings.Contains(err.Error(), "quantum_register") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("rebuild = %v, want an error naming the unknown register", err)
		}
		if n := liveCount(t, s, "context_issue"); n != 3 {
			t.Fatalf("%d records after a refused rebuild, want 3", n)
		}
		if after := snapshot(t, s); after != before {
			t.Fatal("a refused rebuild changed the records")
		}
	}
}

// A workspace written by a newer Keel opens read-only: reads work, writes are refused with
// the reason.
func TestNewerWorkspaceOpensReadOnly(t *testing.T) {
	for _, tc := range []struct{ name, key, value string }{
		{"a newer migration", "meta/schema_version", "99"},
		{"an unknown register", "ent/quantum_register/q1", `{"id":"q1","kind":"quantum_register"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			s := MustOpenDir(t, dir, store.Options{})
			r := mustCreate(t, s, "context_issue", map[string]any{"title": "Kept", "type": "internal"})
			if err := s.RawSet(tc.key, tc.value); err != nil {
				t.Fatal(err)
			}
			s = reopen(t, s, dir, store.Options{OpenNewer: true})
			if !strings.Contains(s.ReadOnly(), "newer Keel") {
				t.Fatalf("ReadOnly() = %q", s.ReadOnly())
			}
			if got := mustGet(t, s, "context_issue", r.ID); got.Title != "Kept" {
				t.Errorf("read %q", got.Title)
			}
			_, err := s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "New", "type": "internal"})
			wantError(t, err, ims.EFORBIDDEN, "", "read-only")
			if _, err := s.Rebuild(); err == nil || !strings.Contains(err.Error(), "read-only") {
				t.Errorf("rebuild of a read-only workspace = %v", err)
			}
			if n := liveCount(t, s, "context_issue"); n != 1 {
				t.Errorf("%d records, want 1", n)
			}
		})
	}
}

// Every single-byte change anywhere in a backup is refused before anything is replaced.
func TestBackupEveryByteFlipRefused(t *testing.T) {
	root := t.TempDir()
	files := filepath.Join(root, "ws")
	mustWrite(t, filepath.Join(files, "sync.json"), `{"key":"k"}`)
	dbDir := filepath.Join(files, "db")
	s := MustOpenDir(t, dbDir, store.Options{BackupDir: filepath.Join(files, "backups"), FilesDir: files})
	mustCreate(t, s, "context_issue", map[string]any{"title": "Backed up", "type": "internal"})
	backup, err := s.Backup()
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "context_issue", map[string]any{"title": "After", "type": "internal"})
	current := snapshot(t, s)
	s.Close()
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.VerifyBackup(backup); err != nil {
		t.Fatalf("a good backup does not verify: %v", err)
	}
	bad := filepath.Join(root, "flipped.keel-backup")
	step := max(1, len(good)/4000) // every byte of a small backup, a dense sample of a larger one
	tried := 0
	for i := 0; i < len(good); i += step {
		b := bytes.Clone(good)
		b[i] ^= byte(1 << (i % 8))
		if err := os.WriteFile(bad, b, 0o600); err != nil {
			t.Fatal(err)
		}
		tried++
		if _, err := store.VerifyBackup(bad); err == nil {
			t.Fatalf("a backup with byte %d of %d changed verifies", i, len(good))
		}
		if i%97 == 0 { // restoring refuses it too, and changes nothing
			if err := store.RestoreTo(store.RestoreTarget{DBDir: dbDir, FilesDir: files, SafetyDir: filepath.Join(files, "backups")}, bad); err == nil {
				t.Fatalf("restore accepted a backup with byte %d changed", i)
			}
		}
	}
	s = MustOpenDir(t, dbDir, store.Options{})
	if got := snapshot(t, s); got != current {
		t.Error("a refused restore changed the records")
	}
	s.Close()
	t.Logf("%d of %d bytes flipped, every one refused", tried, len(good))
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A backup carries the workspace's own files and a restore puts them back; the restore
// first writes a safety copy of what it replaces, even after an unclean close.
func TestBackupCarriesFilesAndRestoreKeepsASafetyCopy(t *testing.T) {
	files := filepath.Join(t.TempDir(), "ws")
	mustWrite(t, filepath.Join(files, "sync.json"), `{"key":"before"}`)
	mustWrite(t, filepath.Join(files, "blobs", "ab12"), "evidence bytes")
	mustWrite(t, filepath.Join(files, "logo.png"), "png")
	dbDir, backups := filepath.Join(files, "db"), filepath.Join(files, "backups")
	s := MustOpenDir(t, dbDir, store.Options{BackupDir: backups, FilesDir: files})
	mustCreate(t, s, "context_issue", map[string]any{"title": "In the backup", "type": "internal"})
	backup, err := s.Backup()
	if err != nil {
		t.Fatal(err)
	}
	info, err := store.VerifyBackup(backup)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"blobs/ab12", "logo.png", "sync.json"}; !slices.Equal(info.Files, want) {
		t.Errorf("backup carries %v, want %v", info.Files, want)
	}
	mustCreate(t, s, "context_issue", map[string]any{"title": "Only in the current state", "type": "internal"})
	os.Remove(filepath.Join(files, "blobs", "ab12"))
	mustWrite(t, filepath.Join(files, "sync.json"), `{"key":"after"}`)
	s.Close() // closed without the closing backup: no copy of this state exists but the restore's
	if err := store.RestoreTo(store.RestoreTarget{DBDir: dbDir, FilesDir: files, SafetyDir: backups}, backup); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"sync.json": `{"key":"before"}`, "blobs/ab12": "evidence bytes", "logo.png": "png"} {
		if b, err := os.ReadFile(filepath.Join(files, name)); err != nil || string(b) != want {
			t.Errorf("%s after restore = %q (%v), want %q", name, b, err, want)
		}
	}
	all, _ := store.Backups(backups)
	var safety string
	for _, p := range all {
		if strings.Contains(p, "before-restore") {
			safety = p
		}
	}
	if safety == "" {
		t.Fatalf("no safety copy among %v", all)
	}
	// The safety copy holds the state the restore replaced.
	if err := store.RestoreTo(store.RestoreTarget{DBDir: dbDir, SafetyDir: backups}, safety); err != nil {
		t.Fatal(err)
	}
	s = MustOpenDir(t, dbDir, store.Options{})
	if n := liveCount(t, s, "context_issue"); n != 2 {
		t.Errorf("the safety copy holds %d records, want the 2 of the replaced state", n)
	}
	s.Close()
}

// The integrity check finds nothing in a sound workspace and names every problem it finds.
func TestCheck(t *testing.T) {
	s := MustOpen(t)
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "Sound", "type": "internal", "status": "open",
		"attachments": []string{strings.Repeat("a", 64) + "/minutes.pdf"}})
	ok := func(string) error { return nil }
	rep, err := s.Check(ok)
	if err != nil || rep.Total != 0 || rep.Ops == 0 || rep.Entities != 1 || rep.Evidence != 1 {
		t.Fatalf("check of a sound workspace: %+v, %v", rep, err)
	}
	if err := s.RawSet("idx/context_issue/status/closed\x00"+r.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RawSet("ent/context_issue/ghost", `{"id":"ghost","kind":"context_issue"}`); err != nil {
		t.Fatal(err)
	}
	rep, err = s.Check(func(string) error { return fmt.Errorf("has been altered") })
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rep.Problems, "\n")
	for _, want := range []string{"index entry", "ghost is stored but no op", "minutes.pdf", "altered"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q do not mention %q", all, want)
		}
	}
	if rep.Total != len(rep.Problems) || rep.Total < 3 {
		t.Errorf("total %d, problems %d", rep.Total, len(rep.Problems))
	}
}

// A memtable file a kill -9 left empty (created, not yet sized) does not fail the next
// open: the first open after the crash succeeds and keeps every record.
func TestOpenAfterCrashLeftAnEmptyMemtable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := MustOpenDir(t, dir, store.Options{})
	mustCreate(t, s, "context_issue", map[string]any{"title": "Acknowledged", "type": "internal"})
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir, oplog.NewEngine(), store.Options{})
	if err != nil {
		t.Fatalf("the first open after the crash failed: %v", err)
	}
	defer s.Close()
	if n := liveCount(t, s, "context_issue"); n != 1 {
		t.Errorf("%d records after the crash, want 1", n)
	}
}

// A backup from before checksums is refused unless the restore says it takes it unverified.
func TestLegacyBackupOnlyUnverified(t *testing.T) {
	root := t.TempDir()
	dbDir := filepath.Join(root, "db")
	s := MustOpenDir(t, dbDir, store.Options{})
	mustCreate(t, s, "context_issue", map[string]any{"title": "Old", "type": "internal"})
	old := filepath.Join(root, "old.keel-backup")
	f, err := os.Create(old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Backup(f, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	mustCreate(t, s, "context_issue", map[string]any{"title": "New", "type": "internal"})
	s.Close()
	target := store.RestoreTarget{DBDir: dbDir, SafetyDir: filepath.Join(root, "backups")}
	if err := store.RestoreTo(target, old); err == nil || !strings.Contains(err.Error(), "--unverified") {
		t.Fatalf("restore of an old backup = %v", err)
	}
	target.Unverified = true
	if err := store.RestoreTo(target, old); err != nil {
		t.Fatal(err)
	}
	s = MustOpenDir(t, dbDir, store.Options{})
	if n := liveCount(t, s, "context_issue"); n != 1 {
		t.Errorf("%d records after restoring the old backup, want 1", n)
	}
	s.Close()
}
