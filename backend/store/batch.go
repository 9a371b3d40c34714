package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// CreateRecords creates many records of one kind, as an import does. Every record is
// validated (fields and link targets) before anything is written, so bad input writes
// nothing. The records are then written in a few large synced transactions instead of one
// per record; if writing fails part-way (disk full, cancelled), the records already
// written are moved to the bin before the error is returned.
func (s *Store) CreateRecords(ctx context.Context, actor ims.Actor, kindName string, records []map[string]any) ([]ims.Record, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, err
	}
	vals := make([]map[string]any, len(records))
	for i, fields := range records {
		if vals[i], err = kind.ValidateFields(fields, true); err != nil {
			var e *ims.Error
			if errors.As(err, &e) {
				return nil, &ims.Error{Code: e.Code, Field: e.Field, Message: fmt.Sprintf("record %d: %s", i+1, e.Message)}
			}
			return nil, err
		}
	}
	ids := make([]string, len(vals))
	for i := range ids {
		ids[i] = uuid.NewString()
	}
	if err := s.precheck(kind, ids, vals); err != nil {
		return nil, err
	}
	states, err := s.createBatch(ctx, actor, kind, ids, vals)
	if err != nil {
		for _, st := range states {
			if derr := s.DeleteRecord(context.Background(), actor, kind.Name, st.ID); derr != nil {
				return nil, fmt.Errorf("%w (and %d records written before it could not all be moved to the bin: %v)", err, len(states), derr)
			}
		}
		return nil, err
	}
	out := make([]ims.Record, len(states))
	for i := range states {
		out[i] = states[i].ToRecord(kind)
	}
	return out, nil
}

// createBatch writes the records, returning the states committed so far even on error.
func (s *Store) createBatch(ctx context.Context, actor ims.Actor, kind *ims.Kind, ids []string, vals []map[string]any) ([]ims.EntityState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var committed, pending []ims.EntityState
	txn := s.db.NewTransaction(true)
	defer func() { txn.Discard() }()
	seq := s.seq
	size, entries := 0, 0
	// commit writes the pending records; upTo is the last sequence number among them.
	commit := func(upTo uint64) error {
		if err := txn.Set(keySeq, []byte(strconv.FormatUint(upTo, 10))); err != nil {
			return err
		}
		if err := txn.Commit(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		s.seq = upTo
		committed = append(committed, pending...)
		for i := range pending {
			s.remember(kind, &pending[i])
		}
		pending = pending[:0]
		txn = s.db.NewTransaction(true)
		return nil
	}
	for i, v := range vals {
		if err := ctx.Err(); err != nil {
			return committed, err
		}
		before := seq
		st := ims.EntityState{ID: ids[i], Kind: kind.Name}
		ds, err := fieldDrafts(txn, kind, &st, v)
		if err != nil {
			return committed, err
		}
		var sets [][2][]byte
		for _, d := range append([]draft{{Type: ims.OpCreate}}, ds...) {
			seq++
			op := ims.Op{ID: uuid.NewString(), Replica: s.replica, Seq: seq, HLC: s.eng.Now(), Actor: actor,
				Type: d.Type, Kind: kind.Name, Entity: st.ID, Field: d.Field, Value: d.Value, Pred: d.Pred}
			b, err := json.Marshal(op)
			if err != nil {
				return committed, err
			}
			sets = append(sets, [2][]byte{keyOp(op.HLC, op.ID), b}, [2][]byte{keyHist(st.ID, op.HLC, op.ID), nil})
			s.eng.Apply(&st, op)
		}
		for k := range indexEntries(kind, &st) {
			sets = append(sets, [2][]byte{[]byte(k), nil})
		}
		b, err := json.Marshal(&st)
		if err != nil {
			return committed, err
		}
		sets = append(sets, [2][]byte{keyEnt(kind.Name, st.ID), b})
		// Badger caps a transaction's size (a share of the memtable): commit before the
		// pending records come near it.
		n := 0
		for _, kv := range sets {
			n += len(kv[0]) + len(kv[1]) + 64
		}
		if len(pending) > 0 && (size+n > maxTxnBytes || entries+len(sets) > maxTxnEntries) {
			if err := commit(before); err != nil {
				return committed, err
			}
			size, entries = 0, 0
		}
		if err := setAll(txn, sets); err != nil {
			return committed, err
		}
		size, entries = size+n, entries+len(sets)
		pending = append(pending, st)
	}
	if len(pending) > 0 {
		if err := commit(seq); err != nil {
			return committed, err
		}
	}
	if s.opts.OnChange != nil && len(committed) > 0 {
		s.opts.OnChange(ims.RecordChange{Kind: kind.Name})
	}
	return committed, nil
}

// Batch limits stay well under Badger's per-transaction cap for an 8 MB memtable.
const (
	maxTxnBytes   = 512 << 10
	maxTxnEntries = 4000
)

func setAll(txn *badger.Txn, sets [][2][]byte) error {
	for _, kv := range sets {
		if err := txn.Set(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

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
				var targets []string
				switch t := v[f.Name].(type) {
				case string:
					if f.Type == ims.TypeLink {
						targets = []string{t}
					}
				case []string:
					if f.Type == ims.TypeLinks {
						targets = t
					}
				}
				for _, t := range targets {
					if err := checkTarget(txn, &f, t); err != nil {
						e := ims.AsError(err)
						return &ims.Error{Code: e.Code, Field: e.Field, Message: fmt.Sprintf("record %d: %s", i+1, e.Message)}
					}
				}
			}
			if err := ims.CheckRecord(ims.Record{}, rec, look); err != nil {
				e := ims.AsError(err)
				return &ims.Error{Code: e.Code, Field: e.Field, Message: fmt.Sprintf("record %d: %s", i+1, e.Message)}
			}
		}
		return nil
	})
}
