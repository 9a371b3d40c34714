package app

import (
	"errors"
	"os"
	"path/filepath"
	gosync "sync"
	"time"

	"keel/backend/ims"
	"keel/backend/sync"
	"keel/backend/workspace"
)

// SyncReport is what one sync round did: ops sent and received, and the files refused or
// waited for.
type SyncReport struct {
	Folder   string        `json:"folder"`
	At       string        `json:"at"`       // when the round finished (RFC 3339)
	Sent     int           `json:"sent"`     // this device's ops written to the folder
	Segments int           `json:"segments"` // segment files written
	Received int           `json:"received"` // ops from other devices merged
	Skipped  int           `json:"skipped"`  // ops read that this device already held
	Refused  []SyncRefusal `json:"refused"`  // files not applied, with the reason
	Waiting  []string      `json:"waiting"`  // devices whose next segment has not arrived yet
	Skewed   []string      `json:"skewed"`   // devices whose clock runs too far ahead
	Removed  string        `json:"removed"`  // this device was removed from the workspace (by whom), else ""
	Blobs    int           `json:"blobs"`    // evidence files this device added to the folder (encrypted, under blobs/)
}

// SyncRefusal is a file in the sync folder that was not applied, and why.
type SyncRefusal struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// SyncDevice is one device of a synced workspace.
type SyncDevice struct {
	Replica   string `json:"replica"`
	Name      string `json:"name"`
	This      bool   `json:"this"`      // this device
	Seq       uint64 `json:"seq"`       // its ops in the folder, up to this seq
	LastHeard string `json:"lastHeard"` // when it last wrote to the folder (RFC 3339), "" never
}

// SyncStatus is the open workspace's sync state on this device.
type SyncStatus struct {
	Enabled  bool         `json:"enabled"`  // a round has run (through a folder or by sync file)
	Folder   string       `json:"folder"`   // the sync folder: the one chosen, else the workspace's private one for sync files
	Replica  string       `json:"replica"`  // this device's id in the workspace
	LastSync string       `json:"lastSync"` // "" before the first round
	Pending  uint64       `json:"pending"`  // this device's changes not yet in the folder
	Last     *SyncReport  `json:"last"`     // what the last round did
	Devices  []SyncDevice `json:"devices"`
	Watching bool         `json:"watching"` // the folder is watched (window or keel serve): a change starts a round
	Interval string       `json:"interval"` // a round at least this often while watched (Go duration), "off"
	FetchAll bool         `json:"fetchAll"` // each round takes every evidence file this device lacks (else when first needed)
}

// rounds serialises sync rounds in this process: one writer per device folder.
var rounds gosync.Mutex

// syncTarget is what a round or the status needs: the open workspace's op log, its
// folder and its sync settings (made when create is set and there are none; else nil).
func (a *App) syncTarget(create bool) (ims.OpLog, ims.WorkspaceInfo, *sync.Config, error) {
	st, info, err := a.s.Current()
	if err != nil {
		return nil, info, nil, err
	}
	log, ok := st.(ims.OpLog)
	if !ok {
		return nil, info, nil, errors.New("this workspace's store cannot sync")
	}
	cfg, err := sync.LoadConfig(info.Path)
	if err == nil && cfg == nil && create {
		if cfg, err = sync.NewConfig(); err == nil {
			err = cfg.Save(info.Path)
		}
	}
	return log, info, cfg, err
}

func (a *App) folder(log ims.OpLog, cfg *sync.Config, dir string) *sync.Folder {
	name, _ := os.Hostname()
	if id, err := a.s.workspaces.Identity(); err == nil && id != nil && id.Name != "" {
		name = id.Name
	}
	return &sync.Folder{Dir: dir, Workspace: cfg.SyncID, Key: cfg.Key, Epoch: cfg.Epoch, OldKeys: cfg.OldKeys, Invite: cfg.Invite, Issued: cfg.Invites,
		Device: sync.Device{Replica: log.Replica(), Name: name, Key: cfg.DeviceKey()}}
}

