package cli

import (
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// Two devices change the same field, and one deletes a record the other edits, while apart:
// both inboxes show both; a resolution made on one device clears it on the other after a
// round; records get shows the field's values under "conflicts".
func TestCLISyncConflicts(t *testing.T) {
	a, b := prepared(t), prepared(t)
	folder := t.TempDir()
	var issue, party ims.Record
	okJSON(t, a, &issue, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	okJSON(t, a, &party, "records", "create", "interested_party", "name=Regulator", "category=regulator")
	ok(t, a, "sync", "--folder", folder)
	joinAs(t, a, b)
	ok(t, b, "sync", "--folder", folder)
	if out := ok(t, b, "sync", "conflicts"); !strings.HasPrefix(out, "no conflicts") {
		t.Errorf("before any conflict: %q", out)
	}

	ok(t, a, "records", "update", "context_issue", issue.ID, "title=Churn (laptop)")
	ok(t, b, "records", "update", "context_issue", issue.ID, "title=Churn (office)")
	ok(t, a, "records", "delete", "interested_party", party.ID)
	ok(t, b, "records", "update", "interested_party", party.ID, "name=Regulator (FCA)")
	for _, dev := range []string{a, b, a} {
		ok(t, dev, "sync")
	}
	var inboxes [2]app.ConflictInbox
	for i, dev := range []string{a, b} {
		okJSON(t, dev, &inboxes[i], "sync", "conflicts")
		in := inboxes[i]
		if len(in.Conflicts) != 2 {
			t.Fatalf("device %d: %+v, want the title and the delete", i, in.Conflicts)
		}
		byType := map[ims.ConflictType]ims.Conflict{}
		for _, c := range in.Conflicts {
			byType[c.Type] = c
		}
		f, d := byType[ims.ConflictField], byType[ims.ConflictDelete]
		if f.ID != issue.ID || f.Field != "title" || len(f.Values) != 2 || f.Values[0].Device == "" || f.Values[0].Replica == f.Values[1].Replica {
			t.Errorf("device %d: field conflict %+v", i, f)
		}
		if d.ID != party.ID || len(d.Edits) != 1 || d.Edits[0].Value != "Regulator (FCA)" {
			t.Errorf("device %d: delete conflict %+v", i, d)
		}
	}
	out := ok(t, a, "sync", "conflicts")
	for _, want := range []string{"Churn (laptop)", "Churn (office)", "edited while deleted: Regulator (FCA)", "(deleted)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	var got ims.Record
	okJSON(t, a, &got, "records", "get", "context_issue", issue.ID)
	if len(got.Conflicts["title"]) != 2 {
		t.Errorf("records get: conflicts %+v", got.Conflicts)
	}
	if out := ok(t, a, "records", "get", "context_issue", issue.ID); strings.Count(out, "conflict") != 2 {
		t.Errorf("records get prints:\n%s", out)
	}

	if r := keel(t, a, "sync", "resolve", "context_issue", issue.ID, "title"); r.code != 2 || !strings.Contains(r.stderr, "--pick OPID or --value V") {
		t.Errorf("resolve without a value: exit %d, %q", r.code, r.stderr)
	}
	if r := keel(t, a, "sync", "resolve", "context_issue", issue.ID, "title", "--pick", "nope"); r.code != 1 || !strings.Contains(r.stderr, "no value written by op") {
		t.Errorf("resolve with an unknown op: exit %d, %q", r.code, r.stderr)
	}
	office := ""
	for _, c := range inboxes[0].Conflicts {
		if c.Type == ims.ConflictField {
			for _, v := range c.Values {
				if v.Value == "Churn (office)" {
					office = v.OpID
				}
			}
		}
	}
	ok(t, a, "sync", "resolve", "context_issue", issue.ID, "title", "--pick", office)
	ok(t, b, "sync", "resolve", "interested_party", party.ID, "--restore")
	for _, dev := range []string{a, b, a} {
		ok(t, dev, "sync")
	}
	for i, dev := range []string{a, b} {
		if out := ok(t, dev, "sync", "conflicts"); !strings.HasPrefix(out, "no conflicts") {
			t.Errorf("device %d after the resolutions: %s", i, out)
		}
		got = ims.Record{}
		okJSON(t, dev, &got, "records", "get", "context_issue", issue.ID)
		if got.Title != "Churn (office)" || got.Conflicts != nil {
			t.Errorf("device %d: %+v", i, got)
		}
		got = ims.Record{}
		okJSON(t, dev, &got, "records", "get", "interested_party", party.ID)
		if got.Deleted || got.Title != "Regulator (FCA)" {
			t.Errorf("device %d: %+v, want it restored with the edit", i, got)
		}
	}
}
