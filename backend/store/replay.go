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
	states := map[string]*ims.EntityState{}
	n := 0
	err := s.eachOp(func(_ []byte, op ims.Op) error {
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
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixOp, PrefetchValues: true, PrefetchSize: 512})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var op ims.Op
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &op) }); err != nil {
				return fmt.Errorf("decode op %s: %w", it.Item().Key(), err)
			}
			op.Value = normalizeJSON(op.Value)
			if err := fn(it.Item().KeyCopy(nil), op); err != nil {
				return err
			}
		}
		return nil
	})
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

// Rebuild drops the derived state (ent/, idx/) and rebuilds it from the op log. It returns
// the number of ops replayed.
func (s *Store) Rebuild() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	states, n, err := s.Replay()
	if err != nil {
		return 0, err
	}
	if err := s.db.DropPrefix(prefixEnt, prefixIdx); err != nil {
		return 0, fmt.Errorf("drop derived state: %w", err)
	}
	// The states go through the write path's put, without ops: nothing is checked or
	// followed up, the log already holds every op.
	t := s.begin(ims.Actor{})
	t.wb = s.db.NewWriteBatch()
	defer func() { t.discard() }()
	for _, st := range states {
		kind, err := ims.KindByName(st.Kind)
		if err != nil {
			return 0, fmt.Errorf("op log names unknown kind %q", st.Kind)
		}
		if err := t.put(&entity{kind: kind, st: *st}); err != nil {
			return 0, err
		}
	}
	if _, err := t.commit(); err != nil {
		return 0, err
	}
	s.forget()
	return n, nil
}
