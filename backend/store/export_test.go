package store

// Test-only doors into the store: writing ops as another replica would, bulk loading for
// benchmarks, and reading raw keys. They reuse the store's own key builders and apply rule.

import (
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// WriteRemoteOp appends an op made on another replica through ApplyRemote, as a sync
// would. A zero HLC is stamped from the store's clock, a missing id gets a fresh one and
// a zero seq the replica's next.
func (s *Store) WriteRemoteOp(op ims.Op) (ims.Op, error) {
	if op.ID == "" {
		op.ID = uuid.NewString()
	}
	if op.HLC == 0 {
		op.HLC = s.eng.Now()
	} else if h := uint64(time.Now().Add(oplogMaxSkew).UnixMilli()) << 16; op.HLC > h {
		return op, fmt.Errorf("op clock too far ahead")
	}
	if op.Seq == 0 {
		op.Seq = s.VersionVector()[op.Replica] + 1
	}
	_, err := s.ApplyRemote([]ims.Op{op})
	return op, err
}

const oplogMaxSkew = 24 * time.Hour

// CreateRecordsBatch creates many records through the same write path as CreateRecord,
// but in unsynced write batches: benchmarks need 100,000 ops quickly. Link targets must
// already be committed. It returns the new ids.
func (s *Store) CreateRecordsBatch(actor ims.Actor, kindName string, records []map[string]any) ([]string, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.begin(actor)
	t.wb = s.db.NewWriteBatch()
	defer func() { t.discard() }()
	ids := make([]string, 0, len(records))
	for _, fields := range records {
		e, err := t.create(kind, uuid.NewString(), fields)
		if err != nil {
			return nil, err
		}
		ids = append(ids, e.st.ID)
	}
	if _, err := t.commit(); err != nil {
		return nil, err
	}
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

// RawDropPrefix deletes every key under a prefix, as an older build's database lacks them.
func (s *Store) RawDropPrefix(prefix string) error { return s.db.DropPrefix([]byte(prefix)) }
