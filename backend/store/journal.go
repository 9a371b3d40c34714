package store

// The journal makes the store's long writes all or nothing across a crash and a full disk.
// A batch (an import) that needs several transactions first writes meta/pending/batch with
// this device's sequence number before it; its last transaction deletes the marker. If the
// batch fails, or the process dies before that, the ops above that sequence number are
// taken out of the log and the derived state is rebuilt (rollbackBatch), now or when the
// workspace next opens. A rebuild writes meta/pending/rebuild before it drops the derived
// state and deletes it when the new state is written; an open that finds it rebuilds again.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

var (
	keyPendingBatch   = []byte("meta/pending/batch")
	keyPendingRebuild = []byte("meta/pending/rebuild")
)

// pendingBatch is what meta/pending/batch holds: this replica's sequence number before the
// batch began.
type pendingBatch struct {
	Seq uint64 `json:"seq"`
}

// beginBatch records, durably, that a batch starts after sequence number seq.
func (s *Store) beginBatch(seq uint64) error {
	b, _ := json.Marshal(pendingBatch{Seq: seq})
	if err := s.writable(); err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(keyPendingBatch, b) })
}

// recover finishes what a crash interrupted: it takes a half-written batch out of the log,
// or completes a rebuild. Open calls it before anything reads the store.
func (s *Store) recover() error {
	var p pendingBatch
	var rebuild bool
	err := s.db.View(func(txn *badger.Txn) error {
		found, err := getJSON(txn, keyPendingBatch, &p)
		if err != nil {
			return err
		}
		if !found {
			p.Seq = ^uint64(0)
		}
		_, err = txn.Get(keyPendingRebuild)
		rebuild = err == nil
		if err == badger.ErrKeyNotFound {
			err = nil
		}
		return err
	})
	if err != nil {
		return err
	}
	if p.Seq != ^uint64(0) {
		if err := s.rollbackBatch(p.Seq); err != nil {
			return fmt.Errorf("undo an import a crash interrupted: %w", err)
		}
		return nil
	}
	if rebuild {
		if _, err := s.rebuildLocked(); err != nil {
			return fmt.Errorf("finish a rebuild a crash interrupted: %w", err)
		}
	}
	return nil
}

// rollbackBatch takes every op of this replica above seq out of the log (op/, hist/, rep/),
// rebuilds the derived state from what is left and sets the sequence number back, then
// deletes the batch marker. Each step can be run again: a crash part-way leaves the marker,
// and the next open finishes it. The caller holds s.mu (or is Open).
func (s *Store) rollbackBatch(seq uint64) error {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRepOf(s.replica), PrefetchValues: true})
		defer it.Close()
		for it.Seek(keyRep(s.replica, seq+1)); it.Valid(); it.Next() {
			opKey, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			keys = append(keys, it.Item().KeyCopy(nil), opKey)
			item, err := txn.Get(opKey)
			if err == badger.ErrKeyNotFound {
				continue
			} else if err != nil {
				return err
			}
			var op ims.Op
			if err := item.Value(func(b []byte) error { return json.Unmarshal(b, &op) }); err != nil {
				return err
			}
			keys = append(keys, keyHist(op.Entity, op.HLC, op.ID))
		}
		return nil
	})
	if err != nil {
		return err
	}
	wb := s.db.NewWriteBatch()
	for _, k := range keys {
		if err := wb.Delete(k); err != nil {
			wb.Cancel()
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	if _, err := s.rebuildLocked(); err != nil {
		return err
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		n := []byte(strconv.FormatUint(seq, 10))
		if err := txn.Set(keySeq, n); err != nil {
			return err
		}
		if err := txn.Set(keyVV(s.replica), n); err != nil {
			return err
		}
		return txn.Delete(keyPendingBatch)
	})
	if err != nil {
		return err
	}
	s.seq, s.vv[s.replica] = seq, seq
	s.forget()
	return nil
}

// openChecks runs when a store opens, after the migrations: a workspace whose derived state
// names a register this build does not know opens read-only, and one that is writable gets
// what a crash interrupted finished (recover).
func (s *Store) openChecks() error {
	if s.readOnly == "" {
		unknown, err := s.unknownKinds()
		if err != nil {
			return fmt.Errorf("read the registers: %w", err)
		}
		if len(unknown) > 0 {
			s.readOnly = fmt.Sprintf("this workspace was written by a newer Keel: it holds registers this build does not know (%s)", strings.Join(unknown, ", "))
		}
	}
	if s.readOnly != "" && !s.opts.OpenNewer {
		return errors.New(s.readOnly + ": update Keel")
	}
	if s.readOnly != "" {
		s.readOnly += ": it is open read-only; update Keel to change it"
		return nil
	}
	if err := s.recover(); err != nil {
		// A full disk can keep the rollback from finishing: the workspace still opens for
		// reading, and the next open tries again.
		s.readOnly = fmt.Sprintf("%v: the workspace is open read-only until that is done (free some disk space and open it again)", err)
	}
	return nil
}

// unknownKinds lists the kinds under ent/ this build has no schema for, one seek per kind.
func (s *Store) unknownKinds() ([]string, error) {
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEnt})
		defer it.Close()
		for it.Rewind(); it.Valid(); {
			rest := string(it.Item().Key()[len(prefixEnt):])
			kind, _, _ := strings.Cut(rest, "/")
			if _, err := ims.KindByName(kind); err != nil {
				out = append(out, kind)
			}
			it.Seek(append(prefixEntOf(kind), 0xff))
		}
		return nil
	})
	return out, err
}

// ReadOnly says why the store refuses writes, or "" when it takes them.
func (s *Store) ReadOnly() string { return s.readOnly }

// writable refuses a write to a read-only store with the reason.
func (s *Store) writable() error {
	if s.readOnly != "" {
		return ims.Errorf(ims.EFORBIDDEN, "%s", s.readOnly)
	}
	return s.roomToWrite()
}
