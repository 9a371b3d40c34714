package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// CreateRecords creates many records of one kind, as an import does. Every record is
// validated (fields and link targets) before anything is written, so bad input writes
// nothing; an error about one record names it (ims.Error.Record). The records are then
// written in a few large synced transactions instead of one per record, journalled
// (journal.go): if writing fails part-way (disk full, cancelled) or the process dies, what
// was written is taken out of the log again, now or when the workspace next opens.
func (s *Store) CreateRecords(ctx context.Context, actor ims.Actor, kindName string, records []map[string]any) ([]ims.Record, error) {
	writes := make([]ims.RecordWrite, len(records))
	for i, fields := range records {
		writes[i] = ims.RecordWrite{Fields: fields}
	}
	return s.WriteRecords(ctx, actor, kindName, writes)
}

// WriteRecords creates and updates many records, as an import does, with the guarantees
// of CreateRecords: every write is validated and checked against its kind's rules before
// anything is written, and an error names its record. A write's Kind, when set, puts it in
// another kind than kindName, so one batch can bring in registers that link each other:
// links and rules are checked against the records as the whole batch leaves them (an AI
// system and the impact assessment that assesses it, each naming the other). An update
// writes ops only for the fields whose value changes. If writing fails part-way, or the
// process dies, nothing of the batch stays (journal.go). A context with ims.WithProgress
// hears how far the writing got.
func (s *Store) WriteRecords(ctx context.Context, actor ims.Actor, kindName string, writes []ims.RecordWrite) ([]ims.Record, error) {
	kinds := make([]*ims.Kind, len(writes))
	vals := make([]map[string]any, len(writes))
	ids := make([]string, len(writes))
	for i, w := range writes {
		name := cmp.Or(w.Kind, kindName)
		kind, err := ims.KindByName(name)
		if err != nil {
			return nil, err
		}
		kinds[i] = kind
		create := w.ID == "" || w.Create
		if vals[i], err = s.validate(kind, w.Fields, create); err != nil {
			return nil, inRecord(i, err)
		}
		ids[i] = w.ID
		if w.ID == "" {
			ids[i] = uuid.NewString()
		}
	}
	prev, err := s.precheck(kinds, writes, ids, vals)
	if err != nil {
		return nil, err
	}
	created, err := s.createBatch(ctx, actor, kinds, ids, vals)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*entity, len(created))
	for _, e := range created {
		byID[e.kind.Name+"/"+e.st.ID] = e
	}
	out := make([]ims.Record, len(ids))
	for i, id := range ids {
		key := kinds[i].Name + "/" + id
		if e := byID[key]; e != nil {
			out[i] = e.st.ToRecord(kinds[i])
		} else {
			out[i] = prev[key] // an update that changed nothing
		}
	}
	return out, nil
}

// inRecord says which record of a batch an error is about.
func inRecord(i int, err error) error {
	var e *ims.Error
	if !errors.As(err, &e) {
		return err
	}
	return &ims.Error{Code: e.Code, Field: e.Field, Record: i + 1, Message: fmt.Sprintf("record %d: %s", i+1, e.Message)}
}

// createBatch writes the records, in a few large synced transactions instead of one per
// record, with what their follow-ups raise in the same transaction as each record. It
// creates the new records first without their links, then links them and updates the
// others, so records of the batch may link each other; the new records' rules and
// follow-ups run once every record has its links (precheck has checked them against the
// whole batch). The batch is journalled: its last transaction deletes the marker its
// first wrote, and on any error what it committed is rolled back before the lock is let go.
func (s *Store) createBatch(ctx context.Context, actor ims.Actor, kinds []*ims.Kind, ids []string, vals []map[string]any) ([]*entity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := s.seq
	if err := s.beginBatch(start); err != nil {
		return nil, err
	}
	committed, err := s.writeBatch(ctx, actor, kinds, ids, vals)
	if err != nil {
		if rerr := s.rollbackBatch(start); rerr != nil {
			return nil, fmt.Errorf("%w (what was written before it could not be taken out yet, %v: it is taken out when the workspace next opens)", err, rerr)
		}
		return nil, err
	}
	s.changed(committed, true)
	return committed, nil
}

