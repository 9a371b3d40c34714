package tabular_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/tabular"
)

func importCSV(tb testing.TB, s ims.RecordService, kind, text string) (tabular.Result, error) {
	tb.Helper()
	return tabular.Import(ctx, s, zoe, kind, tabular.CSV, strings.NewReader(text), tabular.Options{})
}

// A row whose id names a record updates it: only the changed field becomes an op.
func TestImportUpdatesByID(t *testing.T) {
	st := openStore(t)
	a := mustCreate(t, st, "action", map[string]any{"title": "Renew the DPA", "status": "open", "owner": "Zoë", "priority": "high"})
	mustCreate(t, st, "action", map[string]any{"title": "Other", "status": "open", "owner": "Zoë"})
	before, _ := st.History(ctx, "action", a.ID)
	res, err := importCSV(t, st, "action", "id,title,status,owner,priority\n"+a.ID+",Renew the DPA,done,Zoë,high\n,A new one,open,Zoë,\n")
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 || res.Same != 0 {
		t.Errorf("result %+v, want 1 created and 1 updated", res)
	}
	after, _ := st.History(ctx, "action", a.ID)
	if len(after) != len(before)+1 || after[len(after)-1].Field != "status" && after[0].Field != "status" {
		t.Errorf("history grew from %d to %d ops, want one op setting status: %+v", len(before), len(after), after)
	}
	got, _ := st.GetRecord(ctx, "action", a.ID)
	if got.Fields["status"] != "done" || got.Fields["owner"] != "Zoë" {
		t.Errorf("updated record %+v", got.Fields)
	}
	// A blank cell clears an optional field.
	if _, err := importCSV(t, st, "action", "id,title,status,owner,priority\n"+a.ID+",Renew the DPA,done,Zoë,\n"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.GetRecord(ctx, "action", a.ID); got.Fields["priority"] != nil {
		t.Errorf("priority %v, want cleared", got.Fields["priority"])
	}
}

// An id that names no record, a record in the bin or an id twice is a problem in its row,
// and nothing is written.
func TestImportRefusesUnknownIDs(t *testing.T) {
	st := openStore(t)
	a := mustCreate(t, st, "action", map[string]any{"title": "Kept", "status": "open", "owner": "Zoë"})
	b := mustCreate(t, st, "action", map[string]any{"title": "Binned", "status": "open", "owner": "Zoë"})
	if err := st.DeleteRecord(ctx, zoe, "action", b.ID); err != nil {
		t.Fatal(err)
	}
	_, err := importCSV(t, st, "action", "id,title,status,owner\n"+a.ID+",Changed,open,Zoë\n0d6f0d4e-0000-4000-8000-000000000000,Ghost,open,Zoë\n"+
		b.ID+",Back,open,Zoë\n"+a.ID+",Again,open,Zoë\n")
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{"row 3, column id: there is no action with id", "row 4, column id: the action with id", "in the bin",
		"row 5, column id: the id " + `"` + a.ID + `" is also in row 2`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if got, _ := st.GetRecord(ctx, "action", a.ID); got.Title != "Kept" {
		t.Errorf("a refused import changed the record to %q", got.Title)
	}
}

// A set of files is checked as the records the whole set leaves: the stage gate still
// refuses a live AI system whose impact assessment in the set is not approved, naming the
// register and row, and nothing is written.
func TestImportSetKeepsTheRules(t *testing.T) {
	st := openStore(t)
	sys, ia := "6a1d1bd4-1111-4111-8111-111111111111", "6a1d1bd4-2222-4222-8222-222222222222"
	risk := mustCreate(t, st, "risk", map[string]any{"title": "Drift", "lens": []string{"ai"}, "inherent_likelihood": 2, "inherent_impact": 2, "owner": "Zoë"})
	files := func(status string) []tabular.File {
		return []tabular.File{
			{Kind: "ai_system", Format: tabular.CSV, Data: strings.NewReader("id,name,provenance,stage,risks,impact_assessment,gate_approved_by,gate_approved_on\n" +
				sys + ",Scorer,internal,deployment," + risk.ID + "," + ia + ",Zoë,2026-11-26\n")},
			{Kind: "impact_assessment", Format: tabular.CSV, Data: strings.NewReader("id,title,ai_system,version,status,approved_by,approved_on\n" +
				ia + ",Scorer assessment," + sys + ",1," + status + ",Zoë,2026-11-20\n")},
		}
	}
	_, err := tabular.ImportSet(ctx, st, zoe, files("draft"), tabular.Options{})
	if err == nil || !strings.Contains(err.Error(), "ai_system: row 2") || !strings.Contains(err.Error(), "not approved") {
		t.Fatalf("err = %v, want the gate to refuse row 2 of the AI systems", err)
	}
	if _, err := st.GetRecord(ctx, "ai_system", sys); ims.ErrorCode(err) != ims.ENOTFOUND {
		t.Errorf("a refused set wrote the AI system: %v", err)
	}
	res, err := tabular.ImportSet(ctx, st, zoe, files("approved"), tabular.Options{})
	if err != nil || res[0].Created != 1 || res[1].Created != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	if got, _ := st.GetRecord(ctx, "ai_system", sys); got.Fields["stage"] != "deployment" || got.Fields["impact_assessment"] != ia {
		t.Errorf("AI system %+v", got.Fields)
	}
}
