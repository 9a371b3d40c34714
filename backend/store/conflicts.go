package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

var _ ims.ConflictService = (*Store)(nil)

// deleteSeen is what a delete op carries as its value: the ops that made the record's
// values and links as the deleting device saw them. An edit not among them was made on
// another device without seeing the delete, so the merge shows it as a delete conflict
// rather than letting the edit vanish into the bin unnoticed (the clock never decides).
func deleteSeen(st *ims.EntityState) []string {
	ids := []string{} // never nil: an empty list still says the delete saw nothing
	for reg, hs := range st.Fields {
		if reg == ims.DeletedRegister {
			continue
		}
		for _, h := range hs {
			ids = append(ids, h.OpID)
		}
	}
	for _, es := range st.Links {
		for _, e := range es {
			for _, a := range e.Adds {
				ids = append(ids, a.OpID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// Conflicts lists every field with more than one value and every record deleted on one
// device while edited or restored on another, newest first.
func (s *Store) Conflicts(ctx context.Context) ([]ims.Conflict, error) {
	var all []found
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEnt, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var st ims.EntityState
			if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, &st) }); err != nil {
				return err
			}
			kind, err := ims.KindByName(st.Kind)
			if err != nil || st.Created.OpID == "" {
				continue
			}
			cs, err := conflictsOf(txn, kind, &st)
			if err != nil {
				return err
			}
			all = append(all, cs...)
		}
		return nil
	})
	slices.SortFunc(all, func(a, b found) int {
		return cmp.Or(cmp.Compare(b.hlc, a.hlc), strings.Compare(a.c.Kind, b.c.Kind), strings.Compare(a.c.ID, b.c.ID), strings.Compare(a.c.Field, b.c.Field))
	})
	out := make([]ims.Conflict, len(all))
	for i, f := range all {
		out[i] = f.c
		out[i].At = ims.FormatHLC(f.hlc)
	}
	return out, err
}

// found is a conflict with the clock of its newest value or edit, to order the inbox by.
type found struct {
	c   ims.Conflict
	hlc uint64
}

// conflictsOf finds one entity's conflicts: a delete conflict, or (for a live record) its
// fields with more than one head.
func conflictsOf(txn *badger.Txn, kind *ims.Kind, st *ims.EntityState) ([]found, error) {
	rec := st.ToRecord(kind)
	base := ims.Conflict{Kind: kind.Name, KindLabel: kind.Label, ID: st.ID, Title: rec.Title}
	if dels, edits, hlc, ok, err := deleteConflict(txn, st); err != nil || ok {
		if !ok {
			return nil, err
		}
		c := base
		c.Type, c.Values, c.Edits = ims.ConflictDelete, dels, edits
		return []found{{c, hlc}}, nil
	}
	if st.Deleted() {
		return nil, nil
	}
	var out []found
	for _, f := range kind.Fields {
		hs := st.Heads(f.Name)
		if f.Type == ims.TypeLinks || len(hs) < 2 {
			continue
		}
		c := base
		c.Type, c.Field, c.FieldLabel = ims.ConflictField, f.Name, f.Label
		for _, h := range hs {
			v, err := headValue(txn, h, "")
			if err != nil {
				return nil, err
			}
			c.Values = append(c.Values, v)
		}
		out = append(out, found{c, hs[len(hs)-1].HLC}) // heads are in clock order
	}
	return out, nil
}

