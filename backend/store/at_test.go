package store_test

import (
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/store"
)

// RecordsAt gives the live records as they stood at each instant, from the op log: before a
// record existed, after it was created and changed, after it went to the bin.
func TestRecordsAt(t *testing.T) {
	s := MustOpenDir(t, "", store.Options{InMemory: true})
	hlcNow := func() time.Time {
		ops, _ := s.OpsAfter(s.Replica(), 0, 0)
		if len(ops) == 0 {
			return time.Time{}
		}
		return ims.HLCTime(ops[len(ops)-1].HLC)
	}
	keep := mustCreate(t, s, "context_issue", map[string]any{"title": "Kept", "type": "internal"})
	afterCreate := hlcNow()
	gone := mustCreate(t, s, "context_issue", map[string]any{"title": "Gone", "type": "external"})
	if _, err := s.UpdateRecord(ctx, ada, "context_issue", keep.ID, map[string]any{"title": "Kept, renamed"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRecord(ctx, ada, "context_issue", gone.ID); err != nil {
		t.Fatal(err)
	}
	end := hlcNow()
	times := []time.Time{afterCreate.Add(-time.Hour), afterCreate, end}
	var got [][]string
	err := s.RecordsAt(times, []string{"context_issue"}, func(i int, byKind map[string][]ims.Record) error {
		var titles []string
		for _, r := range byKind["context_issue"] {
			titles = append(titles, r.Title)
		}
		got = append(got, titles)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Ops in the same millisecond as afterCreate belong to it, so the second instant may see
	// later changes too; the first and the last are exact.
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) == 0 || len(got[2]) != 1 || got[2][0] != "Kept, renamed" {
		t.Errorf("records at the three instants: %q", got)
	}
}