// SyncFolder runs one sync round of the open workspace through a folder a cloud drive or
// Syncthing keeps in step ("" for the folder used last): it writes this device's new
// changes there and merges the other devices'. The folder is remembered; a new folder
// first gets the files of the one used before, so this device's chain of segments goes on.
func (a *App) SyncFolder(folder string) (SyncReport, error) {
	rep, err := a.syncFolder(folder)
	if err == nil && folder != "" {
		a.s.restartSyncWatch() // the folder may be new: watch it
	}
	return rep, err
}

func (a *App) syncFolder(folder string) (SyncReport, error) {
	return a.syncRound(func(info ims.WorkspaceInfo, cfg *sync.Config) (string, error) {
		if folder == "" {
			folder = cfg.Folder
		}
		// The workspace folder sits at <data>/workspaces/<id>.
		dir, err := sync.CheckFolder(folder, filepath.Dir(filepath.Dir(info.Path)))
		if err != nil {
			return "", ims.Errorf(ims.EINVALID, "%v", err)
		}
		return dir, nil
	}, func(f *sync.Folder, before string, rep *sync.Report) error {
		if f.Dir == before {
			return nil
		}
		return f.Adopt(before)
	}, nil)
}

// SyncExport writes a sync file for a device that shares no folder with this one (email, a
// USB stick): this device's new changes are added to its sync folder (a private one in the
// workspace folder when none was chosen), and the file holds what of that folder the other
// devices lack, going by what each last said it holds (its member file, which travels in
// every sync file and round). SyncExportAll holds everything.
func (a *App) SyncExport(out string) (SyncReport, error) { return a.syncExport(out, false) }

// SyncExportAll is SyncExport holding the whole folder, whatever the other devices hold.
func (a *App) SyncExportAll(out string) (SyncReport, error) { return a.syncExport(out, true) }

func (a *App) syncExport(out string, all bool) (SyncReport, error) {
	return a.syncRound(nil, nil, func(f *sync.Folder, _ ims.OpLog) error {
		pack := f.PackLacking
		if all {
			pack = f.Pack
		}
		b, err := pack()
		if err != nil {
			return err
		}
		return workspace.WriteFileAtomic(out, b)
	})
}

// SyncImport merges a sync file made by another device: its files join this device's sync
// folder (none replaced) and are checked and merged as in a round. A file that is
// truncated or altered is refused whole.
func (a *App) SyncImport(file string) (SyncReport, error) {
	b, err := readSyncFile(file)
	if err != nil {
		return SyncReport{}, err
	}
	entries, err := sync.ReadPack(b)
	if err != nil {
		return SyncReport{}, ims.Errorf(ims.EINVALID, "%s refused: %v", filepath.Base(file), err)
	}
	return a.syncRound(nil, func(f *sync.Folder, _ string, rep *sync.Report) error {
		_, err := f.Unpack(entries, rep)
		return err
	}, nil)
}

func readSyncFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > sync.MaxPackBytes {
		return nil, ims.Errorf(ims.EINVALID, "%s is larger than a sync file may be", filepath.Base(path))
	}
	return os.ReadFile(path)
}