// deleteConflict reports the deletes and restores of an entity and the edits no delete
// saw, when they make a conflict: the tombstone register has both a delete and a restore
// as heads, or the record is deleted and some edit was made without seeing a delete.
func deleteConflict(txn *badger.Txn, st *ims.EntityState) (dels, edits []ims.ConflictValue, newest uint64, ok bool, err error) {
	heads := st.Heads(ims.DeletedRegister)
	var deletes []struct {
		hlc  uint64
		seen []string // nil: a delete written before deletes carried what they saw
	}
	restored := false
	for _, h := range heads {
		op, err := opOf(txn, h)
		if err != nil {
			return nil, nil, 0, false, err
		}
		if op.Type == ims.OpDelete {
			deletes = append(deletes, struct {
				hlc  uint64
				seen []string
			}{op.HLC, stringList(op.Value)})
		} else {
			restored = true
		}
		dels = append(dels, conflictValue(op, h.Value, ""))
		newest = max(newest, op.HLC)
	}
	if len(deletes) == 0 {
		return nil, nil, 0, false, nil
	}
	seen := func(opID string, hlc uint64) bool {
		for _, d := range deletes {
			if d.seen == nil && hlc < d.hlc || slices.Contains(d.seen, opID) {
				return true
			}
		}
		return false
	}
	var regs []string
	for reg := range st.Fields {
		if reg != ims.DeletedRegister {
			regs = append(regs, reg)
		}
	}
	slices.Sort(regs)
	for _, reg := range regs {
		for _, h := range st.Fields[reg] {
			if !seen(h.OpID, h.HLC) {
				v, err := headValue(txn, h, reg)
				if err != nil {
					return nil, nil, 0, false, err
				}
				edits = append(edits, v)
				newest = max(newest, h.HLC)
			}
		}
	}
	for field, es := range st.Links {
		for _, e := range es {
			for _, a := range e.Adds {
				if !seen(a.OpID, a.HLC) {
					v, err := headValue(txn, ims.Head{OpID: a.OpID, HLC: a.HLC, Value: e.Target}, field)
					if err != nil {
						return nil, nil, 0, false, err
					}
					edits = append(edits, v)
					newest = max(newest, a.HLC)
				}
			}
		}
	}
	slices.SortFunc(edits, func(a, b ims.ConflictValue) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.OpID, b.OpID))
	})
	return dels, edits, newest, restored || len(edits) > 0 && st.Deleted(), nil
}

func opOf(txn *badger.Txn, h ims.Head) (ims.Op, error) {
	var op ims.Op
	if ok, err := getJSON(txn, keyOp(h.HLC, h.OpID), &op); err != nil || !ok {
		if err == nil {
			err = ims.Errorf(ims.EINTERNAL, "op %s is missing from the log", h.OpID)
		}
		return op, err
	}
	return op, nil
}

// headValue is one head as the inbox shows it, with the device that wrote it.
func headValue(txn *badger.Txn, h ims.Head, field string) (ims.ConflictValue, error) {
	op, err := opOf(txn, h)
	if err != nil {
		return ims.ConflictValue{}, err
	}
	return conflictValue(op, h.Value, field), nil
}

func conflictValue(op ims.Op, value any, field string) ims.ConflictValue {
	return ims.ConflictValue{Value: value, OpID: op.ID, Actor: op.Actor, At: ims.FormatHLC(op.HLC), Field: field, Replica: op.Replica}
}

// stringList reads what a delete saw; nil for a delete written before deletes carried it.
func stringList(v any) []string {
	l, _ := normalizeJSON(v).([]string)
	return l
}

// ResolveDelete restores a record or confirms its delete, superseding every delete and
// restore at once; the confirming delete sees every edit, so the conflict clears on every
// device the op reaches.
func (s *Store) ResolveDelete(ctx context.Context, actor ims.Actor, kindName, id string, restore bool) (ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, true); err != nil {
			return nil, err
		}
		if _, _, _, ok, err := deleteConflict(txn, st); err != nil || !ok {
			if err == nil {
				err = ims.Errorf(ims.ECONFLICT, "this %s has no delete to restore or confirm", kind.Label)
			}
			return nil, err
		}
		pred := st.HeadIDs(ims.DeletedRegister)
		if restore {
			return []draft{{Type: ims.OpRestore, Pred: pred}}, nil
		}
		return []draft{{Type: ims.OpDelete, Pred: pred, Value: deleteSeen(st)}}, nil
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}
