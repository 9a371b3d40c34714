package app

import (
	"io"

	"keel/backend/ims"
	"keel/backend/tabular"
)

// What the command line (app/cli) needs beyond the services bound to the UI. These are
// functions, not App methods, so that they stay off the Wails and HTTP API.

// NewWorkspace creates a workspace without opening it (`keel workspace create`): opening it
// would make it the one used last.
func NewWorkspace(s *Session, name string) (ims.WorkspaceInfo, error) {
	return s.workspaces.Create(name)
}

// FindWorkspace finds a workspace by name or id (`keel workspace rename|delete NAME`).
func FindWorkspace(s *Session, nameOrID string) (ims.WorkspaceInfo, error) {
	return s.workspaces.Find(nameOrID)
}

// ImportFile is ImportRecords for a file read from disk (`keel import`), reporting progress
// as records are created: all or nothing, with the same result.
func ImportFile(a *App, kind, format string, r io.Reader, progress func(done, total int)) (ImportResult, error) {
	st, actor, f, err := a.importTarget(kind, format)
	if err != nil {
		return ImportResult{}, err
	}
	return a.importRows(st, actor, kind, f, r, tabular.Options{Progress: progress})
}
