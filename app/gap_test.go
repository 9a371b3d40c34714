package app_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"keel/app"
	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

func coverageOf(t *testing.T, a gap.Analysis, group string) gap.Coverage {
	t.Helper()
	for _, list := range [][]gap.Coverage{a.Coverage.Clauses, a.Coverage.Annex, a.Coverage.Totals} {
		for _, c := range list {
			if c.Group == group {
				return c
			}
		}
	}
	t.Fatalf("no coverage for %s", group)
	return gap.Coverage{}
}

func statusCount(t *testing.T, e *env) int {
	t.Helper()
	res, err := e.app.ListRecords(ims.ListQuery{Kind: app.StatusKind})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestCatalogues(t *testing.T) {
	e := newEnv(t) // the catalogue needs no workspace
	cs, err := e.app.Catalogues()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, catalog.Order) || len(cs[0].Items) != 100 || len(cs[1].Items) != 138 || cs[0].Notice == "" {
		t.Errorf("catalogues %v, 42001 %d items, 27001 %d items", got, len(cs[0].Items), len(cs[1].Items))
	}

	v, err := e.app.CatalogueItem("iso42001-2023", "A.10.3")
	if err != nil {
		t.Fatal(err)
	}
	if v.Item.Title != "Suppliers" || len(v.Ancestors) != 1 || v.Ancestors[0].ID != "A.10" || v.Status != "" {
		t.Errorf("item %+v, ancestors %v, status %q", v.Item, v.Ancestors, v.Status)
	}
	found := false
	for _, m := range v.Mappings {
		if m.Direction == "from" && m.Other == "iso27001-2022:A.5.19" {
			found = m.Relationship == catalog.Intersect && m.Class == catalog.Extend && m.Rationale != "" &&
				m.OtherTitle == "Information security in supplier relationships"
		}
	}
	if !found || !slices.Contains(v.Processes, "suppliers") {
		t.Errorf("A.10.3 mappings %+v, processes %v", v.Mappings, v.Processes)
	}
	// The other direction, and a full reference.
	v, err = e.app.CatalogueItem("", "iso27001-2022:A.5.19")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(v.Mappings, func(m app.ItemMapping) bool { return m.Direction == "to" && m.Other == "iso42001-2023:A.10.3" }) {
		t.Errorf("27001 A.5.19 is not mapped from 42001 A.10.3: %+v", v.Mappings)
	}
	_, err = e.app.CatalogueItem("iso42001-2023", "A.11")
	wantCode(t, err, ims.ENOTFOUND, `no item "A.11"`)
	_, err = e.app.CatalogueItem("iso9001", "4.1")
	wantCode(t, err, ims.ENOTFOUND, `no catalogue "iso9001"`)
}

func TestGapNeedsAWorkspace(t *testing.T) {
	e := newEnv(t)
	_, err := e.app.GapAnalysis()
	wantCode(t, err, ims.EFORBIDDEN, "no workspace is open")
	_, err = e.app.SetStatuses([]string{"iso27001-2022:A.5.1"}, "implemented")
	wantCode(t, err, ims.EFORBIDDEN, "no workspace is open")
}