// syncRound is one round, the sync settings loaded (made on first use) and saved after:
// choose picks the folder (nil: the one used last, else the workspace's private one);
// before runs first (given the folder used before, filling rep), after runs last.
func (a *App) syncRound(choose func(ims.WorkspaceInfo, *sync.Config) (string, error),
	before func(f *sync.Folder, previous string, rep *sync.Report) error, after func(f *sync.Folder, log ims.OpLog) error) (SyncReport, error) {
	rounds.Lock()
	defer rounds.Unlock()
	log, info, cfg, err := a.syncTarget(true)
	if err != nil {
		return SyncReport{}, err
	}
	previous := currentFolder(info, cfg)
	dir := previous
	if choose != nil {
		if dir, err = choose(info, cfg); err != nil {
			return SyncReport{}, err
		}
	}
	f := a.folder(log, cfg, dir)
	var pre sync.Report
	if before != nil {
		if err := before(f, previous, &pre); err != nil {
			return SyncReport{}, err
		}
	}
	rep, err := f.Round(log)
	if err != nil {
		return SyncReport{}, err
	}
	if rep.Removed == "" {
		if rep.Blobs, err = a.pushEvidence(f, cfg.FetchAll); err != nil {
			return SyncReport{}, err
		}
	}
	rep.Refused = append(pre.Refused, rep.Refused...)
	if after != nil {
		if err := after(f, log); err != nil {
			return SyncReport{}, err
		}
	}
	if choose != nil {
		cfg.Folder = dir
	}
	cfg.Key, cfg.Epoch, cfg.OldKeys = f.Key, f.Epoch, f.OldKeys // a removal changes them
	cfg.Invites = f.Issued                                      // an invite used is admitted
	cfg.LastAt, cfg.Last = time.Now().UTC().Format(time.RFC3339), &rep
	if err := cfg.Save(info.Path); err != nil {
		return SyncReport{}, err
	}
	return syncReport(cfg, dir), nil
}

// currentFolder is the folder the workspace syncs through: the one chosen, else its
// private one.
func currentFolder(info ims.WorkspaceInfo, cfg *sync.Config) string {
	if cfg.Folder != "" {
		return cfg.Folder
	}
	return filepath.Join(info.Path, privateFolder)
}

// privateFolder is, in the workspace folder, the sync folder of a workspace that syncs by
// sync file only: Keel's own, never given to a cloud drive.
const privateFolder = "sync-folder"

func syncReport(cfg *sync.Config, dir string) SyncReport {
	r := cfg.Last
	out := SyncReport{Folder: dir, At: cfg.LastAt, Sent: r.Sent, Segments: r.Segments, Received: r.Received,
		Skipped: r.Skipped, Refused: []SyncRefusal{}, Waiting: append([]string{}, r.Waiting...), Skewed: append([]string{}, r.Skewed...), Removed: r.Removed, Blobs: r.Blobs}
	for _, x := range r.Refused {
		out.Refused = append(out.Refused, SyncRefusal(x))
	}
	return out
}

// SyncStatus reports the open workspace's sync state: the folder, the last round, this
// device's changes not yet sent and the devices in the folder.
func (a *App) SyncStatus() (SyncStatus, error) {
	log, info, cfg, err := a.syncTarget(false)
	if err != nil {
		return SyncStatus{}, err
	}
	held := log.VersionVector()[log.Replica()]
	st := SyncStatus{Replica: log.Replica(), Pending: held, Devices: []SyncDevice{}, Watching: a.s.syncWatching()}
	if cfg == nil {
		return st, nil
	}
	dir := currentFolder(info, cfg)
	st.Enabled, st.Folder, st.LastSync = cfg.LastAt != "", dir, cfg.LastAt
	if cfg.Last != nil {
		r := syncReport(cfg, dir)
		st.Last = &r
	}
	st.Interval, st.FetchAll = interval(cfg).String(), cfg.FetchAll
	if interval(cfg) == 0 {
		st.Interval = "off"
	}
	f := a.folder(log, cfg, dir)
	if st.Pending, err = f.Pending(held); err != nil {
		return st, err
	}
	st.Devices, err = devices(f)
	return st, err
}

func devices(f *sync.Folder) ([]SyncDevice, error) {
	devs, err := f.Devices()
	out := []SyncDevice{}
	for _, d := range devs {
		sd := SyncDevice{Replica: d.Replica, Name: d.Name, This: d.Replica == f.Device.Replica, Seq: d.Seq}
		if !d.LastHeard.IsZero() {
			sd.LastHeard = d.LastHeard.UTC().Format(time.RFC3339)
		}
		out = append(out, sd)
	}
	return out, err
}
