package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"strings"

	"github.com/google/uuid"

	"keel/backend/ims"
	"keel/backend/tabular"
)

// Import, export and backup run as jobs of the pack jobs' kind, so the UI shows their
// progress and can cancel them the same way: poll PackStatus, stop with CancelPack.

// startJob runs work in the background as a job of the given kind. work reports progress
// with step; it returns how to fill in the finished job. A job cancelled before work
// returns is marked cancelled, and undo (when set) takes back what it made.
func (a *App) startJob(kind, first string, work func(ctx context.Context, step func(percent int, text string)) (done func(*PackJob), undo func(), err error)) PackJob {
	ctx, cancel := context.WithCancel(context.Background())
	job := &packJob{PackJob: PackJob{ID: uuid.NewString(), Kind: kind, State: JobRunning, Step: first}, cancel: cancel}
	jobs := &a.s.packs
	jobs.add(job)
	step := func(percent int, text string) {
		jobs.update(job, func(v *PackJob) { v.Percent, v.Step = percent, text })
	}
	gate := packGate
	go func() {
		defer cancel()
		if gate != nil {
			gate(ctx)
		}
		var done func(*PackJob)
		var undo func()
		err := ctx.Err()
		if err == nil {
			done, undo, err = work(ctx, step)
		}
		jobs.update(job, func(v *PackJob) {
			switch {
			case ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)):
				v.State, v.Step = JobCancelled, "Cancelled; nothing was changed"
				if err == nil && undo != nil {
					undo()
				}
			case err != nil:
				v.State, v.Step, v.Error = JobFailed, "Failed", ims.ErrorMessageOr(err)
			default:
				v.State, v.Percent, v.Step = JobDone, 100, "Done"
				done(v)
			}
		})
		a.s.emit("pack", jobs.view(job))
	}()
	return jobs.view(job)
}

// StartImport is ImportRecords as a job (kind "import"), with options: the result comes in
// the finished job's import. Cancelled while the file is read and checked, it writes
// nothing; the write itself, one short batch, is not interrupted, so a job cancelled then
// finishes as done.
func (a *App) StartImport(kind, format, contentBase64 string, opts ImportOptions) (PackJob, error) {
	st, actor, f, to, err := a.importSetup(kind, format, opts)
	if err != nil {
		return PackJob{}, err
	}
	if base64.StdEncoding.DecodedLen(len(contentBase64)) > tabular.MaxBytes+3 {
		res := fileTooLarge(kind)
		return a.startJob("import", "Done", func(context.Context, func(int, string)) (func(*PackJob), func(), error) {
			return func(v *PackJob) { v.Import = &res }, nil, nil
		}), nil
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(contentBase64))
	if err != nil {
		return PackJob{}, ims.Errorf(ims.EINVALID, "the file content is not base64: %v", err)
	}
	return a.startJob("import", "Reading the file", func(ctx context.Context, step func(int, string)) (func(*PackJob), func(), error) {
		to.Progress = func(done, total int) { step(50+50*done/max(total, 1), "Writing the records") }
		to.Checked = func() { step(50, "Writing the records") }
		res, err := a.importRowsCtx(ctx, st, actor, kind, f, bytes.NewReader(data), to)
		return func(v *PackJob) { v.Import = &res }, nil, err
	}), nil
}

// StartExport is ExportRecords as a job (kind "export"): the file comes in the finished
// job's export. Cancelled, it makes nothing.
func (a *App) StartExport(kind, format string) (PackJob, error) {
	if _, err := ims.KindByName(kind); err != nil {
		return PackJob{}, err
	}
	if _, err := tabular.ParseFormat(format); err != nil {
		return PackJob{}, err
	}
	return a.startJob("export", "Writing the file", func(ctx context.Context, _ func(int, string)) (func(*PackJob), func(), error) {
		file, err := a.exportRecords(ctx, kind, format)
		return func(v *PackJob) { v.Export = &file }, nil, err
	}), nil
}

// StartBackup is BackupWorkspace as a job (kind "backup"): the folder comes in the
// finished job's backup. Cancelled before the copy is done, the copy is removed.
func (a *App) StartBackup() (PackJob, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return PackJob{}, err
	}
	return a.startJob("backup", "Copying the workspace", func(context.Context, func(int, string)) (func(*PackJob), func(), error) {
		path, err := st.Backup()
		return func(v *PackJob) { v.Backup = path }, func() { _ = os.RemoveAll(path) }, err
	}), nil
}
