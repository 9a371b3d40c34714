package app_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestCreateActionFromGap(t *testing.T) {
	e := ready(t)
	rec, err := e.app.CreateActionFromGap("iso42001-2023:A.6.2.4", "", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	f := rec.Fields
	if !strings.HasPrefix(rec.Title, "ISO/IEC 42001 A.6.2.4 ") || f["source_kind"] != "gap analysis" ||
		f["source_ref"] != "iso42001-2023:A.6.2.4" || f["status"] != "open" || f["due_date"] != "2027-03-31" || f["owner"] == "" {
		t.Errorf("action %q %v", rec.Title, f)
	}
	if !strings.Contains(f["description"].(string), "implementation step 4") || f["priority"] != "medium" {
		t.Errorf("description %q priority %v", f["description"], f["priority"])
	}
	h, err := e.app.History("action", rec.ID)
	if err != nil || len(h) == 0 {
		t.Fatalf("history %v %v", h, err)
	}

	t.Run("an unknown item is refused and nothing is written", func(t *testing.T) {
		before, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		_, err := e.app.CreateActionFromGap("A.99.1", "", "")
		wantCode(t, err, ims.EINVALID, "not an item")
		after, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		if after.Total != before.Total {
			t.Errorf("%d actions written", after.Total-before.Total)
		}
	})
	t.Run("a bad due date names the field", func(t *testing.T) {
		_, err := e.app.CreateActionFromGap("6.1.4", "Priya Raghunathan", "31/03/2027")
		if ims.AsError(err).Field != "due_date" {
			t.Errorf("err %v", err)
		}
	})
}
