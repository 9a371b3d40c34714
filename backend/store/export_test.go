package store

// Test-only doors into the store: writing ops as another replica would, bulk loading for
// benchmarks, and reading raw keys. They reuse the store's own key builders and apply rule.

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// WriteRemoteOp appends an op made on another replica to the log and applies it to the
// materialised state and indexes in one transaction, as a sync would. A zero HLC is
// stamped from the store's clock; a missing id gets a fresh one.
func (s *Store) WriteRemoteOp(op ims.Op) (ims.Op, error) {
	kind, err := ims.KindByName(op.Kind)
	if err != nil {
		return op, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if op.ID == "" {
		op.ID = uuid.NewString()
	}
	if op.HLC == 0 {
		op.HLC = s.eng.Now()
	} else if !s.eng.Observe(op.HLC) {
		return op, fmt.Errorf("op clock too far ahead")
	}
	var st ims.EntityState
	err = s.db.Update(func(txn *badger.Txn) error {
		found, err := getState(txn, keyEnt(kind.Name, op.Entity), &st)
		if err != nil {
			return err
		}
		if !found {
			st = ims.EntityState{ID: op.Entity, Kind: kind.Name}
		}
		old := indexEntries(kind, &st)
		if err := setJSON(txn, keyOp(op.HLC, op.ID), op); err != nil {
			return err
		}
		if err := txn.Set(keyHist(op.Entity, op.HLC, op.ID), nil); err != nil {
			return err
		}
		s.eng.Apply(&st, op)
		if err := updateIndex(txn, kind, op.Entity, old, indexEntries(kind, &st)); err != nil {
			return err
		}
		return setJSON(txn, keyEnt(kind.Name, op.Entity), &st)
	})
	if err != nil {
		return op, err
	}
	s.remember(kind, &st)
	return op, nil
}

// CreateRecordsBatch creates many records through the same drafts, ops and apply rule as
// CreateRecord, but in one unsynced write batch: benchmarks need 100,000 ops quickly.
// Link targets must already be committed. It returns the new ids.
func (s *Store) CreateRecordsBatch(actor ims.Actor, kindName string, records []map[string]any) ([]string, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	rtxn := s.db.NewTransaction(false)
	defer rtxn.Discard()
	seq := s.seq
	ids := make([]string, 0, len(records))
	for _, fields := range records {
		vals, err := kind.ValidateFields(fields, true)
		if err != nil {
			return nil, err
		}
		id := uuid.NewString()
		st := ims.EntityState{ID: id, Kind: kind.Name}
		ds, err := fieldDrafts(rtxn, kind, &st, vals)
		if err != nil {
			return nil, err
		}
		for _, d := range append([]draft{{Type: ims.OpCreate}}, ds...) {
			seq++
			op := ims.Op{ID: uuid.NewString(), Replica: s.replica, Seq: seq, HLC: s.eng.Now(), Actor: actor,
				Type: d.Type, Kind: kind.Name, Entity: id, Field: d.Field, Value: d.Value, Pred: d.Pred}
			b, err := json.Marshal(op)
			if err != nil {
				return nil, err
			}
			if err := wb.Set(keyOp(op.HLC, op.ID), b); err != nil {
				return nil, err
			}
			if err := wb.Set(keyHist(id, op.HLC, op.ID), nil); err != nil {
				return nil, err
			}
			s.eng.Apply(&st, op)
		}
		for k := range indexEntries(kind, &st) {
			if err := wb.Set([]byte(k), nil); err != nil {
				return nil, err
			}
		}
		b, err := json.Marshal(&st)
		if err != nil {
			return nil, err
		}
		if err := wb.Set(keyEnt(kind.Name, id), b); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := wb.Set(keySeq, []byte(strconv.FormatUint(seq, 10))); err != nil {
		return nil, err
	}
	if err := wb.Flush(); err != nil {
		return nil, err
	}
	s.seq = seq
	s.forget()
	return ids, nil
}

// RawGet reads one key as it is stored, reporting whether it exists.
func (s *Store) RawGet(key string) (string, bool, error) {
	var out string
	var found bool
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(key))
		if err == badger.ErrKeyNotFound {
			return nil
		} else if err != nil {
			return err
		}
		found = true
		b, err := item.ValueCopy(nil)
		out = string(b)
		return err
	})
	return out, found, err
}

// RawVersion is the Badger version (commit timestamp) of a key: it moves on every rewrite.
func (s *Store) RawVersion(key string) (uint64, error) {
	var v uint64
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(key))
		if err != nil {
			return err
		}
		v = item.Version()
		return nil
	})
	return v, err
}

// RawSet writes one key directly, bypassing the op log: only to simulate other builds.
func (s *Store) RawSet(key, value string) error {
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(key), []byte(value)) })
}

// RawKeys lists the keys under a prefix, in order.
func (s *Store) RawKeys(prefix string) ([]string, error) {
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, string(it.Item().KeyCopy(nil)))
		}
		return nil
	})
	return out, err
}

// Seq is the last sequence number this replica used.
func (s *Store) Seq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}
