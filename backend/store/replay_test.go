package store_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// busyStore fills a store with every kind of op: creates, edits, clears, links, unlinks,
// deletes, restores and a conflict from two replicas.
func busyStore(t *testing.T, s *store.Store) fixture {
	t.Helper()
	fx := newFixture(t, s)
	if _, err := s.UpdateRecord(ctx, bob, "context_issue", fx.issue, map[string]any{"owner": "", "lens": "ai,privacy", "related_parties": []string{fx.ico}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RestoreRecord(ctx, bob, "context_issue", fx.old); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRecord(ctx, ada, "scope_statement", fx.scope); err != nil {
		t.Fatal(err)
	}
	concurrentTitles(t, s, fx.issue)
	return fx
}

func materialisedJSON(t *testing.T, s *store.Store) string {
	t.Helper()
	m, err := s.Materialised()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRebuild(t *testing.T) {
	top := t
	dir := filepath.Join(t.TempDir(), "db")
	s := MustOpenDir(t, dir, store.Options{})
	fx := busyStore(t, s)
	records, states := snapshot(t, s), materialisedJSON(t, s)
	idx, err := s.RawKeys("idx/")
	if err != nil {
		t.Fatal(err)
	}
	ops := opCount(t, s)

	t.Run("gives back identical records, state and indexes", func(t *testing.T) {
		n, err := s.Rebuild()
		if err != nil {
			t.Fatal(err)
		}
		if n != ops {
			t.Errorf("Rebuild replayed %d ops, the log holds %d", n, ops)
		}
		if got := snapshot(t, s); got != records {
			t.Errorf("records after rebuild:\n got  %s\n want %s", got, records)
		}
		if got := materialisedJSON(t, s); got != states {
			t.Errorf("state after rebuild differs")
		}
		if got, _ := s.RawKeys("idx/"); strings.Join(got, "\n") != strings.Join(idx, "\n") {
			t.Errorf("index after rebuild:\n got  %q\n want %q", got, idx)
		}
		if n := opCount(t, s); n != ops {
			t.Errorf("rebuild changed the op log: %d ops, was %d", n, ops)
		}
	})
	t.Run("and after a reopen", func(t *testing.T) {
		s = reopen(top, s, dir, store.Options{})
		if _, err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, s); got != records {
			t.Errorf("records after reopen and rebuild differ")
		}
	})
	t.Run("VerifyReplay notices damaged state and Rebuild repairs it", func(t *testing.T) {
		if err := s.VerifyReplay(); err != nil {
			t.Fatalf("VerifyReplay before damage: %v", err)
		}
		// Damage one record's materialised state behind the op log's back.
		if err := s.RawSet("ent/context_issue/"+fx.old, `{"id":"`+fx.old+`","kind":"context_issue"}`); err != nil {
			t.Fatal(err)
		}
		err := s.VerifyReplay()
		if err == nil || !strings.Contains(err.Error(), fx.old) {
			t.Fatalf("VerifyReplay after damage = %v, want it to name entity %s", err, fx.old)
		}
		if _, err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		if err := s.VerifyReplay(); err != nil {
			t.Errorf("VerifyReplay after rebuild: %v", err)
		}
		if got := snapshot(t, s); got != records {
			t.Errorf("records after repair differ from before the damage")
		}
	})
	t.Run("VerifyReplay notices a missing entity", func(t *testing.T) {
		if err := s.RawSet("ent/context_issue/ghost", `{"id":"ghost","kind":"context_issue"}`); err != nil {
			t.Fatal(err)
		}
		if err := s.VerifyReplay(); err == nil {
			t.Fatal("VerifyReplay accepted an entity with no ops")
		}
		if _, err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetRecord(ctx, "context_issue", "ghost"); ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("ghost after rebuild: %v", err)
		}
	})
}
