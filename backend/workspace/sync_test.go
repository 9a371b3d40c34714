//go:build !windows

package workspace

import (
	"path/filepath"
	"testing"
)

// The folder a file is renamed into is synced; a folder that cannot be opened fails the
// write rather than passing silently.
func TestSyncDir(t *testing.T) {
	dir := t.TempDir()
	if err := syncDir(dir); err != nil {
		t.Errorf("syncDir(%s) = %v", dir, err)
	}
	if err := syncDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("syncDir of a missing folder succeeded")
	}
}
