package store_test

import (
	"slices"
	"testing"

	"keel/backend/ims"
)

func TestRecentChanges(t *testing.T) {
	s := MustOpenMem(t)
	party := mustCreate(t, s, "interested_party", map[string]any{"name": "ICO", "category": "regulator"})
	issue := mustCreate(t, s, "context_issue", map[string]any{"title": "AI Act", "type": "external"})
	if _, err := s.UpdateRecord(ctx, bob, "context_issue", issue.ID, map[string]any{"status": "open", "owner": "Zoë"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRecord(ctx, ada, "interested_party", party.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentChanges(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d changes, want 4: %+v", len(got), got)
	}
	// Newest first; one edit's ops are one change, with its fields.
	if got[0].Type != ims.OpDelete || got[0].ID != party.ID || got[0].Title != "ICO" || got[0].Actor != ada {
		t.Errorf("latest %+v", got[0])
	}
	if got[1].Type != ims.OpSet || got[1].Actor != bob || !slices.Equal(got[1].Fields, []string{"status", "owner"}) && !slices.Equal(got[1].Fields, []string{"owner", "status"}) {
		t.Errorf("edit %+v", got[1])
	}
	if got[2].Type != ims.OpCreate || got[2].Title != "AI Act" || got[3].Type != ims.OpCreate || got[3].Kind != "interested_party" {
		t.Errorf("creates %+v %+v", got[2], got[3])
	}
	if two, _ := s.RecentChanges(ctx, 2); len(two) != 2 || two[1].Type != ims.OpSet {
		t.Errorf("limit 2: %+v", two)
	}
}
