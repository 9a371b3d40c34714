package store_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

func TestBackupKeepsTheNewest(t *testing.T) {
	backups := filepath.Join(t.TempDir(), "backups")
	s := MustOpenDir(t, filepath.Join(t.TempDir(), "db"), store.Options{BackupDir: backups, KeepBackups: 3})
	var made []string
	for i := range 5 {
		mustCreate(t, s, "context_issue", map[string]any{"title": "issue " + string(rune('A'+i)), "type": "internal"})
		path, err := s.Backup()
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		if slices.Contains(made, path) {
			t.Fatalf("backup %d reused the name %s: it overwrote an earlier backup", i, path)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("backup %d at %s: %v", i, path, err)
		}
		made = append(made, path)
	}
	got, err := store.Backups(backups)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{made[4], made[3], made[2]}
	if !slices.Equal(got, want) {
		t.Errorf("backups kept = %q\nwant the newest three, newest first: %q", got, want)
	}
	entries, _ := os.ReadDir(backups)
	if len(entries) != 3 {
		t.Errorf("backup folder holds %d files, want 3 (no partial files left)", len(entries))
	}
	t.Run("no backup folder configured", func(t *testing.T) {
		_, err := MustOpenMem(t).Backup()
		if err == nil || !strings.Contains(err.Error(), "no backup folder") {
			t.Errorf("Backup without a folder = %v", err)
		}
	})
	t.Run("listing a missing folder is empty", func(t *testing.T) {
		got, err := store.Backups(filepath.Join(t.TempDir(), "none"))
		if err != nil || len(got) != 0 {
			t.Errorf("Backups(missing) = %v, %v", got, err)
		}
	})
}

func TestRestoreBackup(t *testing.T) {
	root := t.TempDir()
	dbDir := filepath.Join(root, "db")
	opts := store.Options{BackupDir: filepath.Join(root, "backups")}
	s := MustOpenDir(t, dbDir, opts)
	kept := mustCreate(t, s, "context_issue", map[string]any{"title": "Kept", "type": "internal", "status": "open"})
	party := mustCreate(t, s, "interested_party", map[string]any{"name": "Regulator", "category": "regulator"})
	if _, err := s.AddLink(ctx, ada, "context_issue", kept.ID, "related_parties", party.ID); err != nil {
		t.Fatal(err)
	}
	backedUp := snapshot(t, s)
	backupOps := opCount(t, s)
	backup, err := s.Backup()
	if err != nil {
		t.Fatal(err)
	}
	// Changes after the backup: an edit, a new record, a delete.
	if _, err := s.UpdateRecord(ctx, bob, "context_issue", kept.ID, map[string]any{"status": "closed", "title": "Changed"}); err != nil {
		t.Fatal(err)
	}
	later := mustCreate(t, s, "context_issue", map[string]any{"title": "Made later", "type": "external"})
	if err := s.DeleteRecord(ctx, bob, "interested_party", party.ID); err != nil {
		t.Fatal(err)
	}
	current := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	corrupt := func(name string, data []byte) string {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		file string
	}{
		{"a file that is not a backup", corrupt("text.keel-backup", []byte("this is not a Keel backup, just some text\n"))},
		{"an empty file", corrupt("empty.keel-backup", nil)},
		{"a truncated backup", corrupt("truncated.keel-backup", good[:len(good)/2])},
		{"a backup with garbage appended", corrupt("tail.keel-backup", append(slices.Clone(good), []byte("\x07garbage")...))},
		{"a missing file", filepath.Join(root, "missing.keel-backup")},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is refused and changes nothing", func(t *testing.T) {
			err := store.RestoreBackup(dbDir, tt.file)
			if err == nil {
				t.Fatal("restore accepted a damaged backup")
			}
			s := MustOpenDir(t, dbDir, opts)
			if got := snapshot(t, s); got != current {
				t.Errorf("records changed by a failed restore:\n got  %s\n want %s", got, current)
			}
			if err := s.VerifyReplay(); err != nil {
				t.Error(err)
			}
			s.Close()
			leftovers, _ := filepath.Glob(dbDir + ".*")
			if len(leftovers) != 0 {
				t.Errorf("failed restore left %v behind", leftovers)
			}
		})
	}

	t.Run("a good backup brings back the backed-up state", func(t *testing.T) {
		if err := store.RestoreBackup(dbDir, backup); err != nil {
			t.Fatal(err)
		}
		s := MustOpenDir(t, dbDir, opts)
		if got := snapshot(t, s); got != backedUp {
			t.Errorf("restored records:\n got  %s\n want %s", got, backedUp)
		}
		if n := opCount(t, s); n != backupOps {
			t.Errorf("restored op log has %d ops, want %d", n, backupOps)
		}
		if _, err := s.GetRecord(ctx, "context_issue", later.ID); ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("record made after the backup: %v, want not found", err)
		}
		if err := s.VerifyReplay(); err != nil {
			t.Error(err)
		}
		// The restored workspace takes new edits and its history goes on.
		if _, err := s.UpdateRecord(ctx, ada, "context_issue", kept.ID, map[string]any{"status": "monitored"}); err != nil {
			t.Fatal(err)
		}
		h, err := s.History(ctx, "context_issue", kept.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range h {
			if e.Value == "Changed" {
				t.Errorf("history holds an edit made after the backup: %+v", e)
			}
		}
		if last := h[len(h)-1]; last.Value != "monitored" {
			t.Errorf("last history entry = %+v", last)
		}
		leftovers, _ := filepath.Glob(dbDir + ".*")
		if len(leftovers) != 0 {
			t.Errorf("restore left %v behind", leftovers)
		}
	})
}
