package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

func TestCreateRecords(t *testing.T) {
	t.Run("many records land in several transactions, all replayable and reopenable", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "db")
		s := MustOpenDir(t, dir, store.Options{})
		party := mustCreate(t, s, "interested_party", map[string]any{"name": "ICO", "category": "regulator"})
		rows := make([]map[string]any, 3000) // several times one transaction's budget
		for i := range rows {
			rows[i] = map[string]any{"title": fmt.Sprintf("Issue %04d — Zoë", i), "type": "external",
				"lens": []string{"ai", "privacy"}, "status": "open", "related_parties": []string{party.ID}}
		}
		recs, err := s.CreateRecords(ctx, ada, "context_issue", rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3000 || recs[0].Title != "Issue 0000 — Zoë" || recs[2999].Title != "Issue 2999 — Zoë" {
			t.Fatalf("got %d records, first %q", len(recs), recs[0].Title)
		}
		res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "open"}})
		if err != nil || res.Total != 3000 {
			t.Fatalf("indexed filter finds %d, want 3000 (err %v)", res.Total, err)
		}
		if err := s.VerifyReplay(); err != nil {
			t.Fatal(err)
		}
		h, err := s.History(ctx, "context_issue", recs[1234].ID)
		if err != nil || len(h) != 6 || h[0].Actor.Name != ada.Name {
			t.Fatalf("history of an imported record: %d entries, err %v", len(h), err)
		}
		// Sequence numbers stay dense: the stored last seq equals the number of ops.
		n := opCount(t, s)
		seq, _, err := s.RawGet("meta/seq")
		if err != nil || seq != strconv.Itoa(n) {
			t.Fatalf("meta/seq = %s, want %d (err %v)", seq, n, err)
		}
		before := snapshot(t, s)
		s = reopen(t, s, dir, store.Options{})
		if after := snapshot(t, s); after != before {
			t.Fatal("records differ after reopen")
		}
	})
	t.Run("a cancelled import leaves nothing live", func(t *testing.T) {
		s := MustOpenMem(t)
		rows := make([]map[string]any, 5)
		for i := range rows {
			rows[i] = map[string]any{"title": fmt.Sprint("row ", i), "type": "internal"}
		}
		cctx, cancel := cancelledCtx()
		defer cancel()
		if _, err := s.CreateRecords(cctx, ada, "context_issue", rows); err == nil {
			t.Fatal("cancelled import succeeded")
		}
		res, _ := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"})
		if res.Total != 0 {
			t.Fatalf("%d live records after a cancelled import", res.Total)
		}
	})
}

func BenchmarkCreateRecords10k(b *testing.B) {
	rows := make([]map[string]any, 10000)
	for i := range rows {
		rows[i] = map[string]any{"title": fmt.Sprint("Issue ", i), "type": "external", "status": "open", "owner": "Björn Åström"}
	}
	for b.Loop() {
		s := MustOpen(b)
		if _, err := s.CreateRecords(ctx, ada, "context_issue", rows); err != nil {
			b.Fatal(err)
		}
	}
}

func cancelledCtx() (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	return c, cancel
}

// A batch with one record the store refuses (a bad value, a link to a missing record, a
// broken domain rule) writes nothing and names the record and the field.
func TestCreateRecordsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, kind, field string
		rows              []map[string]any
	}{
		{"one bad record", "context_issue", "type", []map[string]any{
			{"title": "ok", "type": "internal"},
			{"title": "bad", "type": "sideways"},
		}},
		{"a link to a missing record", "context_issue", "related_parties", []map[string]any{
			{"title": "ok", "type": "internal"},
			{"title": "dangling", "type": "internal", "related_parties": []string{"nope"}},
		}},
		{"a domain rule", "risk", "inherent_likelihood", []map[string]any{
			{"title": "Model drift", "lens": []string{"ai"}, "owner": "Priya Raghunathan", "inherent_likelihood": 3, "inherent_impact": 4},
			{"title": "Off the scale", "lens": []string{"ai"}, "owner": "Priya Raghunathan", "inherent_likelihood": 9, "inherent_impact": 4},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustOpenMem(t)
			n := opCount(t, s)
			_, err := s.CreateRecords(ctx, ada, tc.kind, tc.rows)
			wantError(t, err, ims.EINVALID, tc.field, "record 2:")
			if got := opCount(t, s); got != n {
				t.Fatalf("%d ops written by a rejected import", got-n)
			}
		})
	}
}
