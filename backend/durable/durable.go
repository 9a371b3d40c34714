// Package durable makes Keel's own file moves survive a crash or a power cut: a rename is
// followed by a sync of the folder that holds the new name (and of the old one's, when it
// is another), so after a crash the old or the new file is there, never neither.
package durable

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Rename renames oldPath to newPath and syncs the folders of both.
func Rename(oldPath, newPath string) error {
	if err := os.Rename(oldPath, newPath); err != nil {
		return err
	}
	if err := SyncDir(filepath.Dir(newPath)); err != nil {
		return err
	}
	if from := filepath.Dir(oldPath); from != filepath.Dir(newPath) {
		return SyncDir(from)
	}
	return nil
}

// SyncDir makes the names in dir durable (a rename, a new or removed file). Windows cannot
// sync a directory handle; NTFS journals the rename.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return d.Close()
}
