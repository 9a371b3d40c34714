package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// migration is one ordered, registered change to a workspace's store. Each runs once, in
// its own transaction, and is recorded under meta/migration/NNNN and meta/schema_version.
type migration struct {
	N    int
	Name string
	Up   func(txn *badger.Txn) error
	Run  func(s *Store) error // work too big for one transaction, run before Up
	// Write changes records through the write path, as ops of this device; it runs once the
	// store is open (replica and sequence loaded), before Up.
	Write func(s *Store) error
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
	}, nil, nil},
	{2, "sync: ops by replica (rep/, vv/); derived state keeps superseded op ids", func(*badger.Txn) error { return nil },
		(*Store).indexReplicas, nil},
	{3, "one implementation status per catalogue item: duplicates merged", func(*badger.Txn) error { return nil }, nil,
		(*Store).mergeDuplicateStatuses},
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
		if m.Write != nil && !s.open {
			return nil // the rest runs once the store is open (Open calls migrate again)
		}
		if m.Write != nil {
			if err := m.Write(s); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.N, m.Name, err)
			}
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

// migrationActor is who the ops of a migration that writes records carry.
var migrationActor = ims.Actor{Name: "Keel", Role: "store migration"}

// mergeDuplicateStatuses leaves one implementation status per catalogue item. Of two or
// more live control_status records for an item (made before the rule, or on two devices
// before a sync), the latest updated is kept, as the gap analysis already read it; what only
// the others say (owner, target date, justification, evidence, notes) is carried into it,
// with a note naming them; the others go to the bin, restorable, so both histories stay.
func (s *Store) mergeDuplicateStatuses() error {
	ctx := context.Background()
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "control_status"})
	if err != nil {
		return err
	}
	groups := map[string][]ims.Record{}
	var order []string
	for _, r := range res.Records {
		item, _ := r.Fields["item"].(string)
		key := strings.ToLower(item)
		if key == "" {
			continue
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], r)
	}
	for _, key := range order {
		g := groups[key]
		if len(g) < 2 {
			continue
		}
		slices.SortStableFunc(g, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(b.UpdatedAt, a.UpdatedAt), strings.Compare(a.ID, b.ID))
		})
		keep, fields := g[0], map[string]any{}
		text := func(r ims.Record, f string) string { v, _ := r.Fields[f].(string); return v }
		var notes []string
		for _, dup := range g[1:] {
			for _, f := range []string{"owner", "target_date", "justification", "evidence"} {
				if text(keep, f) == "" && fields[f] == nil && text(dup, f) != "" {
					fields[f] = text(dup, f)
				}
			}
			line := fmt.Sprintf("Merged with the duplicate record %s (status %q), now in the bin with its history.", dup.ID, text(dup, "status"))
			if n := text(dup, "notes"); n != "" {
				line += " Its notes: " + n
			}
			notes = append(notes, line)
		}
		all := strings.TrimSpace(strings.Join(append([]string{text(keep, "notes")}, notes...), "\n"))
		if r := []rune(all); len(r) > 10000 {
			all = string(r[:9999]) + "…"
		}
		fields["notes"] = all
		if _, err := s.UpdateRecord(ctx, migrationActor, "control_status", keep.ID, fields); err != nil {
			return fmt.Errorf("merge the statuses of %s: %w", text(keep, "item"), err)
		}
		for _, dup := range g[1:] {
			if err := s.DeleteRecord(ctx, migrationActor, "control_status", dup.ID); err != nil {
				return fmt.Errorf("merge the statuses of %s: %w", text(keep, "item"), err)
			}
		}
	}
	return nil
}
