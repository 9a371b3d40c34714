package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// CreateRecords creates many records of one kind, as an import does. Every record is
// validated (fields and link targets) before anything is written, so bad input writes
// nothing; an error about one record names it (ims.Error.Record). The records are then
// written in a few large synced transactions instead of one per record; if writing fails
// part-way (disk full, cancelled), the records already written are moved to the bin before
// the error is returned.
func (s *Store) CreateRecords(ctx context.Context, actor ims.Actor, kindName string, records []map[string]any) ([]ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, err
	}
	vals := make([]map[string]any, len(records))
	for i, fields := range records {
		if vals[i], err = s.validate(kind, fields, true); err != nil {
			return nil, inRecord(i, err)
		}
	}
	ids := make([]string, len(vals))
	for i := range ids {
		ids[i] = uuid.NewString()
	}
	if err := s.precheck(kind, ids, vals); err != nil {
		return nil, err
	}
	created, err := s.createBatch(ctx, actor, kind, ids, vals)
	if err != nil {
		// The records written so far, and what their follow-ups raised, go to the bin.
		for _, e := range created {
			if derr := s.DeleteRecord(context.Background(), actor, e.kind.Name, e.st.ID); derr != nil {
				return nil, fmt.Errorf("%w (and %d records written before it could not all be moved to the bin: %v)", err, len(created), derr)
			}
		}
		return nil, err
	}
	byID := make(map[string]*entity, len(created))
	for _, e := range created {
		byID[e.kind.Name+"/"+e.st.ID] = e
	}
	out := make([]ims.Record, len(ids))
	for i, id := range ids {
		out[i] = byID[kind.Name+"/"+id].st.ToRecord(kind)
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
// returns the entities committed so far, even on error.
func (s *Store) createBatch(ctx context.Context, actor ims.Actor, kind *ims.Kind, ids []string, vals []map[string]any) ([]*entity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.begin(actor)
	defer func() { t.discard() }()
	var committed []*entity
	commit := func() error {
		done, err := t.commit()
		committed = append(committed, done...)
		return err
	}
	for i, v := range vals {
		if err := ctx.Err(); err != nil {
			return committed, err
		}
		// Badger caps a transaction's size (a share of the memtable): commit before the
		// pending records come near it. A record writes its values twice (ops and state);
		// what a follow-up raises is small against the headroom under the cap.
		b, err := json.Marshal(v)
		if err != nil {
			return committed, err
		}
		n, entries := 2*len(b)+128*(len(v)+2), 2*len(v)+16
		if t.count > 0 && (t.size+n > maxTxnBytes || t.count+entries > maxTxnEntries) {
			if err := commit(); err != nil {
				return committed, err
			}
		}
		if _, err := t.createValid(kind, ids[i], v); err != nil {
			return committed, err
		}
	}
	if len(t.order) > 0 {
		if err := commit(); err != nil {
			return committed, err
		}
	}
	s.changed(committed, true)
	return committed, nil
}

// Batch limits stay well under Badger's per-transaction cap for an 8 MB memtable.
const (
	maxTxnBytes   = 512 << 10
	maxTxnEntries = 4000
)

// precheck makes sure, before any record is written, that every link points at a live
// record and that each record passes the kind's domain rules (ims.CheckRecord) as the
// record it will become.
func (s *Store) precheck(kind *ims.Kind, ids []string, vals []map[string]any) error {
	return s.db.View(func(txn *badger.Txn) error {
		look := lookupIn(txn)
		for i, v := range vals {
			rec := ims.Record{ID: ids[i], Kind: kind.Name, Fields: map[string]any{}}
			for name, x := range v {
				if x != nil {
					rec.Fields[name] = x
				}
			}
			rec.Title, _ = rec.Fields[kind.TitleField].(string)
			for _, f := range kind.Fields {
				for _, t := range f.Targets(v[f.Name]) {
					if err := checkTarget(txn, &f, t); err != nil {
						return inRecord(i, ims.AsError(err))
					}
				}
			}
			if err := ims.CheckRecord(ims.Record{}, rec, look); err != nil {
				return inRecord(i, ims.AsError(err))
			}
		}
		return nil
	})
}
