package app_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/template"
)

func count(t *testing.T, e *env, kind string) []ims.Record {
	t.Helper()
	res, err := e.app.ListRecords(ims.ListQuery{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return res.Records
}

// A template from the demo starts a new client: new ids, links remapped, people for the
// client to fill, history naming the template; applied again it only adds.
func TestTemplateFromDemo(t *testing.T) {
	e := readyDemo(t)
	regs := []string{"policy", "objective", "measurement", "role", "risk_method"}
	before := map[string][]ims.Record{}
	for _, k := range regs {
		before[k] = count(t, e, k)
	}
	info, err := e.app.SaveTemplate("Lender starter", regs)
	if err != nil {
		t.Fatal(err)
	}
	if info.Counts["policy"] != len(before["policy"]) || info.Keel != "1.2.3-test" {
		t.Fatalf("saved %+v", info)
	}
	list, err := e.app.Templates()
	if err != nil || len(list) != 1 || list[0].Name != "Lender starter" {
		t.Fatalf("templates %+v %v", list, err)
	}
	ws, err := e.app.CreateWorkspaceFromTemplate("Client B", "lender starter")
	if err != nil {
		t.Fatal(err)
	}
	if cur := e.app.CurrentWorkspace(); cur == nil || cur.ID != ws.ID {
		t.Fatalf("current = %+v", cur)
	}
	oldIDs := map[string]bool{}
	for _, rs := range before {
		for _, r := range rs {
			oldIDs[r.ID] = true
		}
	}
	objectives := map[string]bool{}
	for _, r := range count(t, e, "objective") {
		objectives[r.ID] = true
	}
	for _, k := range regs {
		got := count(t, e, k)
		if len(got) != len(before[k]) {
			t.Errorf("%s: %d records, the demo has %d", k, len(got), len(before[k]))
		}
		for _, r := range got {
			if oldIDs[r.ID] {
				t.Errorf("%s %s kept its id", k, r.ID)
			}
			if !strings.Contains(r.CreatedBy.Role, "from template Lender starter") {
				t.Errorf("%s created by %+v", k, r.CreatedBy)
			}
			if k == "policy" && r.Fields["owner"] != template.Placeholder {
				t.Errorf("policy owner %v", r.Fields["owner"])
			}
			if k == "measurement" && !objectives[r.Fields["objective"].(string)] {
				t.Errorf("measurement links %v, not a new objective", r.Fields["objective"])
			}
		}
	}
	p, err := e.app.PreviewTemplate("Lender starter")
	if err != nil || p.Counts["policy"] != len(before["policy"]) || len(p.Skipped) != 1 || p.Skipped[0] != "risk_method" {
		t.Fatalf("preview %+v %v", p, err)
	}
	if _, err := e.app.ApplyTemplate("Lender starter"); err != nil {
		t.Fatal(err)
	}
	if got := count(t, e, "risk_method"); len(got) != 1 {
		t.Errorf("after applying again: %d risk methods", len(got))
	}
	if got := count(t, e, "policy"); len(got) != 2*len(before["policy"]) {
		t.Errorf("after applying again: %d policies", len(got))
	}
	// Export, then bad imports change nothing.
	data, err := e.app.ExportTemplate("Lender starter")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(data)
	for _, bad := range []string{"bm90IGEgemlw", base64.StdEncoding.EncodeToString(raw[:len(raw)/2]), "%%%"} {
		if _, err := e.app.ImportTemplate(bad); ims.ErrorCode(err) != ims.EINVALID {
			t.Errorf("bad import: %v", err)
		}
	}
	if list, _ := e.app.Templates(); len(list) != 1 {
		t.Errorf("templates after bad imports: %+v", list)
	}
	if _, err := e.app.ImportTemplate(data); err != nil {
		t.Errorf("import of an export: %v", err)
	}
	if _, err := e.app.CreateWorkspaceFromTemplate("Client C", "no such"); ims.ErrorCode(err) != ims.ENOTFOUND {
		t.Errorf("unknown template: %v", err)
	}
	if all, _ := e.app.Workspaces(); len(all) != 2 {
		t.Errorf("an unknown template made a workspace: %d", len(all))
	}
}
