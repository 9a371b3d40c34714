package app

import (
	"errors"
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

// SetFile is one register's file of ImportFiles.
type SetFile struct {
	Kind, Format string
	Data         io.Reader
}

// ImportFiles imports the files of several registers together (`keel import FILE...`), so
// registers that link each other come into a workspace at once: all or nothing, one
// result per file. Problems come back in the first result's Errors, each naming its
// register.
func ImportFiles(a *App, files []SetFile, opts ImportOptions, progress func(done, total int)) ([]ImportResult, error) {
	st, actor, err := a.writer()
	if err != nil {
		return nil, err
	}
	set := make([]tabular.File, len(files))
	for i, f := range files {
		if _, _, set[i].Format, err = a.importTarget(f.Kind, f.Format); err != nil {
			return nil, err
		}
		set[i].Kind, set[i].Data = f.Kind, f.Data
	}
	to, err := opts.tabular()
	if err != nil {
		return nil, err
	}
	to.Progress = progress
	res, err := tabular.ImportSet(bg, st, actor, set, to)
	var ie *tabular.ImportError
	if errors.As(err, &ie) {
		return []ImportResult{{Kind: files[0].Kind, IDs: []string{}, Errors: ie.Errors, Message: ie.Error()}}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]ImportResult, len(res))
	for i, r := range res {
		out[i] = importResult(r)
	}
	return out, nil
}

// ImportFile is ImportRecords for a file read from disk (`keel import`), reporting progress
// as records are created: all or nothing, with the same result.
func ImportFile(a *App, kind, format string, r io.Reader, opts ImportOptions, progress func(done, total int)) (ImportResult, error) {
	st, actor, f, to, err := a.importSetup(kind, format, opts)
	if err != nil {
		return ImportResult{}, err
	}
	to.Progress = progress
	return a.importRows(st, actor, kind, f, r, to)
}
