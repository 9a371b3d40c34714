package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
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

func TestWriteRecords(t *testing.T) {
	s := MustOpenDir(t, filepath.Join(t.TempDir(), "db"), store.Options{})
	t.Run("one batch across kinds, records linking records of the batch, over several transactions", func(t *testing.T) {
		var writes []ims.RecordWrite
		for i := range 1500 {
			party := fmt.Sprintf("0d6f0d4e-0000-4000-8000-%012d", i)
			writes = append(writes,
				ims.RecordWrite{Kind: "context_issue", Fields: map[string]any{"title": "Issue " + strconv.Itoa(i), "type": "external",
					"status": "open", "related_parties": []string{party}}},
				ims.RecordWrite{Kind: "interested_party", ID: party, Create: true, Fields: map[string]any{"name": "Party " + strconv.Itoa(i), "category": "regulator"}})
		}
		recs, err := s.WriteRecords(ctx, ada, "context_issue", writes)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3000 || recs[1].ID != writes[1].ID || recs[0].Fields["related_parties"].([]string)[0] != writes[1].ID {
			t.Fatalf("records %+v / %+v", recs[0], recs[1])
		}
		if err := s.VerifyReplay(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("updates write only what changes; nothing at all when nothing does", func(t *testing.T) {
		r := mustCreate(t, s, "interested_party", map[string]any{"name": "ICO", "category": "regulator", "influence": "high"})
		before, _ := s.History(ctx, "interested_party", r.ID)
		same := map[string]any{"name": "ICO", "category": "regulator", "influence": "high"}
		if _, err := s.WriteRecords(ctx, ada, "interested_party", []ims.RecordWrite{{ID: r.ID, Fields: same}}); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.History(ctx, "interested_party", r.ID); len(h) != len(before) {
			t.Errorf("an unchanged update wrote %d ops", len(h)-len(before))
		}
		same["influence"] = "low"
		if _, err := s.WriteRecords(ctx, ada, "interested_party", []ims.RecordWrite{{ID: r.ID, Fields: same}}); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.History(ctx, "interested_party", r.ID); len(h) != len(before)+1 || h[len(h)-1].Field != "influence" && h[0].Field != "influence" {
			t.Errorf("history %+v, want one more op setting influence", h)
		}
	})
	t.Run("refused before anything is written: an id taken, an id unknown, one twice", func(t *testing.T) {
		r := mustCreate(t, s, "interested_party", map[string]any{"name": "FCA", "category": "regulator"})
		fresh := "0d6f0d4e-1111-4000-8000-000000000001"
		for _, tc := range []struct {
			w    []ims.RecordWrite
			want string
		}{
			{[]ims.RecordWrite{{ID: fresh, Create: true, Fields: map[string]any{"name": "A", "category": "regulator"}},
				{ID: r.ID, Create: true, Fields: map[string]any{"name": "B", "category": "regulator"}}}, "record 2: there is already"},
			{[]ims.RecordWrite{{ID: fresh, Fields: map[string]any{"name": "C"}}}, "record 1: there is no"},
			{[]ims.RecordWrite{{ID: fresh, Create: true, Fields: map[string]any{"name": "A", "category": "regulator"}},
				{ID: fresh, Create: true, Fields: map[string]any{"name": "A", "category": "regulator"}}}, "record 2: the Interested party with id \"" + fresh + "\" is in the batch twice"},
		} {
			_, err := s.WriteRecords(ctx, ada, "interested_party", tc.w)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if _, err := s.GetRecord(ctx, "interested_party", fresh); ims.ErrorCode(err) != ims.ENOTFOUND {
				t.Errorf("a refused batch wrote %s: %v", fresh, err)
			}
		}
	})
}
