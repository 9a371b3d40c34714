// Package store is the Badger implementation of ims.RecordService: the op log, the
// materialised records and their indexes, migrations, backups and restore.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// Engine is the op log's pure rules, wired in by main (backend/oplog) so the store does not
// import another implementation package.
type Engine interface {
	Now() uint64                // next hybrid logical clock value
	NowFrom(from uint64) uint64 // next value for a write back-dated to from (ims.Backdated)
	Observe(h uint64) bool      // fold in a clock value read from the log
	Apply(s *ims.EntityState, op ims.Op)
}

// Options tune a store. The zero value is right for a laptop.
type Options struct {
	InMemory bool                   // tests only
	OnChange func(ims.RecordChange) // called after every committed write
	Logger   badger.Logger          // nil silences Badger
	// FreeSpace, when set, answers how much space is free on the disk holding dir
	// (tests: a full disk); the disk's own answer by default (diskfull.go).
	FreeSpace func(dir string) (uint64, error)
	// BackupDir and KeepBackups drive Backup: on demand and when the app closes.
	BackupDir   string
	KeepBackups int
	// FilesDir is the workspace folder whose own files (evidence, identity, keys, logo;
	// not db/ or backups/) every backup carries; "" backs up the database only.
	FilesDir string
	// Rules are the domain rules given by main: the catalogue-reference check and the
	// follow-ups that local writes run in their own transaction. The zero value checks
	// reference shapes only and follows nothing up.
	Rules ims.Rules
	// OpenNewer opens a workspace written by a newer Keel (a migration or a register this
	// build does not know) read-only instead of refusing it: reads work, writes are refused
	// with the reason (ReadOnly).
	OpenNewer bool
}

// Store is one open workspace database.
type Store struct {
	db      *badger.DB
	eng     Engine
	opts    Options
	replica string

	mu      sync.Mutex // serialises writes: one writer keeps ops and state in step
	seq     uint64
	vv      map[string]uint64 // highest seq held per replica (vv/), in step with commits
	openSeq uint64            // seq when opened: Changed reports whether anything was written since
	cache   *cache
	open    bool // metadata loaded: migrations that write records may run
	// readOnly, when set, says why this store refuses writes: the workspace was written by
	// a newer Keel (a migration or a register this build does not know), or what a crash
	// interrupted could not be finished (journal.go). Reads work.
	readOnly string
}

// ErrLocked is returned when another process has the workspace open.
var ErrLocked = errors.New("workspace is open in another Keel")

// Open opens (or creates) the database in dir.
func Open(dir string, eng Engine, opts Options) (*Store, error) {
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(true). // an acknowledged edit survives a crash or power cut
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithBaseTableSize(4 << 20).
		WithNumCompactors(2).
		WithDetectConflicts(false). // writes are serialised by Store.mu
		WithLogger(opts.Logger)
	if opts.InMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	db, err := openBadger(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("open database %s: %w", dir, err)
	}
	s := &Store{db: db, eng: eng, opts: opts, cache: newCache(), vv: map[string]uint64{}}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	err = db.View(func(txn *badger.Txn) error {
		var err error
		if s.replica, err = getString(txn, keyReplica); err != nil {
			return err
		}
		seq, err := getString(txn, keySeq)
		if err != nil {
			return err
		}
		s.seq, _ = strconv.ParseUint(seq, 10, 64)
		s.openSeq = s.seq
		if s.vv, err = loadVersionVector(txn); err != nil {
			return err
		}
		// The clock must never run behind the newest op in the log.
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: prefixOp})
		defer it.Close()
		it.Seek(append(append([]byte{}, prefixOp...), 0xff))
		if it.Valid() {
			if h, err := hlcFromOpKey(it.Item().Key()); err == nil {
				eng.Observe(h)
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("read workspace metadata: %w", err)
	}
	s.open = true
	if err := s.openChecks(); err != nil {
		db.Close()
		return nil, err
	}
	if s.readOnly != "" {
		return s, nil
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func hlcFromOpKey(k []byte) (uint64, error) {
	parts := strings.SplitN(string(k), "/", 3)
	if len(parts) < 3 {
		return 0, fmt.Errorf("bad op key %q", k)
	}
	return strconv.ParseUint(parts[1], 16, 64)
}

// Changed reports whether this store wrote anything since it was opened.
func (s *Store) Changed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq != s.openSeq
}

// Close flushes and closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Replica returns this device's replica id in the workspace.
func (s *Store) Replica() string { return s.replica }

// DB exposes Badger to backups and benchmarks in this package's tests.
func (s *Store) DB() *badger.DB { return s.db }

func getJSON(txn *badger.Txn, key []byte, v any) (bool, error) {
	item, err := txn.Get(key)
	if err == badger.ErrKeyNotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}
