package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// Replay applies the whole op log, in clock order, to empty states and returns the result
// keyed by entity id. It reads only op/, never the materialised state.
func (s *Store) Replay() (map[string]*ims.EntityState, int, error) {
	return s.fold(^uint64(0))
}

// fold applies the ops of the log whose clock is at most cut, in clock order, to empty
// states: the whole log for Replay, the log cut at a past date for a view as of it.
func (s *Store) fold(cut uint64) (map[string]*ims.EntityState, int, error) {
	states := map[string]*ims.EntityState{}
	n := 0
	err := s.eachOpUntil(cut, func(_ []byte, op ims.Op) error {
		st := states[op.Entity]
		if st == nil {
			st = &ims.EntityState{}
			states[op.Entity] = st
		}
		s.eng.Apply(st, op)
		n++
		return nil
	})
	return states, n, err
}

// eachOp calls fn with every op of the log, in clock order, and its key.
func (s *Store) eachOp(fn func(key []byte, op ims.Op) error) error {
	return s.eachOpUntil(^uint64(0), fn)
}

// eachOpUntil calls fn with every op of the log whose clock is at most cut, in clock
// order, and its key. The clock leads the key, so the scan stops at the first op after cut.
// Reading the log and decoding it run side by side (a goroutine copies keys and values
// out in chunks; this one decodes them and calls fn, in order), as replay and the as-of
// fold read every op.
func (s *Store) eachOpUntil(cut uint64, fn func(key []byte, op ims.Op) error) error {
	type raw struct{ key, val []byte }
	chunks := make(chan []raw, 4)
	stop := make(chan struct{})
	read := make(chan error, 1)
	go func() {
		defer close(chunks)
		read <- s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixOp, PrefetchValues: false})
			defer it.Close()
			chunk := make([]raw, 0, 1024)
			send := func() bool {
				select {
				case chunks <- chunk:
					chunk = make([]raw, 0, 1024)
					return true
				case <-stop:
					return false
				}
			}
			for it.Rewind(); it.Valid(); it.Next() {
				item := it.Item()
				if h, ok := opKeyHLC(item.Key()); ok && h > cut {
					break
				}
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				if chunk = append(chunk, raw{item.KeyCopy(nil), v}); len(chunk) == cap(chunk) && !send() {
					return nil
				}
			}
			if len(chunk) > 0 {
				send()
			}
			return nil
		})
	}()
	err := func() error {
		intern := map[string]string{}
		for chunk := range chunks {
			for _, r := range chunk {
				var op ims.Op
				if err := decodeOpInterned(r.val, &op, intern); err != nil {
					return fmt.Errorf("decode op %s: %w", r.key, err)
				}
				op.Value = normalizeJSON(op.Value)
				if err := fn(r.key, op); err != nil {
					return err
				}
			}
		}
		return nil
	}()
	close(stop)
	for range chunks { // let the reader finish
	}
	if rerr := <-read; err == nil {
		err = rerr
	}
	return err
}

// opKeyHLC reads the clock of an op/ key (op/<hlc:016x>/<opid>) without allocating.
func opKeyHLC(k []byte) (uint64, bool) {
	if len(k) < len(prefixOp)+17 || k[len(prefixOp)+16] != '/' {
		return 0, false
	}
	var h uint64
	for _, c := range k[len(prefixOp) : len(prefixOp)+16] {
		switch {
		case c >= '0' && c <= '9':
			h = h<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			h = h<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return h, true
}

// Materialised returns the stored state of every entity, keyed by id.
func (s *Store) Materialised() (map[string]*ims.EntityState, error) {
	out := map[string]*ims.EntityState{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEnt, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			st := &ims.EntityState{}
			if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, st) }); err != nil {
				return err
			}
			out[st.ID] = st
		}
		return nil
	})
	return out, err
}

// VerifyReplay checks that replaying the op log from scratch gives exactly the stored
// materialised state, and names the first entity that differs.
func (s *Store) VerifyReplay() error {
	replayed, _, err := s.Replay()
	if err != nil {
		return err
	}
	stored, err := s.Materialised()
	if err != nil {
		return err
	}
	ids := slices.Sorted(maps.Keys(replayed))
	if len(replayed) != len(stored) {
		return fmt.Errorf("replay gives %d entities, the store holds %d", len(replayed), len(stored))
	}
	for _, id := range ids {
		a, _ := json.Marshal(replayed[id])
		b, _ := json.Marshal(stored[id])
		if string(a) != string(b) {
			return fmt.Errorf("entity %s differs:\n replay: %s\n stored: %s", id, a, b)
		}
	}
	return nil
}

// Rebuild rebuilds the derived state (ent/, idx/) from the op log and returns the number of
// ops replayed. It replays the whole log and checks every entity's kind before it touches
// anything, so a log this build cannot read (a kind it does not know: a damaged backup, or
// a workspace from a newer Keel) leaves every register as it was. The drop and the writes
// after it are journalled (meta/pending/rebuild): a crash between them is finished by the
// next open.
func (s *Store) Rebuild() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rebuildLocked()
}

func (s *Store) rebuildLocked() (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	states, n, err := s.Replay()
	if err != nil {
		return 0, fmt.Errorf("replay the op log (nothing was changed): %w", err)
	}
	ents := make([]*entity, 0, len(states))
	for _, st := range states {
		kind, err := ims.KindByName(st.Kind)
		if err != nil {
			return 0, ims.Errorf(ims.EINVALID, "the op log names a register this build of Keel does not know (%q, entity %s): the workspace was written by a newer Keel or the backup is damaged; nothing was changed", st.Kind, st.ID)
		}
		ents = append(ents, &entity{kind: kind, st: *st})
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(keyPendingRebuild, []byte("1")) }); err != nil {
		return 0, fmt.Errorf("start the rebuild (nothing was changed): %w", err)
	}
	if err := s.db.DropPrefix(prefixEnt, prefixIdx); err != nil {
		return 0, fmt.Errorf("drop derived state: %w", err)
	}
	// The states go through the write path's put, without ops: nothing is checked or
	// followed up, the log already holds every op.
	t := s.begin(ims.Actor{})
	t.wb = s.db.NewWriteBatch()
	defer func() { t.discard() }()
	for _, e := range ents {
		if err := t.put(e); err != nil {
			return 0, err
		}
	}
	if err := t.del(keyPendingRebuild); err != nil {
		return 0, err
	}
	if _, err := t.commit(); err != nil {
		return 0, err
	}
	s.forget()
	return n, nil
}
