package app

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"keel/backend/ims"
	"keel/backend/workspace"
	"keel/reports"
)

// A pack job renders a pack in the background so the Packs screen can show its progress and
// cancel it; the finished PDF is saved in the workspace's packs folder (or KEEL_PACKS_DIR)
// and can be opened from there.

// PackJob is the state of one pack being made, as the UI polls it.
type PackJob struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	State   string `json:"state"` // running, done, failed, cancelled
	Percent int    `json:"percent"`
	Step    string `json:"step"`
	Error   string `json:"error,omitempty"`
	// When done: the file saved, its folder, name, pages and size.
	Path     string `json:"path,omitempty"`
	Folder   string `json:"folder,omitempty"`
	FileName string `json:"file_name,omitempty"`
	Pages    int    `json:"pages,omitempty"`
	Bytes    int    `json:"bytes,omitempty"`
	// The jobs of StartImport, StartExport and StartBackup (kind "import", "export",
	// "backup") carry their result when done.
	Import *ImportResult `json:"import,omitempty"`
	Export *ExportFile   `json:"export,omitempty"`
	Backup string        `json:"backup,omitempty"` // the backup folder
}

const (
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// keepJobs is how many finished jobs are remembered.
const keepJobs = 20

type packJobs struct {
	mu    sync.Mutex
	jobs  map[string]*packJob
	order []string
}

type packJob struct {
	PackJob
	cancel context.CancelFunc
}

func (j *packJobs) add(job *packJob) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.jobs == nil {
		j.jobs = map[string]*packJob{}
	}
	j.jobs[job.ID] = job
	j.order = append(j.order, job.ID)
	for len(j.order) > keepJobs {
		old := j.jobs[j.order[0]]
		if old.State == JobRunning {
			break
		}
		delete(j.jobs, j.order[0])
		j.order = j.order[1:]
	}
}

func (j *packJobs) get(id string) (*packJob, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.jobs[id]
	if !ok {
		return nil, ims.FieldErrorf("id", "No pack job %q: it finished long ago or never started", id)
	}
	return job, nil
}

// update changes a job under the lock and returns a copy.
func (j *packJobs) update(job *packJob, f func(*PackJob)) PackJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(&job.PackJob)
	return job.PackJob
}

func (j *packJobs) view(job *packJob) PackJob { return j.update(job, func(*PackJob) {}) }

// StartPack checks the request (errors come back at once, by field) and starts rendering
// the pack in the background; poll PackStatus with the job's ID.
func (a *App) StartPack(req PackRequest) (PackJob, error) {
	p, opts, err := a.packOptions(req, time.Now())
	if err != nil {
		return PackJob{}, err
	}
	_, info, err := a.s.Current()
	if err != nil {
		return PackJob{}, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	job := &packJob{PackJob: PackJob{ID: uuid.NewString(), Kind: string(p.Kind), State: JobRunning, Step: "Reading the workspace"}, cancel: cancel}
	jobs := &a.s.packs
	jobs.add(job)
	opts.Ctx = ctx
	opts.Progress = func(p reports.Progress) {
		jobs.update(job, func(v *PackJob) {
			v.Percent, v.Step = progressPercent(p), progressStep(p)
		})
	}
	go func() {
		defer cancel()
		if packGate != nil {
			packGate(ctx)
		}
		pdf, name, err := a.renderPack(p, opts)
		if _, cur, cerr := a.s.Current(); err == nil && (cerr != nil || cur.ID != info.ID) {
			err = ims.Errorf(ims.ECONFLICT, "the workspace changed while the pack was being made; make it again")
		}
		var path string
		if err == nil && ctx.Err() == nil {
			jobs.update(job, func(v *PackJob) { v.Percent, v.Step = 97, "Saving the file" })
			path, err = savePack(info, name, pdf.Bytes)
			if err == nil {
				notePack(path, p.Kind, opts)
			}
		}
		jobs.update(job, func(v *PackJob) {
			switch {
			case ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)):
				v.State, v.Step = JobCancelled, "Cancelled; nothing was saved"
				if path != "" { // cancelled while saving: take the file back
					_ = os.Remove(path)
					_ = os.Remove(path + ".json")
				}
			case err != nil:
				v.State, v.Step, v.Error = JobFailed, "Failed", err.Error()
			default:
				v.State, v.Percent, v.Step = JobDone, 100, "Done"
				v.Path, v.Folder, v.FileName = path, filepath.Dir(path), filepath.Base(path)
				v.Pages, v.Bytes = pdf.Pages, len(pdf.Bytes)
			}
		})
		a.s.emit("pack", jobs.view(job))
	}()
	return jobs.view(job), nil
}

