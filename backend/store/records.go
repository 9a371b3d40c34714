package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

var _ ims.RecordService = (*Store)(nil)

// write runs one change to one entity: build turns the current state into drafts, which
// are applied (with the follow-ups they set in motion) in a single synced transaction.
// Nothing is written when build fails. A back-dated ctx (ims.Backdated) stamps its ops from
// that time on.
func (s *Store) write(ctx context.Context, actor ims.Actor, kind *ims.Kind, id string, build func(txn *badger.Txn, st *ims.EntityState) ([]draft, error)) (ims.EntityState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.begin(actor)
	t.at = ims.BackdatedClock(ctx)
	defer t.discard()
	e, err := t.entity(kind, id)
	if err != nil {
		return ims.EntityState{}, err
	}
	drafts, err := build(t.txn, &e.st)
	if err != nil || len(drafts) == 0 {
		return e.st, err
	}
	if err := t.change(e, drafts); err != nil {
		return e.st, err
	}
	done, err := t.commit()
	if err != nil {
		return e.st, err
	}
	s.changed(done, false)
	return e.st, nil
}

func getState(txn *badger.Txn, key []byte, st *ims.EntityState) (bool, error) {
	item, err := txn.Get(key)
	if err == badger.ErrKeyNotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, item.Value(func(b []byte) error { return unmarshalState(b, st) })
}

// unmarshalState decodes stored state, turning JSON lists back into []string so a state
// read from disk equals the one built in memory.
func unmarshalState(b []byte, st *ims.EntityState) error {
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("decode entity state: %w", err)
	}
	for _, hs := range st.Fields {
		for i := range hs {
			hs[i].Value = normalizeJSON(hs[i].Value)
		}
	}
	return nil
}

func normalizeJSON(v any) any {
	if l, ok := v.([]any); ok {
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return v
}

func sameValue(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// checkTarget makes sure a link points at a live record of the right kind.
func checkTarget(txn *badger.Txn, f *ims.Field, target string) error {
	var st ims.EntityState
	found, err := getState(txn, keyEnt(f.LinkKind, target), &st)
	if err != nil {
		return err
	}
	if !found || st.Deleted() {
		lk, _ := ims.KindByName(f.LinkKind)
		return ims.FieldErrorf(f.Name, "%s: there is no %s with id %q", f.Label, strings.ToLower(lk.Label), target)
	}
	return nil
}

// fieldDrafts turns normalised values into ops against the current state, in schema order,
// skipping values that would not change anything.
func fieldDrafts(txn *badger.Txn, kind *ims.Kind, st *ims.EntityState, vals map[string]any) ([]draft, error) {
	var out []draft
	for _, f := range kind.Fields {
		v, ok := vals[f.Name]
		if !ok {
			continue
		}
		if f.Type == ims.TypeLinks {
			want, _ := v.([]string)
			have := st.LinkTargets(f.Name)
			for _, t := range want {
				if !slices.Contains(have, t) {
					if err := checkTarget(txn, &f, t); err != nil {
						return nil, err
					}
					out = append(out, draft{Type: ims.OpLink, Field: f.Name, Value: t})
				}
			}
			for _, t := range have {
				if !slices.Contains(want, t) {
					out = append(out, draft{Type: ims.OpUnlink, Field: f.Name, Value: t, Pred: st.LinkAdds(f.Name, t)})
				}
			}
			continue
		}
		heads := st.Heads(f.Name)
		if len(heads) == 1 && sameValue(heads[0].Value, v) || len(heads) == 0 && v == nil {
			continue
		}
		if f.Type == ims.TypeLink && v != nil {
			if err := checkTarget(txn, &f, v.(string)); err != nil {
				return nil, err
			}
		}
		out = append(out, draft{Type: ims.OpSet, Field: f.Name, Value: v, Pred: st.HeadIDs(f.Name)})
	}
	return out, nil
}

func notFound(kind *ims.Kind, id string) error {
	return ims.Errorf(ims.ENOTFOUND, "there is no %s with id %q", kind.Label, id)
}

func (s *Store) record(kind *ims.Kind, st ims.EntityState) ims.Record { return st.ToRecord(kind) }

// kindValues finds the kind and checks the fields of a create or an update.
func (s *Store) kindValues(kindName string, fields map[string]any, create bool) (*ims.Kind, map[string]any, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, nil, err
	}
	vals, err := s.validate(kind, fields, create)
	return kind, vals, err
}

// CreateRecord validates the fields and creates a record with one op per field.
func (s *Store) CreateRecord(ctx context.Context, actor ims.Actor, kindName string, fields map[string]any) (ims.Record, error) {
	kind, vals, err := s.kindValues(kindName, fields, true)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, uuid.NewString(), func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		ds, err := fieldDrafts(txn, kind, st, vals)
		return append([]draft{{Type: ims.OpCreate}}, ds...), err
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}

// liveState loads an entity for a change, failing when it does not exist or is in the bin.
func liveState(kind *ims.Kind, id string, st *ims.EntityState, allowDeleted bool) error {
	if st.Created.OpID == "" {
		return notFound(kind, id)
	}
	if st.Deleted() && !allowDeleted {
		return ims.Errorf(ims.ECONFLICT, "this %s is in the bin: restore it before changing it", kind.Label)
	}
	return nil
}

// UpdateRecord changes the given fields; a field whose value is unchanged writes no op.
func (s *Store) UpdateRecord(ctx context.Context, actor ims.Actor, kindName, id string, fields map[string]any) (ims.Record, error) {
	kind, vals, err := s.kindValues(kindName, fields, false)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, false); err != nil {
			return nil, err
		}
		return fieldDrafts(txn, kind, st, vals)
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}

