package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"

	"keel/backend/ims"
	"keel/backend/store"
)

// asOfDay is the n-th day of the property test's history, back-dated from 2025-01-01.
func asOfDay(n int) time.Time { return time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// cutLog is the replay the as-of view must equal: a fresh store given, through the sync
// path, only the ops of s's log with a clock at most cut.
func cutLog(t interface {
	Fatal(...any)
	Helper()
}, s *store.Store, cut uint64) *store.Store {
	t.Helper()
	ops, err := s.OpsAfter(s.Replica(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kept []ims.Op
	for _, op := range ops {
		if op.HLC <= cut {
			kept = append(kept, op)
		}
	}
	other := storeForCut()
	if _, err := other.ApplyRemote(kept); err != nil {
		t.Fatal(err)
	}
	return other
}

var storeForCut func() *store.Store

func jsonOf(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestAsOfEqualsReplayOfCutLog: on random back-dated logs (creates, edits, links,
// unlinks, deletes, restores over many days), the view as of any day equals a replay of
// the log cut at the end of that day: every list (live and bin), every record, search
// and history.
func TestAsOfEqualsReplayOfCutLog(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := MustOpenMem(t)
		storeForCut = func() *store.Store { return MustOpenMem(t) }
		day := 0
		var issues, parties []string
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		for range steps {
			day += rapid.IntRange(0, 3).Draw(rt, "days")
			// Any hour of the day, the first and last included: the cut is the day's end.
			hour := rapid.SampledFrom([]int{0, 9, 14, 23}).Draw(rt, "hour")
			c := ims.Backdated(ctx, asOfDay(day).Add(time.Duration(hour-9)*time.Hour+time.Duration(hour/23)*59*time.Minute))
			word := rapid.SampledFrom(words).Draw(rt, "word")
			switch op := rapid.IntRange(0, 5).Draw(rt, "op"); {
			case op == 0 || len(issues) == 0:
				r, err := s.CreateRecord(c, ada, "context_issue", map[string]any{"title": "Issue " + word, "type": "internal", "status": "open"})
				if err != nil {
					rt.Fatal(err)
				}
				issues = append(issues, r.ID)
			case op == 1 || len(parties) == 0:
				r, err := s.CreateRecord(c, ada, "interested_party", map[string]any{"name": "Party " + word, "category": "regulator"})
				if err != nil {
					rt.Fatal(err)
				}
				parties = append(parties, r.ID)
			case op == 2:
				id := rapid.SampledFrom(issues).Draw(rt, "issue")
				_, err := s.UpdateRecord(c, bob, "context_issue", id, map[string]any{
					"status": rapid.SampledFrom([]string{"open", "monitored", "closed"}).Draw(rt, "status"), "owner": word})
				if err != nil && ims.ErrorCode(err) != ims.ECONFLICT { // in the bin
					rt.Fatal(err)
				}
			case op == 3:
				id, p := rapid.SampledFrom(issues).Draw(rt, "issue"), rapid.SampledFrom(parties).Draw(rt, "party")
				var err error
				if rapid.Bool().Draw(rt, "add") {
					_, err = s.AddLink(c, ada, "context_issue", id, "related_parties", p)
				} else {
					_, err = s.RemoveLink(c, ada, "context_issue", id, "related_parties", p)
				}
				if err != nil && ims.ErrorCode(err) != ims.ECONFLICT && ims.ErrorCode(err) != ims.EINVALID {
					rt.Fatal(err)
				}
			case op == 4:
				if err := s.DeleteRecord(c, ada, "context_issue", rapid.SampledFrom(issues).Draw(rt, "issue")); err != nil {
					rt.Fatal(err)
				}
			default:
				if _, err := s.RestoreRecord(c, ada, "context_issue", rapid.SampledFrom(issues).Draw(rt, "issue")); err != nil {
					rt.Fatal(err)
				}
			}
		}
		asOf := asOfDay(rapid.IntRange(-1, day+1).Draw(rt, "as of")).Format(time.DateOnly)
		cut, err := ims.AsOfCut(asOf, time.Now())
		if err != nil {
			rt.Fatal(err)
		}
		view, err := s.AsOf(asOf)
		if err != nil {
			rt.Fatal(err)
		}
		want := cutLog(t, s, cut)
		for _, kind := range []string{"context_issue", "interested_party"} {
			for _, deleted := range []bool{false, true} {
				q := ims.ListQuery{Kind: kind, Deleted: deleted}
				got, err1 := view.ListRecords(ctx, q)
				exp, err2 := want.ListRecords(ctx, q)
				if err1 != nil || err2 != nil {
					rt.Fatal(err1, err2)
				}
				if jsonOf(got) != jsonOf(exp) {
					rt.Fatalf("%s (deleted %v) as of %s:\n view:   %s\n replay: %s", kind, deleted, asOf, jsonOf(got), jsonOf(exp))
				}
				for _, r := range exp.Records {
					g, err := view.GetRecord(ctx, kind, r.ID)
					if err != nil || jsonOf(g) != jsonOf(r) {
						rt.Fatalf("get %s as of %s: %v %s, want %s", r.ID, asOf, err, jsonOf(g), jsonOf(r))
					}
					gh, err1 := view.History(ctx, kind, r.ID)
					eh, err2 := want.History(ctx, kind, r.ID)
					if err1 != nil || err2 != nil || jsonOf(gh) != jsonOf(eh) {
						rt.Fatalf("history of %s as of %s: %v %v\n view:   %s\n replay: %s", r.ID, asOf, err1, err2, jsonOf(gh), jsonOf(eh))
					}
				}
			}
		}
		q := ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "open"}, Search: "issue", Sort: "title"}
		got, _ := view.ListRecords(ctx, q)
		exp, _ := want.ListRecords(ctx, q)
		if jsonOf(got) != jsonOf(exp) {
			rt.Fatalf("filtered list as of %s:\n view:   %s\n replay: %s", asOf, jsonOf(got), jsonOf(exp))
		}
		gs, _ := view.Search(ctx, "party", 0)
		es, _ := want.Search(ctx, "party", 0)
		if jsonOf(gs) != jsonOf(es) {
			rt.Fatalf("search as of %s:\n view:   %s\n replay: %s", asOf, jsonOf(gs), jsonOf(es))
		}
	})
}

func TestAsOf(t *testing.T) {
	s := MustOpenMem(t)
	jan := ims.Backdated(ctx, time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC))
	r, err := s.CreateRecord(jan, ada, "context_issue", map[string]any{"title": "Cloud costs", "type": "external", "status": "open"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.CreatedAt[:10]; got != "2025-01-10" {
		t.Fatalf("a back-dated create is stamped %s, want 2025-01-10", r.CreatedAt)
	}
	mar := ims.Backdated(ctx, time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC))
	if _, err := s.UpdateRecord(mar, bob, "context_issue", r.ID, map[string]any{"status": "closed"}); err != nil {
		t.Fatal(err)
	}

	t.Run("each date shows the record as it stood then", func(t *testing.T) {
		for date, want := range map[string]string{"2025-01-10": "open", "2025-03-04": "open", "2025-03-05": "closed", "2026-01-01": "closed"} {
			v, err := s.AsOf(date)
			if err != nil {
				t.Fatal(err)
			}
			res, err := v.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"})
			if err != nil || res.Total != 1 || res.Records[0].Fields["status"] != want {
				t.Errorf("as of %s: %v %+v, want one record %s", date, err, res, want)
			}
		}
		v, _ := s.AsOf("2025-01-09")
		if res, _ := v.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}); res.Total != 0 {
			t.Errorf("as of the day before its create: %d records, want none", res.Total)
		}
		if _, err := v.GetRecord(ctx, "context_issue", r.ID); ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("get before its create: %v, want not found", err)
		}
	})
	t.Run("history stops at the date", func(t *testing.T) {
		v, _ := s.AsOf("2025-02-01")
		h, err := v.History(ctx, "context_issue", r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range h {
			if e.At > "2025-02" {
				t.Errorf("history as of 2025-02-01 holds %s of %s", e.Field, e.At)
			}
		}
		all, _ := s.History(ctx, "context_issue", r.ID)
		if len(h) == 0 || len(h) >= len(all) {
			t.Errorf("history as of 2025-02-01 has %d entries of %d", len(h), len(all))
		}
	})
	t.Run("a view is read-only", func(t *testing.T) {
		v, _ := s.AsOf("2025-02-01")
		_, err := v.UpdateRecord(ctx, ada, "context_issue", r.ID, map[string]any{"status": "monitored"})
		if ims.ErrorCode(err) != ims.EFORBIDDEN {
			t.Fatalf("update through a view: %v, want forbidden", err)
		}
		if _, err := v.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x", "type": "internal"}); ims.ErrorCode(err) != ims.EFORBIDDEN {
			t.Fatalf("create through a view: %v, want forbidden", err)
		}
		if got := mustGet(t, s, "context_issue", r.ID).Fields["status"]; got != "closed" {
			t.Errorf("the live record changed to %v", got)
		}
	})
	t.Run("a bad date is refused clearly", func(t *testing.T) {
		for _, date := range []string{"31/03/2025", "2025-02-30", "", "2999-01-01"} {
			_, err := s.AsOf(date)
			if ims.ErrorCode(err) != ims.EINVALID || ims.AsError(err).Field != "as_of" {
				t.Errorf("as of %q: %v, want an invalid as_of", date, err)
			}
		}
	})
	t.Run("an op synced late into the past shows in the view asked for again", func(t *testing.T) {
		v, _ := s.AsOf("2025-03-04")
		if res, _ := v.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}); res.Total != 1 {
			t.Fatalf("as of 2025-03-04: %d records, want 1", res.Total)
		}
		feb := uint64(time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC).UnixMilli()) << 16
		e := "b7f0c7de-0000-4000-8000-000000000001"
		for _, op := range []ims.Op{{Type: ims.OpCreate}, {Type: ims.OpSet, Field: "title", Value: "Synced late"}, {Type: ims.OpSet, Field: "type", Value: "internal"}} {
			op.Replica, op.Kind, op.Entity, op.Actor, op.HLC = "replica-b", "context_issue", e, bob, feb
			feb++
			if _, err := s.WriteRemoteOp(op); err != nil {
				t.Fatal(err)
			}
		}
		v, _ = s.AsOf("2025-03-04")
		if res, _ := v.ListRecords(ctx, ims.ListQuery{Kind: "context_issue"}); res.Total != 2 {
			t.Errorf("as of 2025-03-04 after a late sync: %d records, want 2", res.Total)
		}
	})
	t.Run("a back-dated write never goes before the log", func(t *testing.T) {
		early := ims.Backdated(ctx, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
		r2, err := s.CreateRecord(early, ada, "context_issue", map[string]any{"title": "Late", "type": "internal"})
		if err != nil {
			t.Fatal(err)
		}
		if r2.CreatedAt < "2025-03-05" {
			t.Errorf("a write back-dated before the newest op is stamped %s, before it", r2.CreatedAt)
		}
	})
}

