package catalog

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

func keys(m map[string]any) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, ",")
}

// The JSON export is a public format: its field names are checked here as plain strings.
func TestJSONExportShape(t *testing.T) {
	s := mustLoad(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, s); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := keys(doc); got != "catalogues,crosswalk,processes" {
		t.Fatalf("top-level keys %s", got)
	}
	cats := doc["catalogues"].([]any)
	first := cats[0].(map[string]any)
	if got := keys(first); got != "edition,id,items,notice,title" {
		t.Errorf("catalogue keys %s", got)
	}
	if first["id"] != "iso42001-2023" || first["edition"] != "2023" {
		t.Errorf("first catalogue %v %v", first["id"], first["edition"])
	}
	var a103 map[string]any
	for _, it := range first["items"].([]any) {
		m := it.(map[string]any)
		if got := keys(m); got != "description,id,kind,parent,title,unverified" {
			t.Fatalf("item keys %s", got)
		}
		if m["id"] == "A.10.3" {
			a103 = m
		}
	}
	if a103["title"] != "Suppliers" || a103["kind"] != "control" || a103["parent"] != "A.10" || a103["unverified"] != false {
		t.Errorf("A.10.3 exported as %v", a103)
	}
	var sawExample bool
	for _, r := range doc["crosswalk"].([]any) {
		m := r.(map[string]any)
		k := keys(m)
		from := m["from"].(string)
		if strings.HasPrefix(from, ISO42001+":") && k != "class,from,rationale,relationship,to" {
			t.Fatalf("42001 row keys %s", k)
		}
		if from == "iso42001-2023:A.10.3" && m["to"] == "iso27001-2022:A.5.19" {
			sawExample = m["relationship"] == "intersect" && m["class"] == "extend"
		}
	}
	if !sawExample {
		t.Error("example row iso42001-2023:A.10.3 -> iso27001-2022:A.5.19 missing or changed")
	}
	// The export reads back into the same data and still validates.
	var back Standards
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if err := Validate(&back); err != nil {
		t.Fatalf("exported data does not validate: %v", err)
	}
}

func TestCSVExports(t *testing.T) {
	s := mustLoad(t)
	items := 0
	for _, c := range s.Catalogues {
		items += len(c.Items)
	}
	for _, tc := range []struct {
		name   string
		write  func(*bytes.Buffer) error
		header string
		rows   int
	}{
		{"catalogues", func(b *bytes.Buffer) error { return WriteCataloguesCSV(b, s) }, "catalogue,id,title,kind,parent,description,unverified", items},
		{"crosswalk", func(b *bytes.Buffer) error { return WriteCrosswalkCSV(b, s) }, "from,to,relationship,rationale,class", len(s.Crosswalk)},
		{"processes", func(b *bytes.Buffer) error { return WriteProcessesCSV(b, s) }, "number,id,title,description,satisfies", 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(recs[0], ","); got != tc.header {
				t.Errorf("header %s, want %s", got, tc.header)
			}
			if len(recs)-1 != tc.rows {
				t.Errorf("%d rows, want %d", len(recs)-1, tc.rows)
			}
		})
	}
	var buf bytes.Buffer
	if err := WriteCataloguesCSV(&buf, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\niso42001-2023,A.10.3,Suppliers,control,A.10,") {
		t.Error("catalogue CSV lacks the A.10.3 row")
	}
}
