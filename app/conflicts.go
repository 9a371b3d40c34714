package app

import (
	"fmt"

	"keel/backend/conflict"
	"keel/backend/ims"
)

// ConflictInbox is what the merge of other devices' changes left for a person to settle:
// the conflicts (a field with several values, a record deleted while edited elsewhere)
// and the domain rules the merged state breaks, each with what to do.
type ConflictInbox struct {
	Conflicts []ims.Conflict  `json:"conflicts"`
	Flags     []conflict.Flag `json:"flags"`
}

// conflictStore is the open workspace's store as the inbox uses it.
func (a *App) conflictStore() (WorkspaceStore, ims.ConflictService, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, nil, err
	}
	cs, ok := st.(ims.ConflictService)
	if !ok {
		return nil, nil, ims.Errorf(ims.EINTERNAL, "this workspace's store keeps no conflicts")
	}
	return st, cs, nil
}

// Conflicts lists the open workspace's conflicts, newest first (the clock orders the list,
// it never decides), with the device that wrote each value, and the rules the merged state
// breaks.
func (a *App) Conflicts() (ConflictInbox, error) {
	st, cs, err := a.conflictStore()
	if err != nil {
		return ConflictInbox{}, err
	}
	list, err := cs.Conflicts(bg)
	if err != nil {
		return ConflictInbox{}, err
	}
	var records []ims.Record
	for _, k := range ims.Kinds() {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k.Name})
		if err != nil {
			return ConflictInbox{}, fmt.Errorf("list %s: %w", k.Name, err)
		}
		records = append(records, res.Records...)
	}
	a.nameDevices(list)
	return ConflictInbox{Conflicts: nonNil(list), Flags: nonNil(conflict.Flags(records, StoreRules().FollowUps))}, nil
}

// nameDevices fills in each value's device name from the sync folder's device list (a
// workspace that has never synced has none; the replica id stays).
func (a *App) nameDevices(list []ims.Conflict) {
	if len(list) == 0 {
		return
	}
	status, err := a.SyncStatus()
	if err != nil {
		return
	}
	names := map[string]string{}
	for _, d := range status.Devices {
		names[d.Replica] = d.Name
	}
	for i := range list {
		for _, vs := range [][]ims.ConflictValue{list[i].Values, list[i].Edits} {
			for j := range vs {
				vs[j].Device = names[vs[j].Replica]
			}
		}
	}
}

func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// ResolveFieldConflict settles a field conflict with one op over every value: the value of
// the op pickOp names, or, with pickOp "", value (a merged value, validated like any edit).
func (a *App) ResolveFieldConflict(kind, id, field, pickOp string, value any) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	if pickOp != "" {
		r, err := st.GetRecord(bg, kind, id)
		if err != nil {
			return ims.Record{}, err
		}
		found := false
		for _, v := range r.Conflicts[field] {
			if v.OpID == pickOp {
				value, found = v.Value, true
			}
		}
		if !found {
			return ims.Record{}, ims.FieldErrorf(field, "%s has no value written by op %q to pick (see keel sync conflicts)", field, pickOp)
		}
	}
	return st.ResolveConflict(bg, actor, kind, id, field, value)
}

// RestoreDeleted settles a delete conflict by taking the record out of the bin, with the
// edits made on the other device.
func (a *App) RestoreDeleted(kind, id string) (ims.Record, error) {
	return a.resolveDelete(kind, id, true)
}

// ConfirmDelete settles a delete conflict by keeping the record in the bin; the edits
// made on the other device stay in its history.
func (a *App) ConfirmDelete(kind, id string) (ims.Record, error) {
	return a.resolveDelete(kind, id, false)
}

func (a *App) resolveDelete(kind, id string, restore bool) (ims.Record, error) {
	_, cs, err := a.conflictStore()
	if err != nil {
		return ims.Record{}, err
	}
	actor, err := a.s.Actor()
	if err != nil {
		return ims.Record{}, err
	}
	return cs.ResolveDelete(bg, actor, kind, id, restore)
}