// BenchmarkAsOf10kFrom100kOps reads a register of 10,000 records as of a past date from a
// log of 100,000 ops (each record created, then re-scored and re-owned over 18 months),
// and fails when the fastest read (each one folds afresh) takes 500 ms of processor time or
// more; it reports the wall clock too.
func BenchmarkAsOf10kFrom100kOps(b *testing.B) {
	s := MustOpen(b)
	start := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	ids := make([]string, 0, 10_000)
	// 10,000 creates of five ops each, in batches, back-dated over the first months.
	for batch := range 10 {
		recs := make([]map[string]any, 0, 1000)
		for i := batch * 1000; i < (batch+1)*1000; i++ {
			recs = append(recs, benchIssue(i))
		}
		out, err := s.CreateRecords(ims.Backdated(ctx, start.AddDate(0, 0, batch*7)), ada, "context_issue", recs)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range out {
			ids = append(ids, r.ID)
		}
	}
	// 50,000 more ops: five rounds, three months apart, re-scoring the status (rounds 0,
	// 2, 4) or handing the issue to a new owner (rounds 1, 3).
	status := func(i, round int) string { return benchStatuses[(i+round/2+1)%len(benchStatuses)] }
	for round := range 5 {
		writes := make([]ims.RecordWrite, 0, len(ids))
		for i, id := range ids {
			f := map[string]any{"owner": benchOwners[(i+round+1)%len(benchOwners)]}
			if round%2 == 0 {
				f = map[string]any{"status": status(i, round)}
			}
			writes = append(writes, ims.RecordWrite{ID: id, Fields: f})
		}
		if _, err := s.WriteRecords(ims.Backdated(ctx, start.AddDate(0, 3+round*3, 0)), ada, "context_issue", writes); err != nil {
			b.Fatal(err)
		}
	}
	if n := opCount(b, s); n != 100_000 {
		b.Fatalf("built %d ops, want 100,000", n)
	}
	// After three of the five rounds; two days in turn, so that no read finds the view
	// the read before kept.
	days := []string{start.AddDate(0, 10, 0).Format(time.DateOnly), start.AddDate(0, 10, 1).Format(time.DateOnly)}
	fastest, cpu := time.Duration(1<<62), time.Duration(1<<62)
	n := 0
	for b.Loop() {
		asOf := days[n%2]
		n++
		t0, c0 := time.Now(), cpuTime()
		v, err := s.AsOf(asOf)
		if err != nil {
			b.Fatal(err)
		}
		res, err := v.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Sort: "title"})
		if err != nil {
			b.Fatal(err)
		}
		fastest, cpu = min(fastest, time.Since(t0)), min(cpu, cpuTime()-c0)
		if res.Total != 10_000 {
			b.Fatalf("%d records as of %s, want 10,000", res.Total, asOf)
		}
		if got, want := res.Records[0].Fields["status"], status(0, 2); got != want || want == status(0, 4) {
			b.Fatalf("record 0 as of %s has status %v, want %v (after three rounds, not five)", asOf, got, want)
		}
	}
	b.ReportMetric(float64(fastest.Milliseconds()), "ms/as-of")
	// The processor time it took, which a busy machine does not stretch as it stretches
	// the wall clock.
	b.ReportMetric(float64(cpu.Milliseconds()), "cpu-ms/as-of")
	b.Logf("fastest read: %v, %v of processor time", fastest.Round(time.Millisecond), cpu.Round(time.Millisecond))
	// The bound is on processor time: the read runs on two goroutines, so on a machine that
	// gives it its cores the wall clock is below it; a busy shared machine stretches the wall
	// clock but not the work.
	if cpu >= 500*time.Millisecond {
		b.Fatalf("a register of 10,000 records as of a past date took %v of processor time (%v on the wall clock), want under 500 ms", cpu, fastest)
	}
}