// packGate, when set, runs before a job renders: it lets a test cancel a job at a known
// point. KEEL_PACK_HOLD (a Go duration such as 1500ms) sets it to hold every job that long,
// or until it is cancelled: the browser suite uses it to see the progress and to cancel.
var packGate = holdFor(os.Getenv("KEEL_PACK_HOLD"))

func holdFor(env string) func(context.Context) {
	d, err := time.ParseDuration(strings.TrimSpace(env))
	if err != nil || d <= 0 {
		return nil
	}
	return func(ctx context.Context) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
		}
	}
}

// progressPercent maps the two layout passes onto 5–95%: the first pass (sections not yet
// counted) takes up to 40, the second the rest in proportion.
func progressPercent(p reports.Progress) int {
	if p.Pass < 2 || p.Total == 0 {
		return 5 + min(40, 4*p.Done)
	}
	return 45 + 50*p.Done/p.Total
}

func progressStep(p reports.Progress) string {
	if p.Pass < 2 {
		return "Laying out: " + p.Section
	}
	return fmt.Sprintf("Writing %s (%d of %d)", p.Section, p.Done+1, p.Total)
}

// PackStatus returns how a pack job stands.
func (a *App) PackStatus(id string) (PackJob, error) {
	job, err := a.s.packs.get(id)
	if err != nil {
		return PackJob{}, err
	}
	return a.s.packs.view(job), nil
}

// CancelPack stops a running pack job; nothing is saved. A finished job is left as it is.
func (a *App) CancelPack(id string) (PackJob, error) {
	job, err := a.s.packs.get(id)
	if err != nil {
		return PackJob{}, err
	}
	job.cancel()
	return a.s.packs.view(job), nil
}

// PackFile returns a finished pack's PDF as base64, for the UI to save a copy elsewhere.
func (a *App) PackFile(id string) (PackResult, error) {
	job, err := a.s.packs.get(id)
	if err != nil {
		return PackResult{}, err
	}
	v := a.s.packs.view(job)
	if v.State != JobDone {
		return PackResult{}, ims.Errorf(ims.ECONFLICT, "the pack is %s, not done", v.State)
	}
	b, err := os.ReadFile(v.Path)
	if err != nil {
		return PackResult{}, ims.Errorf(ims.ENOTFOUND, "the saved pack %s is gone: %v", v.FileName, err)
	}
	return PackResult{Kind: v.Kind, FileName: v.FileName, Pages: v.Pages, PDF: base64.StdEncoding.EncodeToString(b)}, nil
}

// OpenPack opens a finished pack in the desktop's PDF viewer (or, with folder, its folder in
// the file manager). Only files Keel saved can be opened this way.
func (a *App) OpenPack(id string, folder bool) error {
	job, err := a.s.packs.get(id)
	if err != nil {
		return err
	}
	v := a.s.packs.view(job)
	if v.State != JobDone {
		return ims.Errorf(ims.ECONFLICT, "the pack is %s, not done", v.State)
	}
	target := v.Path
	if folder {
		target = v.Folder
	}
	if _, err := os.Stat(target); err != nil {
		return ims.Errorf(ims.ENOTFOUND, "%s is gone: %v", target, err)
	}
	return openWith(target)
}

// openWith hands a file to the desktop; tests replace it.
var openWith = func(path string) error {
	name, args := "xdg-open", []string{path}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", path}
	}
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return ims.Errorf(ims.EINTERNAL, "could not open %s (%s): %v", path, name, err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// packsDir is where finished packs are saved: KEEL_PACKS_DIR, else the workspace's packs
// folder.
func packsDir(info ims.WorkspaceInfo) string {
	if d := strings.TrimSpace(os.Getenv("KEEL_PACKS_DIR")); d != "" {
		return d
	}
	return filepath.Join(info.Path, "packs")
}

// savePack writes the PDF under its suggested name, adding -2, -3… rather than replacing a
// pack made earlier the same day.
func savePack(info ims.WorkspaceInfo, name string, b []byte) (string, error) {
	dir := packsDir(info)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("could not make the packs folder %s: %w", dir, err)
	}
	base := strings.TrimSuffix(name, ".pdf")
	path := filepath.Join(dir, name)
	for n := 2; ; n++ {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(dir, base+"-"+strconv.Itoa(n)+".pdf")
	}
	if err := workspace.WriteFileAtomicPerm(path, b, 0o644); err != nil {
		return "", fmt.Errorf("could not save the pack to %s: %w", path, err)
	}
	return path, nil
}
