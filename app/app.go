package app

import (
	"context"

	"keel/backend/demo"
	"keel/backend/ims"
)

// App is the set of services the UI calls, bound to Wails in the window and served over
// HTTP by `keel serve`. Every exported method is part of the API (docs/api.md); methods
// stay thin: decode, call, encode.
type App struct{ s *Session }

var bg = context.Background()

// Version reports the build and the transport in use.
func (a *App) Version() ims.VersionInfo {
	return ims.VersionInfo{Version: a.s.version, Transport: a.s.transport}
}

// Identity returns who uses Keel on this device, or null before they have said.
func (a *App) Identity() (*ims.Actor, error) { return a.s.workspaces.Identity() }

// SetIdentity saves who uses Keel on this device; every change carries it.
func (a *App) SetIdentity(actor ims.Actor) (*ims.Actor, error) {
	if err := a.s.workspaces.SetIdentity(actor); err != nil {
		return nil, err
	}
	return a.s.workspaces.Identity()
}

// Workspaces lists the workspaces on this device, marking the open one.
func (a *App) Workspaces() ([]ims.WorkspaceInfo, error) {
	all, err := a.s.workspaces.List()
	if err != nil {
		return nil, err
	}
	if cur := a.CurrentWorkspace(); cur != nil {
		for i := range all {
			all[i].Current = all[i].ID == cur.ID
		}
	}
	return all, nil
}

// CurrentWorkspace returns the open workspace, or null.
func (a *App) CurrentWorkspace() *ims.WorkspaceInfo {
	_, info, err := a.s.Current()
	if err != nil {
		return nil
	}
	return &info
}

// CreateWorkspace creates a workspace, fills it with the demo when asked, and opens it.
func (a *App) CreateWorkspace(name string, demo bool) (ims.WorkspaceInfo, error) {
	info, err := a.s.workspaces.Create(name)
	if err != nil {
		return info, err
	}
	if info, err = a.s.Open(info.ID); err != nil {
		return info, err
	}
	if demo {
		if err := a.fillDemo(); err != nil {
			return info, err
		}
	}
	return info, nil
}

// OpenWorkspace opens a workspace by id.
func (a *App) OpenWorkspace(id string) (ims.WorkspaceInfo, error) { return a.s.Open(id) }

// RenameWorkspace renames a workspace.
func (a *App) RenameWorkspace(id, name string) (ims.WorkspaceInfo, error) {
	info, err := a.s.workspaces.Rename(id, name)
	if err != nil {
		return info, err
	}
	if cur := a.CurrentWorkspace(); cur != nil && cur.ID == id {
		info = a.workspaceChanged(info)
	}
	return info, nil
}

// DeleteWorkspace deletes a workspace and its folder, closing it first if it is open.
func (a *App) DeleteWorkspace(id string) error {
	if cur := a.CurrentWorkspace(); cur != nil && cur.ID == id {
		if err := a.s.Close(); err != nil {
			a.s.Log.Warn("close before delete", "err", err)
		}
		a.s.emit(ims.EventWorkspaceChanged, nil)
	}
	return a.s.workspaces.Delete(id)
}

// BackupWorkspace writes a backup of the open workspace and returns its path.
func (a *App) BackupWorkspace() (string, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return "", err
	}
	return st.Backup()
}

// Kinds returns the schema of every register.
func (a *App) Kinds() []ims.Kind { return ims.Kinds() }

// Groups returns the sidebar groups in order.
func (a *App) Groups() []ims.Group { return ims.Groups() }

// ListRecords lists records of one kind.
func (a *App) ListRecords(q ims.ListQuery) (ims.ListResult, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return ims.ListResult{}, err
	}
	return st.ListRecords(bg, q)
}

// GetRecord returns one record.
func (a *App) GetRecord(kind, id string) (ims.Record, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return ims.Record{}, err
	}
	return st.GetRecord(bg, kind, id)
}

// writer returns the open store and the identity every write carries.
func (a *App) writer() (WorkspaceStore, ims.Actor, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, ims.Actor{}, err
	}
	actor, err := a.s.Actor()
	return st, actor, err
}

// CreateRecord creates a record.
func (a *App) CreateRecord(kind string, fields map[string]any) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.CreateRecord(bg, actor, kind, fields)
}

// UpdateRecord changes the given fields of a record.
func (a *App) UpdateRecord(kind, id string, fields map[string]any) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.UpdateRecord(bg, actor, kind, id, fields)
}

// DeleteRecord moves a record to the bin.
func (a *App) DeleteRecord(kind, id string) error {
	st, actor, err := a.writer()
	if err != nil {
		return err
	}
	return st.DeleteRecord(bg, actor, kind, id)
}

// RestoreRecord takes a record out of the bin.
func (a *App) RestoreRecord(kind, id string) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.RestoreRecord(bg, actor, kind, id)
}

// AddLink links a record to another through a links field.
func (a *App) AddLink(kind, id, field, target string) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.AddLink(bg, actor, kind, id, field, target)
}

// RemoveLink removes a link.
func (a *App) RemoveLink(kind, id, field, target string) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.RemoveLink(bg, actor, kind, id, field, target)
}

// ResolveConflict keeps one value of a field that has two.
func (a *App) ResolveConflict(kind, id, field string, value any) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	return st.ResolveConflict(bg, actor, kind, id, field, value)
}

// History returns who changed which field of a record, and when.
func (a *App) History(kind, id string) ([]ims.HistoryEntry, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	return st.History(bg, kind, id)
}

// Search finds records of any kind for the command palette.
func (a *App) Search(text string) ([]ims.SearchHit, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	return st.Search(bg, text, 50)
}

// fillDemo fills the open workspace with the demo.
func (a *App) fillDemo() error {
	st, _, err := a.s.Current()
	if err != nil {
		return err
	}
	std, err := StandardsCatalogue()
	if err != nil {
		return err
	}
	// The store raises what the demo's records set in motion (its November drift breach's
	// nonconformity) as they are written.
	if err := demo.Fill(bg, st, a.demoActor(), std); err != nil {
		return err
	}
	_, err = a.SetOrganisation(demo.Organisation)
	return err
}

// demoActor signs demo data with the device identity, or the demo's own when there is none.
func (a *App) demoActor() ims.Actor {
	if actor, err := a.s.Actor(); err == nil {
		return actor
	}
	return demo.Actor
}

// clip shortens text to a field's length, marking the cut.
var clip = ims.Clip
