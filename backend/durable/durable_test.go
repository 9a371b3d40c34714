//go:build !windows

package durable

import (
	"path/filepath"
	"testing"
)

// The folder a file is renamed into is synced; a folder that cannot be opened fails the
// write rather than passing silently.
func TestSyncDir(t *testing.T) {
	dir := t.TempDir()
	if err := SyncDir(dir); err != nil {
		t.Errorf("SyncDir(%s) = %v", dir, err)
	}
	if err := SyncDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("syncDir of a missing folder succeeded")
	}
}
