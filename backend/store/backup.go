package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const backupSuffix = ".keel-backup"

// Backup writes a backup into the configured folder, keeping the newest KeepBackups (10
// when unset).
func (s *Store) Backup() (string, error) {
	if s.opts.BackupDir == "" {
		return "", fmt.Errorf("no backup folder configured")
	}
	keep := s.opts.KeepBackups
	if keep <= 0 {
		keep = 10
	}
	return s.BackupTo(s.opts.BackupDir, keep)
}

// BackupTo writes a full backup of the database into dir, named by time, and keeps only the
// newest keep backups there. It returns the new file's path.
func (s *Store) BackupTo(dir string, keep int) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create backup folder: %w", err)
	}
	name := "keel-" + time.Now().UTC().Format("20060102T150405.000Z") + backupSuffix
	path := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, ".partial-*")
	if err != nil {
		return "", fmt.Errorf("create backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := s.db.Backup(tmp, 0); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	if err := pruneBackups(dir, keep); err != nil {
		return path, err
	}
	return path, nil
}

// Backups lists the backups in dir, newest first.
func Backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), backupSuffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

func pruneBackups(dir string, keep int) error {
	all, err := Backups(dir)
	if err != nil || keep <= 0 {
		return err
	}
	for _, p := range all[min(keep, len(all)):] {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// RestoreBackup replaces the database in dbDir with the backup file. The database must be
// closed. The current database is kept beside it as <dbDir>.before-restore-<time> until the
// restore has succeeded, so a failed restore loses nothing.
func RestoreBackup(dbDir, backup string) error {
	f, err := os.Open(backup)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	fresh := dbDir + ".restoring"
	os.RemoveAll(fresh)
	db, err := badger.Open(badger.DefaultOptions(fresh).WithLogger(nil).WithSyncWrites(true).
		WithMemTableSize(8 << 20).WithValueLogFileSize(64 << 20))
	if err != nil {
		return fmt.Errorf("create restored database: %w", err)
	}
	if err := db.Load(f, 64); err != nil {
		db.Close()
		os.RemoveAll(fresh)
		return fmt.Errorf("read backup %s: %w", filepath.Base(backup), err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	aside := dbDir + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	if _, err := os.Stat(dbDir); err == nil {
		if err := os.Rename(dbDir, aside); err != nil {
			return fmt.Errorf("move current database aside: %w", err)
		}
	}
	if err := os.Rename(fresh, dbDir); err != nil {
		os.Rename(aside, dbDir)
		return fmt.Errorf("put restored database in place: %w", err)
	}
	return os.RemoveAll(aside)
}