func TestSetStatusesMovesCoverage(t *testing.T) {
	e := ready(t)
	before, err := e.app.GapAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	if c := coverageOf(t, before, "all"); c.Total != 70 || c.Covered != 0 || c.New != 70 {
		t.Fatalf("empty workspace coverage %+v", c)
	}

	// Mark every 27001 item implemented in one bulk edit, as a certified ISMS would.
	cs, _ := e.app.Catalogues()
	var all27001 []string
	for _, it := range cs[1].Items {
		all27001 = append(all27001, catalog.Ref(catalog.ISO27001, it.ID))
	}
	res, err := e.app.SetStatuses(all27001, "implemented")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 138 || len(res.Updated) != 0 || res.Status != gap.Implemented {
		t.Errorf("first bulk edit: %d created, %d updated", len(res.Created), len(res.Updated))
	}
	after, err := e.app.GapAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	// By hand from the crosswalk: 13 leaf clauses and A.2.4 are met through 27001 (issue 15 made
	// 6.1.1 and 9.3.2 extend).
	if c := coverageOf(t, after, "all"); c.Covered != 14 || c.Extend != 35 || c.New != 21 || c.Percent != 20 {
		t.Errorf("coverage with 27001 implemented: %+v", c)
	}
	if c := coverageOf(t, after, "10"); c.Percent != 100 {
		t.Errorf("clause 10 coverage %+v", c)
	}

	// The 42001 item itself, with the status spelt as the record's enum spells it.
	res, err = e.app.SetStatuses([]string{"iso42001-2023:A.10.3", "iso42001-2023:A.10.3", "iso27001-2022:A.5.19"}, "Implemented")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Created, []string{"iso42001-2023:A.10.3"}) || !slices.Equal(res.Unchanged, []string{"iso27001-2022:A.5.19"}) {
		t.Errorf("second bulk edit %+v", res)
	}
	after, _ = e.app.GapAnalysis()
	if c := coverageOf(t, after, "A.10"); c.Done != 1 || c.Covered != 1 || c.Percent != 33.3 {
		t.Errorf("A.10 after A.10.3 implemented: %+v", c)
	}

	// Back to partial: an update through the op log, with history.
	res, err = e.app.SetStatuses([]string{"iso27001-2022:10.2"}, "partial")
	if err != nil || !slices.Equal(res.Updated, []string{"iso27001-2022:10.2"}) {
		t.Fatalf("partial: %+v, %v", res, err)
	}
	list, _ := e.app.ListRecords(ims.ListQuery{Kind: app.StatusKind, Filters: map[string]string{"item": "iso27001-2022:10.2"}})
	if list.Total != 1 || list.Records[0].Fields["status"] != "partial" {
		t.Fatalf("10.2 record %+v", list)
	}
	h, err := e.app.History(app.StatusKind, list.Records[0].ID)
	if err != nil || len(h) < 2 || h[len(h)-1].Actor != ada {
		t.Errorf("history of the 10.2 status: %+v, %v", h, err)
	}
	after, _ = e.app.GapAnalysis()
	if c := coverageOf(t, after, "10"); c.Covered != 1 || c.Percent != 50 {
		t.Errorf("clause 10 with 27001 10.2 partial: %+v", c)
	}
	v, _ := e.app.CatalogueItem("iso27001-2022", "10.2")
	if v.Status != gap.Partial {
		t.Errorf("CatalogueItem status %q, want partial", v.Status)
	}
	if statusCount(t, e) != 139 {
		t.Errorf("%d status records, want 139 (one per item)", statusCount(t, e))
	}
}

func TestSetStatusesRefusesBadInput(t *testing.T) {
	e := ready(t)
	tests := []struct {
		name   string
		items  []string
		status string
		field  string
		msg    string
	}{
		{"unknown status", []string{"iso27001-2022:A.5.1"}, "done", "status", `"done" is not allowed`},
		{"empty status", []string{"iso27001-2022:A.5.1"}, "", "status", "choose one of"},
		{"unknown item after good ones", []string{"iso27001-2022:A.5.1", "iso27001-2022:A.9.9"}, "implemented", "items", `"iso27001-2022:A.9.9" is not a catalogue item`},
		{"no catalogue", []string{"A.5.1"}, "implemented", "items", "use catalogue:id"},
		{"no items", nil, "implemented", "items", "at least one item"},
		{"a clause cannot be excluded", []string{"iso42001-2023:A.5.5", "iso42001-2023:6.1.4"}, "not applicable", "status", "iso42001-2023:6.1.4 is a clause"},
		{"nor a 27701:2019 clause 5", []string{"iso27701-2019:5.2.1"}, "not-applicable", "status", "cannot be not applicable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.app.SetStatuses(tt.items, tt.status)
			wantCode(t, err, ims.EINVALID, tt.msg)
			if f := ims.AsError(err).Field; f != tt.field {
				t.Errorf("field %q, want %q", f, tt.field)
			}
			if n := statusCount(t, e); n != 0 {
				t.Errorf("a refused edit wrote %d records", n)
			}
		})
	}
	// Annex controls, UK articles and 27701:2019 clause-6 guidance can be excluded.
	res, err := e.app.SetStatuses([]string{"iso42001-2023:A.5.5", "uk-dp:Art.22C", "iso27701-2019:6.9"}, "not applicable")
	if err != nil || len(res.Created) != 3 {
		t.Errorf("excluding controls: %+v, %v", res, err)
	}
}

