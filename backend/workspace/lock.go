package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBusy is returned by Lock when another Keel (a window, `keel serve`, a command or a
// restore) holds the workspace.
var ErrBusy = errors.New("the workspace is in use by another Keel")

// WorkspaceLock is a held workspace lock: an exclusive lock on <workspace>/keel.lock that
// the operating system lets go when the process ends, even by kill -9.
type WorkspaceLock struct{ f *os.File }

// Lock takes the workspace's lock, or returns ErrBusy at once when another process holds
// it. Opening a workspace and restoring one both hold it from start to end.
func (w Workspaces) Lock(id string) (*WorkspaceLock, error) {
	path := filepath.Join(w.dir(id), "keel.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock workspace: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, ErrBusy
	}
	return &WorkspaceLock{f}, nil
}

// Unlock lets the lock go.
func (l *WorkspaceLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	l.f.Close()
	l.f = nil
	return err
}
