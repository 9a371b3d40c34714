package store

import (
	"fmt"
	"testing"
)

// The keys built on every op without fmt are the ones the schema (keys.go) writes down.
func TestOpKeys(t *testing.T) {
	for _, v := range []uint64{0, 1, 0xabc, 1 << 40, 1<<64 - 1} {
		if got, want := string(keyOp(v, "op-1")), fmt.Sprintf("op/%016x/%s", v, "op-1"); got != want {
			t.Errorf("keyOp: %q, want %q", got, want)
		}
		if got, want := string(keyHist("e-1", v, "op-1")), fmt.Sprintf("hist/%s/%016x/%s", "e-1", v, "op-1"); got != want {
			t.Errorf("keyHist: %q, want %q", got, want)
		}
		if got, want := string(keyRep("r-1", v)), fmt.Sprintf("rep/%s/%016x", "r-1", v); got != want {
			t.Errorf("keyRep: %q, want %q", got, want)
		}
	}
}

// SetMaxRemoteEntities sets the bound on the entities ApplyRemote keeps across its
// commits, for the tests, and returns a function that puts the old one back.
func SetMaxRemoteEntities(n int) (restore func()) {
	old := maxRemoteEntities
	maxRemoteEntities = n
	return func() { maxRemoteEntities = old }
}