// The same services over the HTTP transport, with the JSON shapes docs/gap.md gives.
func TestGapOverHTTP(t *testing.T) {
	e := ready(t)
	srv := serve(t, e.sess)
	var res app.SetStatusesResult
	call(t, srv, "SetStatuses", &res, []string{"iso27001-2022:A.5.1"}, "implemented")
	if !slices.Equal(res.Created, []string{"iso27001-2022:A.5.1"}) || res.Status != gap.Implemented {
		t.Errorf("SetStatuses = %v", res)
	}
	var a struct {
		Items []struct {
			ID            string   `json:"id"`
			Class         string   `json:"class"`
			Status        string   `json:"status"`
			Result        string   `json:"result"`
			InheritedFrom []string `json:"inherited_from"`
			Todo          string   `json:"todo"`
			Step          int      `json:"step"`
		} `json:"items"`
		Coverage struct {
			Annex []struct {
				Group   string  `json:"group"`
				Covered int     `json:"covered"`
				Percent float64 `json:"percent"`
			} `json:"annex"`
		} `json:"coverage"`
		Plan      []json.RawMessage `json:"plan"`
		Readiness []struct {
			Number  int               `json:"number"`
			Missing []json.RawMessage `json:"missing"`
		} `json:"readiness"`
	}
	call(t, srv, "GapAnalysis", &a)
	if len(a.Items) != 70 || len(a.Plan) != 7 || len(a.Readiness) != 4 || a.Coverage.Annex[0].Group != "A.2" {
		t.Fatalf("shape: %d items, %d steps, %d proofs", len(a.Items), len(a.Plan), len(a.Readiness))
	}
	for _, it := range a.Items {
		if it.ID == "A.2.4" && (it.Result != "met-by-inheritance" || it.Class != "inherit" || it.Status != "not-started" ||
			!slices.Equal(it.InheritedFrom, []string{"iso27001-2022:A.5.1"}) || it.Step != 1 || it.Todo == "") {
			t.Errorf("A.2.4 = %+v", it)
		}
	}
	if c := a.Coverage.Annex[0]; c.Covered != 1 || c.Percent != 33.3 {
		t.Errorf("A.2 coverage %+v", c)
	}
	var item struct {
		Status   string `json:"status"`
		Mappings []struct {
			Direction  string `json:"direction"`
			Other      string `json:"other"`
			OtherTitle string `json:"other_title"`
			Class      string `json:"class"`
		} `json:"mappings"`
	}
	call(t, srv, "CatalogueItem", &item, "iso42001-2023", "A.2.4")
	if item.Status != "not-started" || len(item.Mappings) == 0 || item.Mappings[0].OtherTitle == "" {
		t.Errorf("CatalogueItem = %+v", item)
	}
	status, b := do(t, srv, request{path: "/api/call/SetStatuses", body: `[["iso27001-2022:A.5.2"],"bogus"]`, token: token})
	var e2 ims.Error
	json.Unmarshal(b, &e2)
	if status != http.StatusBadRequest || e2.Code != ims.EINVALID || e2.Field != "status" {
		t.Errorf("bad status over HTTP: %d %s", status, b)
	}
}