// writeBatch is createBatch's writing, under its lock and journal.
func (s *Store) writeBatch(ctx context.Context, actor ims.Actor, kinds []*ims.Kind, ids []string, vals []map[string]any) ([]*entity, error) {
	t := s.begin(actor)
	t.at = ims.BackdatedClock(ctx)
	defer func() { t.discard() }()
	t.deferred = map[string]bool{}
	var committed []*entity
	commit := func() error {
		done, err := t.commit()
		committed = append(committed, done...)
		return err
	}
	pass := 0
	each := func(fn func(i int, v map[string]any) error) error {
		defer func() { pass++ }()
		for i, v := range vals {
			if err := ctx.Err(); err != nil {
				return err
			}
			// Badger caps a transaction's size (a share of the memtable): commit before the
			// pending records come near it. A record writes its values twice (ops and
			// state); what a follow-up raises is small against the headroom under the cap.
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			n, entries := 2*len(b)+128*(len(v)+2), 2*len(v)+16
			if t.count > 0 && (t.size+n > maxTxnBytes || t.count+entries > maxTxnEntries) {
				if err := commit(); err != nil {
					return err
				}
				ims.Progress(ctx, (pass*len(vals)+i)/3, len(vals))
			}
			if err := fn(i, v); err != nil {
				return err
			}
		}
		return nil
	}
	err := each(func(i int, v map[string]any) error {
		e, err := t.entity(kinds[i], ids[i])
		if err != nil || e.st.Created.OpID != "" {
			return err // an update waits for the second pass
		}
		t.deferred[kinds[i].Name+"/"+ids[i]] = true
		_, err = t.createValid(kinds[i], ids[i], withoutLinks(kinds[i], v))
		return err
	})
	if err == nil {
		err = each(func(i int, v map[string]any) error { return t.write(kinds[i], ids[i], v) })
	}
	if err == nil {
		// Every record now has its links: the new ones' rules and follow-ups run.
		err = each(func(i int, _ map[string]any) error {
			key := kinds[i].Name + "/" + ids[i]
			if !t.deferred[key] {
				return nil
			}
			delete(t.deferred, key)
			e, err := t.entity(kinds[i], ids[i])
			if err != nil {
				return err
			}
			return t.change(e, nil)
		})
	}
	if err == nil {
		err = t.del(keyPendingBatch) // the last commit makes the whole batch stay
	}
	if err == nil {
		err = commit()
	}
	if err != nil {
		return nil, err
	}
	ims.Progress(ctx, len(vals), len(vals))
	return committed, nil
}

// withoutLinks is a record's values less its links.
func withoutLinks(kind *ims.Kind, v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for name, x := range v {
		if f, ok := kind.Field(name); !ok || f.LinkKind == "" {
			out[name] = x
		}
	}
	return out
}

// Batch limits stay well under Badger's per-transaction cap for an 8 MB memtable.
const (
	maxTxnBytes   = 512 << 10
	maxTxnEntries = 4000
)

// precheck makes sure, before any record is written, that every link points at a live
// record, of the store or of the batch, and that each record passes its kind's domain rules
// (ims.CheckRecord) as the record the whole batch leaves it. It returns the records the
// batch updates, as they are, by kind/id.
func (s *Store) precheck(kinds []*ims.Kind, writes []ims.RecordWrite, ids []string, vals []map[string]any) (map[string]ims.Record, error) {
	prev := map[string]ims.Record{}
	next := map[string]ims.Record{}
	err := s.db.View(func(txn *badger.Txn) error {
		for i, v := range vals {
			kind, key := kinds[i], kinds[i].Name+"/"+ids[i]
			rec := ims.Record{ID: ids[i], Kind: kind.Name, Fields: map[string]any{}}
			if writes[i].ID != "" {
				var st ims.EntityState
				found, err := getState(txn, keyEnt(kind.Name, ids[i]), &st)
				if err != nil {
					return err
				}
				switch {
				case writes[i].Create && found:
					return inRecord(i, ims.Errorf(ims.ECONFLICT, "there is already a %s with id %q", kind.Label, ids[i]))
				case !writes[i].Create:
					if err := liveState(kind, ids[i], &st, false); err != nil {
						return inRecord(i, ims.AsError(err))
					}
					prev[key] = st.ToRecord(kind)
					maps.Copy(rec.Fields, prev[key].Fields)
				}
			}
			if _, twice := next[key]; twice {
				return inRecord(i, ims.Errorf(ims.EINVALID, "the %s with id %q is in the batch twice", kind.Label, ids[i]))
			}
			for name, x := range v {
				if x != nil {
					rec.Fields[name] = x
				} else {
					delete(rec.Fields, name)
				}
			}
			rec.Title, _ = rec.Fields[kind.TitleField].(string)
			next[key] = rec
		}
		stored := lookupIn(txn)
		look := func(kind, id string) (ims.Record, bool) {
			if r, ok := next[kind+"/"+id]; ok && id != "" {
				return r, true
			}
			return stored(kind, id)
		}
		for i, v := range vals {
			kind := kinds[i]
			for _, f := range kind.Fields {
				for _, t := range f.Targets(v[f.Name]) {
					if _, ok := next[f.LinkKind+"/"+t]; ok {
						continue
					}
					if err := checkTarget(txn, &f, t); err != nil {
						return inRecord(i, ims.AsError(err))
					}
				}
			}
			if err := ims.CheckRecord(prev[kind.Name+"/"+ids[i]], next[kind.Name+"/"+ids[i]], look); err != nil {
				return inRecord(i, ims.AsError(err))
			}
		}
		return nil
	})
	return prev, err
}

// write creates the record id, or updates it when it exists, from validated values; an
// update writes ops only for the fields that change. A record the batch created without
// its links gets them here.
func (t *tx) write(kind *ims.Kind, id string, vals map[string]any) error {
	e, err := t.entity(kind, id)
	if err != nil {
		return err
	}
	if e.st.Created.OpID == "" {
		_, err := t.createValid(kind, id, vals)
		return err
	}
	ds, err := fieldDrafts(t.txn, kind, &e.st, vals)
	if err != nil || len(ds) == 0 {
		return err
	}
	return t.change(e, ds)
}
