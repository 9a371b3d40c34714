package store

import (
	"encoding/binary"
	"errors"
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
	// Nanoseconds plus a counter: two backups in the same instant never overwrite each other.
	stamp := time.Now().UTC().Format("20060102T150405.000000000Z")
	path := filepath.Join(dir, "keel-"+stamp+backupSuffix)
	for i := 1; fileExists(path); i++ {
		path = filepath.Join(dir, fmt.Sprintf("keel-%s-%d%s", stamp, i, backupSuffix))
	}
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
	if err := checkBackupFrames(f); err != nil {
		return fmt.Errorf("read backup %s: %w", filepath.Base(backup), err)
	}
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
	// A well-framed file that holds no workspace (an empty file, another Badger's backup)
	// must not replace one.
	var version string
	err = db.View(func(txn *badger.Txn) error { version, err = getString(txn, keySchemaVersion); return err })
	if err == nil && version == "" {
		err = errNotBackup
	}
	if err != nil {
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

var errNotBackup = errors.New("not a Keel backup, or damaged")

// checkBackupFrames walks the backup's frames (an 8-byte little-endian length, then that
// many bytes) before Badger reads it: Badger's Load trusts each length and panics on a
// huge one, so a damaged or foreign file must be refused here.
func checkBackupFrames(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	if size == 0 {
		return errNotBackup
	}
	var hdr [8]byte
	for off := int64(0); off < size; {
		if size-off < int64(len(hdr)) {
			return errNotBackup
		}
		if _, err := f.ReadAt(hdr[:], off); err != nil {
			return err
		}
		off += int64(len(hdr))
		n := binary.LittleEndian.Uint64(hdr[:])
		if n > uint64(size-off) {
			return errNotBackup
		}
		off += int64(n)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
