package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// migration is one ordered, registered change to a workspace's store. Each runs once, in
// its own transaction, and is recorded under meta/migration/NNNN and meta/schema_version.
type migration struct {
	N    int
	Name string
	Up   func(txn *badger.Txn) error
	Run  func(s *Store) error // work too big for one transaction, run before Up
}

var migrations = []migration{
	{1, "init: replica id and key schema v1", func(txn *badger.Txn) error {
		if _, err := txn.Get(keyReplica); err == nil {
			return nil
		}
		if err := txn.Set(keyReplica, []byte(uuid.NewString())); err != nil {
			return err
		}
		return txn.Set(keySeq, []byte("0"))
	}, nil},
	{2, "sync: ops by replica (rep/, vv/); derived state keeps superseded op ids", func(*badger.Txn) error { return nil },
		(*Store).indexReplicas},
}

// SchemaVersion is the number of the newest migration this build knows.
func SchemaVersion() int { return migrations[len(migrations)-1].N }

func (s *Store) migrate() error {
	current := 0
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := getString(txn, keySchemaVersion)
		if err != nil || v == "" {
			return err
		}
		current, err = strconv.Atoi(v)
		return err
	})
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > SchemaVersion() {
		s.readOnly = fmt.Sprintf("this workspace was written by a newer Keel (schema %d, this build knows %d)", current, SchemaVersion())
		return nil
	}
	for _, m := range migrations {
		if m.N <= current {
			continue
		}
		if m.Run != nil {
			if err := m.Run(s); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.N, m.Name, err)
			}
		}
		err := s.db.Update(func(txn *badger.Txn) error {
			if err := m.Up(txn); err != nil {
				return err
			}
			rec, _ := json.Marshal(map[string]string{"name": m.Name, "appliedAt": time.Now().UTC().Format(time.RFC3339)})
			if err := txn.Set(keyMigration(m.N), rec); err != nil {
				return err
			}
			return txn.Set(keySchemaVersion, []byte(strconv.Itoa(m.N)))
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.N, m.Name, err)
		}
	}
	return nil
}

func getString(txn *badger.Txn, key []byte) (string, error) {
	item, err := txn.Get(key)
	if err == badger.ErrKeyNotFound {
		return "", nil
	} else if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}
