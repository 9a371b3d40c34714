package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"keel/backend/bundle"
	"keel/backend/ims"
	"keel/backend/sync"
	"keel/backend/workspace"
)

// SyncInvitation is an invite written for a new device: the file, the one-time code that
// opens it (shown once; tell it to the new device's owner another way than the file) and
// when the invite expires.
type SyncInvitation struct {
	File    string `json:"file"`
	Code    string `json:"code"`
	Expires string `json:"expires"` // RFC 3339
}

// SyncJoined is the workspace a join made on this device and its first round.
type SyncJoined struct {
	Workspace ims.WorkspaceInfo `json:"workspace"`
	Report    SyncReport        `json:"report"`
}

// SyncInvite writes an invite for a new device into out: a round runs first (this
// device's changes join its folder), then the invite carries the workspace's sync id,
// name and keys and the whole folder, sealed with a new six-word code. It can be used
// once, within sync.InviteTTL.
func (a *App) SyncInvite(out string) (SyncInvitation, error) {
	var inv SyncInvitation
	_, err := a.syncRound(nil, nil, func(f *sync.Folder, log ims.OpLog) error {
		_, info, err := a.s.Current()
		if err != nil {
			return err
		}
		pack, err := f.Pack()
		if err != nil {
			return err
		}
		code, err := sync.NewCode()
		if err != nil {
			return err
		}
		bundleKey, org, err := inviteWorkspaceFiles(info)
		if err != nil {
			return err
		}
		expires := time.Now().Add(sync.InviteTTL).UTC()
		id := uuid.NewString()
		if f.Issued == nil {
			f.Issued = map[string]string{}
		}
		f.Issued[id] = "" // saved with the round's settings
		b, err := sync.SealInvite(sync.Invite{ID: id, SyncID: f.Workspace, Name: info.Name, By: f.Device.Replica,
			Expires: expires, Epoch: f.Epoch, Key: f.Key, OldKeys: f.OldKeys, Folder: pack,
			BundleKey: bundleKey, Organisation: org}, code)
		if err != nil {
			return err
		}
		if err := workspace.WriteFileAtomic(out, b); err != nil {
			return err
		}
		inv = SyncInvitation{File: out, Code: code, Expires: expires.Format(time.RFC3339)}
		return nil
	})
	return inv, err
}

// SyncJoin joins a workspace another device invited this one to: it opens the invite with
// its code, creates the workspace here (named name, else as on the inviting device), and
// runs its first round with everything the invite carries, through folder when one is
// given (the folder the other devices share) else by sync files. The new workspace is
// left open. An expired invite, a wrong code, an invite already used in that folder and a
// workspace this device already has are refused before anything is made.
func (a *App) SyncJoin(file, code, name, folder string) (SyncJoined, error) {
	var out SyncJoined
	info, err := os.Stat(file)
	if err != nil {
		return out, err
	}
	if info.Size() > sync.MaxInviteBytes {
		return out, ims.Errorf(ims.EINVALID, "%s is larger than an invite may be", filepath.Base(file))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return out, err
	}
	inv, err := sync.OpenInvite(b, code, time.Now())
	if err != nil {
		return out, ims.Errorf(ims.EINVALID, "%s: %v", filepath.Base(file), err)
	}
	entries, err := sync.ReadPack(inv.Folder)
	if err != nil {
		return out, ims.Errorf(ims.EINVALID, "the invite's files: %v", err)
	}
	all, err := a.s.workspaces.List()
	if err != nil {
		return out, err
	}
	for _, w := range all {
		if c, _ := sync.LoadConfig(w.Path); c != nil && c.SyncID == inv.SyncID {
			return out, ims.Errorf(ims.ECONFLICT, "this device already has this workspace (%s)", w.Name)
		}
	}
	if name == "" {
		name = inv.Name
	}
	ws, err := a.s.workspaces.Create(name)
	if err != nil {
		return out, err
	}
	if folder, err = joinFolder(folder, ws, inv.ID); err != nil {
		if derr := a.s.workspaces.Delete(ws.ID); derr != nil {
			a.s.Log.Warn("remove the workspace a refused join made", "err", derr)
		}
		return out, err
	}
	cfg, err := sync.NewConfig()
	if err != nil {
		return out, err
	}
	cfg.SyncID, cfg.Key, cfg.Epoch, cfg.OldKeys, cfg.Invite, cfg.Folder = inv.SyncID, inv.Key, inv.Epoch, inv.OldKeys, inv.ID, folder
	if err := cfg.Save(ws.Path); err != nil {
		return out, err
	}
	if err := a.joinWorkspaceFiles(ws, inv); err != nil {
		return out, err
	}
	if out.Workspace, err = a.s.Open(ws.ID); err != nil {
		return out, err
	}
	out.Report, err = a.syncRound(nil, func(f *sync.Folder, _ string, rep *sync.Report) error {
		_, err := f.Unpack(entries, rep)
		return err
	}, nil)
	if err == nil && folder != "" {
		a.s.restartSyncWatch()
	}
	return out, err
}

