package app

import (
	"strings"

	"keel/backend/ims"
)

// SetOrganisation records the open workspace's legal entity (legal name, registered
// number, address): the packs print it on the cover and in the running header.
func (a *App) SetOrganisation(org ims.Organisation) (ims.WorkspaceInfo, error) {
	_, cur, err := a.s.Current()
	if err != nil {
		return cur, err
	}
	info, err := a.s.workspaces.SetOrganisation(cur.ID, org)
	if err != nil {
		return info, err
	}
	return a.workspaceChanged(info), nil
}

// workspaceChanged takes the open workspace's new name and organisation into the session
// and tells the UI; info is returned marked as the current workspace.
func (a *App) workspaceChanged(info ims.WorkspaceInfo) ims.WorkspaceInfo {
	a.s.mu.Lock()
	a.s.current.Name, a.s.current.Organisation = info.Name, info.Organisation
	a.s.mu.Unlock()
	info.Current = true
	a.s.emit(ims.EventWorkspaceChanged, info)
	return info
}

// packDocument finds the document register's record of a pack: the live document titled
// as the pack, the latest updated when there are several, and its history.
func packDocument(st ims.RecordService, title string) (*ims.Record, []ims.HistoryEntry, error) {
	res, err := st.ListRecords(bg, ims.ListQuery{Kind: "document"})
	if err != nil {
		return nil, nil, err
	}
	var doc *ims.Record
	for i, r := range res.Records {
		if r.Deleted || !strings.EqualFold(strings.TrimSpace(r.Title), title) {
			continue
		}
		if doc == nil || r.UpdatedAt > doc.UpdatedAt || (r.UpdatedAt == doc.UpdatedAt && r.ID > doc.ID) {
			doc = &res.Records[i]
		}
	}
	if doc == nil {
		return nil, nil, nil
	}
	h, err := st.History(bg, "document", doc.ID)
	return doc, h, err
}
