// Package storetest opens real stores for tests (STYLE.md: test helpers that open a real
// store): Badger in memory or in a folder, on the real op-log engine, closed when the test
// ends. The store's own tests and those of the packages that write through it use it.
package storetest

import (
	"testing"

	"keel/backend/oplog"
	"keel/backend/store"
)

// Open opens an in-memory store with opts: for tests that never reopen.
func Open(tb testing.TB, opts store.Options) *store.Store {
	tb.Helper()
	opts.InMemory = true
	return OpenDir(tb, "", opts)
}

// OpenDir opens (or reopens) the store in dir. Closing twice is harmless, so a test may
// close it early.
func OpenDir(tb testing.TB, dir string, opts store.Options) *store.Store {
	tb.Helper()
	s, err := store.Open(dir, oplog.NewEngine(), opts)
	if err != nil {
		tb.Fatalf("open store %s: %v", dir, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
