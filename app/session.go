// Package app is Keel's edge: the services bound to the UI (thin: decode, call, encode),
// the HTTP transport of the very same services, and the Wails runtime seam.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"keel/backend/ims"
)

// WorkspaceStore is one open workspace: the register service, what the app and the
// command line need of the store beyond it, and its lifecycle. The capabilities are named
// here so the compiler checks that main's store has them.
type WorkspaceStore interface {
	ims.RecordService
	// CreateRecords creates many records of one kind in a few transactions, all or nothing.
	CreateRecords(ctx context.Context, actor ims.Actor, kind string, records []map[string]any) ([]ims.Record, error)
	// WriteRecords creates and updates many records of one kind as one batch, all or nothing.
	WriteRecords(ctx context.Context, actor ims.Actor, kind string, writes []ims.RecordWrite) ([]ims.Record, error)
	RecentChanges(ctx context.Context, limit int) ([]ims.Change, error) // newest first
	Rebuild() (int, error)                                              // derived state from the op log; ops replayed
	// AsOf is the workspace as it stood at the end of a date (YYYY-MM-DD), read-only.
	AsOf(date string) (ims.RecordService, error)
	// Evidence is the workspace's evidence files, nil when this build keeps none. main
	// wires it beside the store (the app never imports backend/evidence).
	Evidence() ims.EvidenceService
	Backup() (string, error)
	// Check is the integrity check: the op log against the stored state, the indexes, and
	// with verify each evidence file's hash. It changes nothing.
	Check(verify func(sha256 string) error) (ims.IntegrityReport, error)
	Changed() bool // written to since it was opened
	Close() error
}

// Workspaces manages the workspace folders and the device identity.
type Workspaces interface {
	List() ([]ims.WorkspaceInfo, error)
	Get(id string) (ims.WorkspaceInfo, error)
	Find(nameOrID string) (ims.WorkspaceInfo, error)
	Create(name string) (ims.WorkspaceInfo, error)
	Rename(id, name string) (ims.WorkspaceInfo, error)
	SetOrganisation(id string, org ims.Organisation) (ims.WorkspaceInfo, error)
	Delete(id string) error
	Identity() (*ims.Actor, error)
	SetIdentity(a ims.Actor) error
	Last() string
	SetLast(id string) error
}

// Opener opens a workspace's store; onChange is called after every committed write.
type Opener func(ws ims.WorkspaceInfo, onChange func(ims.RecordChange)) (WorkspaceStore, error)

// Emitter sends an event to the UI: the Wails runtime in the window, SSE over HTTP.
type Emitter interface {
	Emit(name string, data any)
}

// Session holds what is open: the workspace and its store. The UI sees it only through
// App's methods; main and the CLI drive its lifecycle.
type Session struct {
	version    string
	transport  string
	workspaces Workspaces
	open       Opener
	Log        *slog.Logger

	mu       sync.RWMutex
	current  *ims.WorkspaceInfo
	store    WorkspaceStore
	emitMu   sync.RWMutex
	emitters []Emitter

	packs packJobs    // PDF packs being made and made (pack_jobs.go)
	watch syncWatcher // rounds while the sync folder changes (sync_watch.go)

	auditor auditorState // the evidence bundle open read-only, the auditor's data (auditor.go)

	// saveDialog asks where to save a file (the desktop's native dialog); nil in a browser,
	// which downloads instead (files.go).
	saveDialog func(defaultName string) (string, error)
}

// SetSaveDialog gives the session the window's native save dialog.
func (s *Session) SetSaveDialog(f func(defaultName string) (string, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saveDialog = f
}

// NewSession returns a session with no workspace open.
func NewSession(version, transport string, ws Workspaces, open Opener, log *slog.Logger) *Session {
	if log == nil {
		log = slog.Default()
	}
	return &Session{version: version, transport: transport, workspaces: ws, open: open, Log: log}
}

// App returns the services bound to the UI.
func (s *Session) App() *App { return &App{s: s} }

// AddEmitter registers a transport's event sink.
func (s *Session) AddEmitter(e Emitter) {
	s.emitMu.Lock()
	s.emitters = append(s.emitters, e)
	s.emitMu.Unlock()
}

func (s *Session) emit(name string, data any) {
	s.emitMu.RLock()
	defer s.emitMu.RUnlock()
	for _, e := range s.emitters {
		e.Emit(name, data)
	}
}

// Open opens a workspace by id, closing the one open before.
func (s *Session) Open(id string) (ims.WorkspaceInfo, error) {
	info, err := s.workspaces.Get(id)
	if err != nil {
		return info, err
	}
	s.stopSyncWatch() // a round reads the open workspace: none runs while it changes
	s.mu.Lock()
	if s.current != nil && s.current.ID == id {
		s.mu.Unlock()
		s.restartSyncWatch()
		info.Current = true
		return info, nil
	}
	if err := s.closeLocked(); err != nil {
		s.Log.Error("close workspace", "err", err)
	}
	st, err := s.open(info, func(c ims.RecordChange) { s.emit(ims.EventRecordsChanged, c) })
	if err != nil {
		s.mu.Unlock()
		return info, err
	}
	info.Current = true
	if ro, ok := st.(interface{ ReadOnly() string }); ok {
		info.ReadOnly = ro.ReadOnly()
	}
	s.current, s.store = &info, st
	s.mu.Unlock()
	if err := s.workspaces.SetLast(info.ID); err != nil {
		s.Log.Warn("remember last workspace", "err", err)
	}
	s.restartSyncWatch()
	s.emit(ims.EventWorkspaceChanged, info)
	return info, nil
}

// OpenByName opens a workspace by name or id (the CLI's --workspace).
func (s *Session) OpenByName(name string) (ims.WorkspaceInfo, error) {
	info, err := s.workspaces.Find(name)
	if err != nil {
		return info, err
	}
	return s.Open(info.ID)
}

// Close closes the open workspace, if any, backing it up first when it was changed, and
// the open bundle.
func (s *Session) Close() error {
	s.stopSyncWatch()
	berr := s.closeBundle()
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.closeLocked(), berr)
}

func (s *Session) closeLocked() error {
	if s.store == nil {
		return nil
	}
	var errs []error
	if s.store.Changed() {
		if _, err := s.store.Backup(); err != nil {
			errs = append(errs, fmt.Errorf("backup on close: %w", err))
		}
	}
	if err := s.store.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close workspace: %w", err))
	}
	s.store, s.current = nil, nil
	return errors.Join(errs...)
}

// Current returns the open workspace's store and info, or a forbidden error that says
// what to do.
func (s *Session) Current() (WorkspaceStore, ims.WorkspaceInfo, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.store == nil {
		return nil, ims.WorkspaceInfo{}, ims.Errorf(ims.EFORBIDDEN, "no workspace is open: create or open one first")
	}
	return s.store, *s.current, nil
}

// Actor returns the device identity, or a forbidden error asking for it.
func (s *Session) Actor() (ims.Actor, error) {
	a, err := s.workspaces.Identity()
	if err != nil {
		return ims.Actor{}, err
	}
	if a == nil {
		return ims.Actor{}, ims.Errorf(ims.EFORBIDDEN, "say who you are first (name, email, role): every change carries it")
	}
	return *a, nil
}
