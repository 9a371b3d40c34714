package app

import (
	"errors"
	"os"
	"path/filepath"
	gosync "sync"
	"time"

	"keel/backend/ims"
	"keel/backend/sync"
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
	Enabled  bool         `json:"enabled"` // a folder has been chosen
	Folder   string       `json:"folder"`
	Replica  string       `json:"replica"`  // this device's id in the workspace
	LastSync string       `json:"lastSync"` // "" before the first round
	Pending  uint64       `json:"pending"`  // this device's changes not yet in the folder
	Last     *SyncReport  `json:"last"`     // what the last round did
	Devices  []SyncDevice `json:"devices"`
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
	return &sync.Folder{Dir: dir, Workspace: cfg.SyncID, Key: cfg.Key,
		Device: sync.Device{Replica: log.Replica(), Name: name, Key: cfg.DeviceKey()}}
}

// SyncFolder runs one sync round of the open workspace through a folder a cloud drive or
// Syncthing keeps in step ("" for the folder used last): it writes this device's new
// changes there and merges the other devices'. The folder is remembered.
func (a *App) SyncFolder(folder string) (SyncReport, error) {
	rounds.Lock()
	defer rounds.Unlock()
	log, info, cfg, err := a.syncTarget(true)
	if err != nil {
		return SyncReport{}, err
	}
	if folder == "" {
		folder = cfg.Folder
	}
	// The workspace folder sits at <data>/workspaces/<id>.
	dir, err := sync.CheckFolder(folder, filepath.Dir(filepath.Dir(info.Path)))
	if err != nil {
		return SyncReport{}, ims.Errorf(ims.EINVALID, "%v", err)
	}
	rep, err := a.folder(log, cfg, dir).Round(log)
	if err != nil {
		return SyncReport{}, err
	}
	cfg.Folder, cfg.LastAt, cfg.Last = dir, time.Now().UTC().Format(time.RFC3339), &rep
	if err := cfg.Save(info.Path); err != nil {
		return SyncReport{}, err
	}
	return syncReport(cfg), nil
}

func syncReport(cfg *sync.Config) SyncReport {
	r := cfg.Last
	out := SyncReport{Folder: cfg.Folder, At: cfg.LastAt, Sent: r.Sent, Segments: r.Segments, Received: r.Received,
		Skipped: r.Skipped, Refused: []SyncRefusal{}, Waiting: append([]string{}, r.Waiting...), Skewed: append([]string{}, r.Skewed...)}
	for _, x := range r.Refused {
		out.Refused = append(out.Refused, SyncRefusal(x))
	}
	return out
}

// SyncStatus reports the open workspace's sync state: the folder, the last round, this
// device's changes not yet sent and the devices in the folder.
func (a *App) SyncStatus() (SyncStatus, error) {
	log, _, cfg, err := a.syncTarget(false)
	if err != nil {
		return SyncStatus{}, err
	}
	held := log.VersionVector()[log.Replica()]
	st := SyncStatus{Replica: log.Replica(), Pending: held, Devices: []SyncDevice{}}
	if cfg == nil {
		return st, nil
	}
	st.Enabled, st.Folder, st.LastSync = cfg.Folder != "", cfg.Folder, cfg.LastAt
	if cfg.Last != nil {
		r := syncReport(cfg)
		st.Last = &r
	}
	if !st.Enabled {
		return st, nil
	}
	f := a.folder(log, cfg, cfg.Folder)
	if st.Pending, err = f.Pending(held); err != nil {
		return st, err
	}
	devs, err := f.Devices()
	if err != nil {
		return st, err
	}
	for _, d := range devs {
		sd := SyncDevice{Replica: d.Replica, Name: d.Name, This: d.Replica == log.Replica(), Seq: d.Seq}
		if !d.LastHeard.IsZero() {
			sd.LastHeard = d.LastHeard.UTC().Format(time.RFC3339)
		}
		st.Devices = append(st.Devices, sd)
	}
	return st, nil
}
