package demo_test

import (
	"context"
	"testing"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/review"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

// TestHistory: the demo's records carry 18 months of history, so the workspace reads
// differently as it stood on earlier days, and the 2026 management review sees context
// changes, AI stage changes, the drift trend and a nonconformity opened and closed.
func TestHistory(t *testing.T) {
	st := filledDemo(t)
	ctx := context.Background()
	field := func(v ims.RecordService, kind, title, name string) any {
		t.Helper()
		res, err := v.ListRecords(ctx, ims.ListQuery{Kind: kind, Search: title})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Records {
			if r.Title == title {
				return r.Fields[name]
			}
		}
		return nil
	}
	count := func(v ims.RecordService, kind string) int {
		res, err := v.ListRecords(ctx, ims.ListQuery{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	first, err := st.AsOf("2025-06-01")
	if err != nil {
		t.Fatal(err)
	}
	if n := count(first, "context_issue"); n != 0 {
		t.Errorf("the day before the demo began: %d context issues, want none", n)
	}
	const nc = "Decline letters sent without reason codes for two days"
	for date, want := range map[string]struct {
		stage, ncStatus, arrears string
		reviews                  int
	}{
		"2025-09-30": {"verification and validation", "", "monitored", 0},
		"2025-12-31": {"verification and validation", "", "open", 1},
		"2026-02-15": {"verification and validation", "awaiting check", "open", 1},
		"2026-10-31": {"operation and monitoring", "closed", "monitored", 1},
		"2026-11-30": {"operation and monitoring", "closed", "monitored", 2},
	} {
		v, err := st.AsOf(date)
		if err != nil {
			t.Fatal(err)
		}
		if got := field(v, "ai_system", "Credit-decision model v4", "stage"); got != want.stage {
			t.Errorf("as of %s the credit model is at %v, want %s", date, got, want.stage)
		}
		if got, _ := field(v, "nonconformity", nc, "status").(string); got != want.ncStatus {
			t.Errorf("as of %s the letters nonconformity is %q, want %q", date, got, want.ncStatus)
		}
		if got := field(v, "context_issue", "Rising cost of living increases arrears", "status"); got != want.arrears {
			t.Errorf("as of %s the arrears issue is %v, want %s", date, got, want.arrears)
		}
		if got := count(v, "management_review"); got != want.reviews {
			t.Errorf("as of %s: %d management reviews, want %d", date, got, want.reviews)
		}
	}

	// The 2026 review, from today's records and their history.
	in := review.Input{Records: map[string][]ims.Record{}, History: map[string][]ims.HistoryEntry{}}
	var reviewID string
	for _, k := range review.Kinds {
		res, err := st.ListRecords(ctx, ims.ListQuery{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		in.Records[k] = res.Records
		for _, r := range res.Records {
			if k == "ai_system" {
				h, _ := st.History(ctx, k, r.ID)
				in.History[r.ID] = h
			}
			if k == "management_review" && r.Title == "Management review 2026" {
				reviewID = r.ID
			}
		}
	}
	in.Review, in.From, in.To = reviewID, "2025-11-16", "2026-11-15"
	sum := review.Gather(in)
	changes := 0
	for _, s := range sum.AISystems {
		changes += len(s.StageChanges)
	}
	if changes < 2 {
		t.Errorf("the 2026 review sees %d AI stage changes, want the credit model's and the chatbot's", changes)
	}
	if len(sum.Issues) < 3 {
		t.Errorf("the 2026 review sees %d changed context issues, want at least 3", len(sum.Issues))
	}
	if sum.MonitoringResults < 9 {
		t.Errorf("the 2026 review sees %d monitoring results, want the monthly trend (at least 9)", sum.MonitoringResults)
	}
	closed := false
	for _, n := range sum.Nonconformities {
		closed = closed || n.Title == nc
	}
	if !closed {
		t.Errorf("the 2026 review does not see the nonconformity opened and closed in its period")
	}
}

// filledDemo is a store holding the demo, written as the app writes it.
func filledDemo(t *testing.T) *store.Store {
	t.Helper()
	std, err := catalog.Load(assets.Standards)
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t, store.Options{})
	if err := demo.Fill(context.Background(), st, demo.Actor, std); err != nil {
		t.Fatal(err)
	}
	return st
}