// SyncDevices lists the devices of the open workspace (those not removed) and when each
// last wrote to the folder.
func (a *App) SyncDevices() ([]SyncDevice, error) {
	st, err := a.SyncStatus()
	return st.Devices, err
}

// SyncRemoveDevice removes a device from the open workspace: after a round (so that all
// it wrote that has arrived is kept), the workspace key changes and the new key is sealed
// to every other device; the removed device cannot read what is written from then on,
// and what it writes later is refused everywhere.
func (a *App) SyncRemoveDevice(replica string) error {
	_, err := a.syncRound(nil, nil, func(f *sync.Folder, log ims.OpLog) error {
		if err := f.Remove(replica, log.VersionVector()[replica]); err != nil {
			return ims.Errorf(ims.EINVALID, "%v", err)
		}
		_, err := f.Round(log) // this device's latest changes under the new key, and its member file
		return err
	})
	return err
}

// joinFolder checks the folder a join syncs through ("" for none): outside Keel's data
// folder (the new workspace's is at <data>/workspaces/<id>), and with no device in it that
// joined with the same invite.
func joinFolder(folder string, ws ims.WorkspaceInfo, invite string) (string, error) {
	if folder == "" {
		return "", nil
	}
	dir, err := sync.CheckFolder(folder, filepath.Dir(filepath.Dir(ws.Path)))
	if err != nil {
		return "", ims.Errorf(ims.EINVALID, "%v", err)
	}
	used, err := (&sync.Folder{Dir: dir}).InviteUsed(invite)
	if err != nil {
		return "", err
	}
	if used != "" {
		return "", ims.Errorf(ims.ECONFLICT, "this invite was already used (by device %s): ask for a new one", used)
	}
	return dir, nil
}

// inviteWorkspaceFiles is what of the workspace's own files an invite carries besides the
// sync keys: the bundle signing key (made now if it was not yet) and the organisation.
func inviteWorkspaceFiles(info ims.WorkspaceInfo) (bundleKey []byte, org json.RawMessage, err error) {
	path := filepath.Join(info.Path, bundle.KeyFile)
	if _, err := bundle.LoadOrCreateKey(path); err != nil {
		return nil, nil, err
	}
	if bundleKey, err = os.ReadFile(path); err != nil {
		return nil, nil, err
	}
	org, err = json.Marshal(info.Organisation)
	return bundleKey, org, err
}

// joinWorkspaceFiles writes what the invite carries of the workspace's own files into the
// new workspace: the bundle key (0600, checked to be a key first) and the organisation.
func (a *App) joinWorkspaceFiles(ws ims.WorkspaceInfo, inv *sync.Invite) error {
	if len(inv.BundleKey) > 0 {
		path := filepath.Join(ws.Path, bundle.KeyFile)
		if err := workspace.WriteFileAtomic(path, inv.BundleKey); err != nil {
			return err
		}
		if _, err := bundle.LoadKey(path); err != nil {
			os.Remove(path)
			return ims.Errorf(ims.EINVALID, "the invite's bundle key: %v", err)
		}
	}
	if len(inv.Organisation) > 0 {
		var org ims.Organisation
		if err := json.Unmarshal(inv.Organisation, &org); err != nil {
			return ims.Errorf(ims.EINVALID, "the invite's organisation: %v", err)
		}
		if org != (ims.Organisation{}) {
			if _, err := a.s.workspaces.SetOrganisation(ws.ID, org); err != nil {
				return err
			}
		}
	}
	return nil
}
