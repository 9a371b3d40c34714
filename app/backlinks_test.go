package app_test

import (
	"testing"

	"keel/app"
	"keel/backend/ims"
)

func TestLinkedFrom(t *testing.T) {
	e := ready(t)
	audit, err := e.app.CreateRecord("audit", map[string]any{"title": "Q1 access audit", "standards": []string{"ISO/IEC 27001"},
		"lead_auditor": "Siobhán O'Connell", "status": "in progress"})
	if err != nil {
		t.Fatal(err)
	}
	finding, err := e.app.CreateRecord("finding", map[string]any{"title": "Leavers keep access", "audit": audit.ID,
		"type": "minor nonconformity", "ref": "iso27001-2022:A.5.18"})
	if err != nil {
		t.Fatal(err)
	}
	ncID, _ := finding.Fields["nonconformity"].(string)
	if ncID == "" {
		t.Fatal("the finding raised no nonconformity")
	}
	// The nonconformity names the finding that raised it; the audit names its finding.
	got, err := e.app.LinkedFrom("nonconformity", ncID)
	if err != nil {
		t.Fatal(err)
	}
	want := app.BackLink{Kind: "finding", KindLabel: "Audit finding", ID: finding.ID, Title: "Leavers keep access",
		Field: "nonconformity", FieldLabel: "Nonconformity raised"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("linked from %+v, want [%+v]", got, want)
	}
	got, err = e.app.LinkedFrom("audit", audit.ID)
	if err != nil || len(got) != 1 || got[0].ID != finding.ID || got[0].Field != "audit" {
		t.Fatalf("audit linked from %+v %v", got, err)
	}

	// A links field (an action agreed twice) and a deleted record (gone from the list).
	action, err := e.app.CreateRecord("action", map[string]any{"title": "Weekly leaver sweep", "owner": "Zoë Łukasiewicz", "status": "open"})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Review 2026", "Review 2027"} {
		if _, err := e.app.CreateRecord("management_review", map[string]any{"title": title, "meeting_date": "2026-11-19",
			"status": "planned", "actions": []string{action.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err = e.app.LinkedFrom("action", action.ID)
	if err != nil || len(got) != 2 || got[0].Title != "Review 2026" || got[1].Title != "Review 2027" || got[0].FieldLabel != "Actions agreed" {
		t.Fatalf("action linked from %+v %v", got, err)
	}
	if err := e.app.DeleteRecord("management_review", got[1].ID); err != nil {
		t.Fatal(err)
	}
	if got, _ = e.app.LinkedFrom("action", action.ID); len(got) != 1 {
		t.Fatalf("a deleted review still links: %+v", got)
	}

	// Nothing links to a fresh record; bad input is refused.
	if got, err := e.app.LinkedFrom("finding", finding.ID); err != nil || len(got) != 0 || got == nil {
		t.Fatalf("finding linked from %+v %v (want an empty list)", got, err)
	}
	_, err = e.app.LinkedFrom("nonsense", finding.ID)
	wantCode(t, err, ims.ENOTFOUND, "unknown record kind")
	_, err = e.app.LinkedFrom("finding", "no-such-id")
	wantCode(t, err, ims.ENOTFOUND, "")
}