// DeleteRecord puts a record in the bin (a tombstone op); it can be restored.
func (s *Store) DeleteRecord(ctx context.Context, actor ims.Actor, kindName, id string) error {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return err
	}
	_, err = s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, true); err != nil || st.Deleted() {
			return nil, err
		}
		return []draft{{Type: ims.OpDelete, Pred: st.HeadIDs(ims.DeletedRegister), Value: deleteSeen(st)}}, nil
	})
	return err
}

// RestoreRecord takes a record out of the bin.
func (s *Store) RestoreRecord(ctx context.Context, actor ims.Actor, kindName, id string) (ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, true); err != nil || !st.Deleted() {
			return nil, err
		}
		return []draft{{Type: ims.OpRestore, Pred: st.HeadIDs(ims.DeletedRegister)}}, nil
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}

func linksField(kind *ims.Kind, field string) (*ims.Field, error) {
	f, ok := kind.Field(field)
	if !ok {
		return nil, ims.FieldErrorf(field, "%s has no field %q", kind.Label, field)
	}
	if f.Type != ims.TypeLinks {
		return nil, ims.FieldErrorf(field, "%s is not a list of links", f.Label)
	}
	return f, nil
}

// AddLink adds a target to a links field (add-wins).
func (s *Store) AddLink(ctx context.Context, actor ims.Actor, kindName, id, field, target string) (ims.Record, error) {
	return s.changeLink(ctx, actor, kindName, id, field, target, true)
}

// RemoveLink removes a target from a links field.
func (s *Store) RemoveLink(ctx context.Context, actor ims.Actor, kindName, id, field, target string) (ims.Record, error) {
	return s.changeLink(ctx, actor, kindName, id, field, target, false)
}

func (s *Store) changeLink(ctx context.Context, actor ims.Actor, kindName, id, field, target string, add bool) (ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return ims.Record{}, err
	}
	f, err := linksField(kind, field)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, false); err != nil {
			return nil, err
		}
		present := slices.Contains(st.LinkTargets(f.Name), target)
		switch {
		case add && !present:
			if err := checkTarget(txn, f, target); err != nil {
				return nil, err
			}
			return []draft{{Type: ims.OpLink, Field: f.Name, Value: target}}, nil
		case !add && present:
			return []draft{{Type: ims.OpUnlink, Field: f.Name, Value: target, Pred: st.LinkAdds(f.Name, target)}}, nil
		}
		return nil, nil
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}

// ResolveConflict writes the chosen value over every head of a conflicting field.
func (s *Store) ResolveConflict(ctx context.Context, actor ims.Actor, kindName, id, field string, value any) (ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return ims.Record{}, err
	}
	vals, err := s.validate(kind, map[string]any{field: value}, false)
	if err != nil {
		return ims.Record{}, err
	}
	st, err := s.write(ctx, actor, kind, id, func(txn *badger.Txn, st *ims.EntityState) ([]draft, error) {
		if err := liveState(kind, id, st, false); err != nil {
			return nil, err
		}
		if len(st.Heads(field)) < 2 {
			return nil, ims.FieldErrorf(field, "%s has no conflict to resolve", field)
		}
		return []draft{{Type: ims.OpSet, Field: field, Value: vals[field], Pred: st.HeadIDs(field)}}, nil
	})
	if err != nil {
		return ims.Record{}, err
	}
	return s.record(kind, st), nil
}

// GetRecord returns one record, including one in the bin.
func (s *Store) GetRecord(ctx context.Context, kindName, id string) (ims.Record, error) {
	return getRecord(s, kindName, id)
}

func getRecord(s source, kindName, id string) (ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return ims.Record{}, err
	}
	var rec ims.Record
	err = s.withRecords(kind, func(m map[string]ims.Record) error {
		r, ok := m[id]
		if !ok {
			return notFound(kind, id)
		}
		rec = r
		return nil
	})
	return rec, err
}

// History returns an entity's ops, oldest first, as an auditor reads them.
func (s *Store) History(ctx context.Context, kindName, id string) ([]ims.HistoryEntry, error) {
	return s.history(kindName, id, ^uint64(0))
}

// history is an entity's ops with a clock at most cut, oldest first.
func (s *Store) history(kindName, id string, cut uint64) ([]ims.HistoryEntry, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, err
	}
	out := []ims.HistoryEntry{}
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixHistOf(id)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			opKey := append([]byte("op/"), k[len(prefixHistOf(id)):]...)
			var op ims.Op
			if ok, err := getJSON(txn, opKey, &op); err != nil || !ok {
				return fmt.Errorf("history of %s: op %s missing: %v", id, opKey, err)
			}
			if op.HLC > cut {
				break
			}
			if op.Kind != kind.Name {
				continue
			}
			value := normalizeJSON(op.Value)
			if op.Type == ims.OpDelete {
				value = nil // what the delete saw (deleteSeen) is for the conflict inbox, not the history
			}
			out = append(out, ims.HistoryEntry{OpID: op.ID, At: ims.FormatHLC(op.HLC), Actor: op.Actor,
				Type: op.Type, Field: op.Field, Value: value})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, notFound(kind, id)
	}
	return out, nil
}
