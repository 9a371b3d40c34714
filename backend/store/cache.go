package store

import (
	"sync"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// cache keeps the materialised records of each kind in memory once a kind is first read,
// so that lists, filters and search over 10,000 records need no decoding. It is updated
// after every commit and is never the source of truth.
type cache struct {
	mu    sync.RWMutex
	kinds map[string]map[string]ims.Record
	view  *View // the last view as of a past date (asof.go); any commit drops it
}

func newCache() *cache { return &cache{kinds: map[string]map[string]ims.Record{}} }

// withRecords calls fn with the kind's records under the cache's read lock, loading them
// from the database on first use. fn must not keep the map.
func (s *Store) withRecords(kind *ims.Kind, fn func(map[string]ims.Record) error) error {
	s.cache.mu.RLock()
	m, ok := s.cache.kinds[kind.Name]
	if ok {
		defer s.cache.mu.RUnlock()
		return fn(m)
	}
	s.cache.mu.RUnlock()
	if err := s.load(kind); err != nil {
		return err
	}
	return s.withRecords(kind, fn)
}

func (s *Store) load(kind *ims.Kind) error {
	// Hold the writer lock so that no commit lands between the scan and the cache
	// becoming visible.
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]ims.Record{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEntOf(kind.Name), PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var st ims.EntityState
			if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, &st) }); err != nil {
				return err
			}
			if st.Created.OpID != "" {
				m[st.ID] = st.ToRecord(kind)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if _, ok := s.cache.kinds[kind.Name]; !ok {
		s.cache.kinds[kind.Name] = m
	}
	return nil
}

// remember puts a committed record into the cache, if its kind is loaded. An entity
// whose create has not arrived from its replica yet is no record until it does.
func (s *Store) remember(kind *ims.Kind, st *ims.EntityState) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	s.cache.view = nil
	if m, ok := s.cache.kinds[kind.Name]; ok && st.Created.OpID != "" {
		m[st.ID] = st.ToRecord(kind)
	}
}

func (s *Store) forget() {
	s.cache.mu.Lock()
	s.cache.kinds = map[string]map[string]ims.Record{}
	s.cache.view = nil
	s.cache.mu.Unlock()
}
