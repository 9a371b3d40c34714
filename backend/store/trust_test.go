package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

func issueRows(n int) []map[string]any {
	rows := make([]map[string]any, n)
	for i := range rows {
		rows[i] = map[string]any{"title": fmt.Sprintf("Imported %05d", i), "type": "external", "status": "open"}
	}
	return rows
}

func liveCount(t *testing.T, s *store.Store, kind string) int {
	t.Helper()
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// A batch that dies part-way (the process stops after its first transactions committed)
// leaves nothing of it once the workspace opens again; one that fails in the process
// leaves nothing at once, not even ops in the log.
func TestBatchAllOrNothing(t *testing.T) {
	t.Run("a crash part-way: the next open takes the batch out", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "db")
		s := MustOpenDir(t, dir, store.Options{})
		mustCreate(t, s, "context_issue", map[string]any{"title": "Before", "type": "internal"})
		ops, seq := opCount(t, s), s.Seq()
		died := func() (v any) {
			defer func() { v = recover() }()
			cctx := ims.WithProgress(ctx, func(done, total int) {
				if done > 0 && done < total {
					panic("the process dies here")
				}
			})
			s.CreateRecords(cctx, ada, "context_issue", issueRows(3000))
			return nil
		}()
		if died == nil {
			t.Fatal("the batch never reported progress between its transactions")
		}
		if n := liveCount(t, s, "context_issue"); n <= 1 {
			t.Fatalf("the crash simulation committed nothing (%d live): the test proves nothing", n)
		}
		s = reopen(t, s, dir, store.Options{})
		if n := liveCount(t, s, "context_issue"); n != 1 {
			t.Fatalf("%d records live after reopening, want only the one from before the import", n)
		}
		if got := opCount(t, s); got != ops || s.Seq() != seq {
			t.Errorf("ops %d (want %d), seq %d (want %d) after the rollback", got, ops, s.Seq(), seq)
		}
		if err := s.VerifyReplay(); err != nil {
			t.Error(err)
		}
		// The workspace goes on as before: a new import lands whole.
		if _, err := s.CreateRecords(ctx, ada, "context_issue", issueRows(10)); err != nil {
			t.Fatal(err)
		}
		if n := liveCount(t, s, "context_issue"); n != 11 {
			t.Errorf("%d records after a later import, want 11", n)
		}
	})
	t.Run("a failure part-way takes out what was written at once", func(t *testing.T) {
		s := MustOpen(t)
		ops := opCount(t, s)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var heard []int
		cctx = ims.WithProgress(cctx, func(done, total int) {
			heard = append(heard, done)
			cancel() // the disk fills, the user cancels: the next record fails
		})
		if _, err := s.CreateRecords(cctx, ada, "context_issue", issueRows(3000)); err == nil {
			t.Fatal("a cancelled batch succeeded")
		}
		if len(heard) == 0 {
			t.Fatal("no progress was reported before the batch failed")
		}
		if n := liveCount(t, s, "context_issue"); n != 0 {
			t.Errorf("%d records live after a failed batch", n)
		}
		if got := opCount(t, s); got != ops {
			t.Errorf("%d ops left in the log by a failed batch", got-ops)
		}
	})
}

// A rebuild over a log that names a register this build does not know changes nothing and
// says why, every time.
func TestRebuildUnknownKindChangesNothing(t *testing.T) {
	s := MustOpen(t)
	for i := range 3 {
		mustCreate(t, s, "context_issue", map[string]any{"title": fmt.Sprint("Issue ", i), "type": "internal"})
	}
	op, _ := json.Marshal(ims.Op{ID: "future-op", Replica: s.Replica(), Seq: 999, HLC: 1, Type: ims.OpCreate, Kind: "quantum_register", Entity: "q1"})
	if err := s.RawSet("op/0000000000000001/future-op", string(op)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	for range 2 {
		_, err := s.Rebuild()
		if err == nil || !strings.Contains(err.Error(), "quantum_register") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("rebuild = %v, want an error naming the unknown register", err)
		}
		if n := liveCount(t, s, "context_issue"); n != 3 {
			t.Fatalf("%d records after a refused rebuild, want 3", n)
		}
		if after := snapshot(t, s); after != before {
			t.Fatal("a refused rebuild changed the records")
		}
	}
}

// A workspace written by a newer Keel opens read-only: reads work, writes are refused with
// the reason.
func TestNewerWorkspaceOpensReadOnly(t *testing.T) {
	for _, tc := range []struct{ name, key, value string }{
		{"a newer migration", "meta/schema_version", "99"},
		{"an unknown register", "ent/quantum_register/q1", `{"id":"q1","kind":"quantum_register"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			s := MustOpenDir(t, dir, store.Options{})
			r := mustCreate(t, s, "context_issue", map[string]any{"title": "Kept", "type": "internal"})
			if err := s.RawSet(tc.key, tc.value); err != nil {
				t.Fatal(err)
			}
			s = reopen(t, s, dir, store.Options{OpenNewer: true})
			if !strings.Contains(s.ReadOnly(), "newer Keel") {
				t.Fatalf("ReadOnly() = %q", s.ReadOnly())
			}
			if got := mustGet(t, s, "context_issue", r.ID); got.Title != "Kept" {
				t.Errorf("read %q", got.Title)
			}
			_, err := s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "New", "type": "internal"})
			wantError(t, err, ims.EFORBIDDEN, "", "read-only")
			if _, err := s.Rebuild(); err == nil || !strings.Contains(err.Error(), "read-only") {
				t.Errorf("rebuild of a read-only workspace = %v", err)
			}
			if n := liveCount(t, s, "context_issue"); n != 1 {
				t.Errorf("%d records, want 1", n)
			}
		})
	}
}
