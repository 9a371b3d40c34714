package cli

import (
	"errors"
	"fmt"
	"io"

	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/workspace"
)

// restoreLocked replaces the workspace with the backup while holding its lock, so no Keel
// opens it part-way; a safety copy of the current state goes into its backups folder.
func restoreLocked(ws workspace.Workspaces, info ims.WorkspaceInfo, file string, unverified bool) error {
	lock, err := ws.Lock(info.ID)
	if errors.Is(err, workspace.ErrBusy) {
		return busy(info)
	} else if err != nil {
		return err
	}
	defer lock.Unlock()
	return store.RestoreTo(store.RestoreTarget{DBDir: ws.DBDir(info.ID), FilesDir: info.Path, SafetyDir: ws.BackupDir(info.ID), Unverified: unverified}, file)
}

type backupVerifyCmd struct {
	File string `arg:"" help:"The backup file (.keel-backup)."`
}

func (c backupVerifyCmd) Run(e *env) error {
	info, err := store.VerifyBackup(c.File)
	if err != nil {
		return err
	}
	return e.print(info, func(w io.Writer) {
		fmt.Fprintf(w, "%s is a good backup: its checksum matches; the database (%d bytes) and %d of the workspace's files\n", c.File, info.DBBytes, len(info.Files))
	})
}

type checkCmd struct{}

func (checkCmd) Run(e *env) error {
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	rep, err := sess.App().CheckWorkspace()
	if err != nil {
		return err
	}
	if err := e.print(rep, func(w io.Writer) { checkText(w, rep) }); err != nil {
		return err
	}
	if rep.Total > 0 {
		return ims.Errorf(ims.ECONFLICT, "the check found %d problem(s)", rep.Total)
	}
	return nil
}

func checkText(w io.Writer, rep ims.IntegrityReport) {
	for _, p := range rep.Problems {
		fmt.Fprintln(w, "problem:", p)
	}
	if more := rep.Total - len(rep.Problems); more > 0 {
		fmt.Fprintf(w, "and %d more problems\n", more)
	}
	state := "all is well"
	if rep.Total > 0 {
		state = fmt.Sprintf("%d problem(s)", rep.Total)
	}
	fmt.Fprintf(w, "checked %d ops, %d records, %d index entries, %d evidence files: %s\n", rep.Ops, rep.Entities, rep.Indexes, rep.Evidence, state)
}
