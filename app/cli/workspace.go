package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"keel/app"
	"keel/backend/evidence"
	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	"keel/backend/workspace"
)

// StoreOpener opens the workspaces of ws: the Badger store on the op log engine, keeping
// keepBackups backups (0: the store's default), and the evidence files beside it, none larger
// than maxEvidence bytes (0: the evidence store's default). main and the tests open
// workspaces through it and nothing else.
func StoreOpener(ws workspace.Workspaces, keepBackups int, maxEvidence int64) app.Opener {
	return func(info ims.WorkspaceInfo, onChange func(ims.RecordChange)) (app.WorkspaceStore, error) {
		// The workspace lock first: a restore holds it from start to end.
		lock, err := ws.Lock(info.ID)
		if errors.Is(err, workspace.ErrBusy) {
			return nil, busy(info)
		} else if err != nil {
			return nil, err
		}
		st, err := store.Open(ws.DBDir(info.ID), oplog.NewEngine(), store.Options{
			OnChange: onChange, BackupDir: ws.BackupDir(info.ID), KeepBackups: keepBackups, Rules: app.StoreRules(), OpenNewer: true,
			FilesDir: info.Path})
		if err != nil {
			lock.Unlock()
		}
		if errors.Is(err, store.ErrLocked) {
			return nil, busy(info)
		}
		if err != nil {
			return nil, fmt.Errorf("open workspace %q: %w", info.Name, err)
		}
		return openWorkspace{st, evidence.Open(info.Path, maxEvidence), lock}, nil
	}
}

func busy(info ims.WorkspaceInfo) error {
	return ims.Errorf(ims.ECONFLICT, "workspace %q is open in another Keel (a window, `keel serve`, a command or a restore): close it there first", info.Name)
}

// openWorkspace is one open workspace as the app sees it: the store's records plus the
// evidence files kept beside it, and the workspace lock held while it is open.
type openWorkspace struct {
	*store.Store
	evidence *evidence.Store
	lock     *workspace.WorkspaceLock
}

// Close closes the store, then lets the workspace lock go.
func (w openWorkspace) Close() error {
	err := w.Store.Close()
	if uerr := w.lock.Unlock(); err == nil {
		err = uerr
	}
	return err
}

// Evidence returns the workspace's content-addressed evidence files.
func (w openWorkspace) Evidence() ims.EvidenceService { return w.evidence }

func logger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("KEEL_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// session wires the data folder's workspaces into the app services; nothing is open yet.
func (e *env) session(transport string) (*app.Session, workspace.Workspaces) {
	ws := workspace.Workspaces{Root: e.g.data}
	logTo := e.deps.Stderr
	if e.g.data != "" {
		logTo = io.MultiWriter(e.deps.Stderr, newLogFile(e.g.data)) // logs/keel.log, rotated
	}
	return app.NewSession(e.deps.Version, transport, ws, e.deps.Open(ws), logger(logTo)), ws
}

// openDefault opens --workspace, else the one used last, else the only one there is. When
// required is false, finding none to open is not an error.
func (e *env) openDefault(sess *app.Session, ws workspace.Workspaces, required bool) error {
	if e.g.workspace != "" {
		_, err := sess.OpenByName(e.g.workspace)
		return err
	}
	if last := ws.Last(); last != "" {
		if _, err := ws.Get(last); err == nil {
			_, err = sess.Open(last)
			return err
		}
	}
	all, err := ws.List()
	if err != nil {
		return err
	}
	switch {
	case len(all) == 1:
		_, err = sess.Open(all[0].ID)
		return err
	case !required:
		return nil
	case len(all) == 0:
		return ims.Errorf(ims.ENOTFOUND, "there are no workspaces yet: `keel workspace create NAME` or `keel demo`")
	}
	names := make([]string, len(all))
	for i, w := range all {
		names[i] = w.Name
	}
	return ims.Errorf(ims.EINVALID, "choose a workspace with --workspace NAME (there are: %s)", strings.Join(names, ", "))
}

// open is the one way a command opens its workspace: a session with the default workspace
// open. The caller closes the session.
func (e *env) open() (*app.Session, error) {
	sess, ws := e.session("cli")
	if err := e.openDefault(sess, ws, true); err != nil {
		sess.Close()
		return nil, err
	}
	if _, info, err := sess.Current(); err == nil && info.ReadOnly != "" {
		fmt.Fprintln(e.deps.Stderr, "keel: note:", info.ReadOnly)
	}
	return sess, nil
}

// run calls do on the app services with no workspace open (workspaces, identity, the
// catalogue) and prints what it returns.
func run[T any](e *env, do func(s *app.Session) (T, error), text func(w io.Writer, v T)) error {
	sess, _ := e.session("cli")
	defer sess.Close()
	v, err := do(sess)
	return printed(e, v, err, text)
}

// inWorkspace is run with the default workspace open.
func inWorkspace[T any](e *env, do func(s *app.Session) (T, error), text func(w io.Writer, v T)) error {
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	v, err := do(sess)
	return printed(e, v, err, text)
}

func printed[T any](e *env, v T, err error, text func(w io.Writer, v T)) error {
	if err != nil {
		return err
	}
	return e.print(v, func(w io.Writer) { text(w, v) })
}
