package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// These run the command in-process; they need no workspace and no built binary.
func TestCatalogCommand(t *testing.T) {
	data := t.TempDir()
	run := func(t *testing.T, format string, args ...string) (string, error) {
		t.Helper()
		return inProcess(t, append([]string{"--data", data, "--format", format, "catalog"}, args...)...)
	}
	t.Run("list", func(t *testing.T) {
		out, err := run(t, "text", "list")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"iso42001-2023", "iso27001-2022", "iso27701-2019", "iso27701-2025", "uk-dp", "crosswalk rows", "obtain the standards"} {
			if !strings.Contains(out, want) {
				t.Errorf("list lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("list json", func(t *testing.T) {
		out, err := run(t, "json", "list")
		if err != nil {
			t.Fatal(err)
		}
		var l catalogListing
		if err := json.Unmarshal([]byte(out), &l); err != nil {
			t.Fatal(err)
		}
		if len(l.Catalogues) != 5 || l.Catalogues[0].Items != 100 || l.Catalogues[1].Items != 138 || l.Processes != 15 {
			t.Errorf("listing %+v", l)
		}
	})
	t.Run("list one catalogue as a tree", func(t *testing.T) {
		out, err := run(t, "text", "list", "iso42001-2023")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "\n    6.1.4  AI system impact assessment\n") {
			t.Errorf("tree lacks an indented 6.1.4:\n%s", out)
		}
	})
	t.Run("show", func(t *testing.T) {
		out, err := run(t, "text", "show", "iso42001-2023", "A.10.3")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"A.10.3  Suppliers", "in A.10 Third-party and customer relationships",
			"iso27001-2022:A.5.19  Information security in supplier relationships  (intersect, extend)", "Shared processes: suppliers", "navigation"} {
			if !strings.Contains(out, want) {
				t.Errorf("show lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("show json, both directions", func(t *testing.T) {
		out, err := run(t, "json", "show", "iso27001-2022:A.5.19")
		if err != nil {
			t.Fatal(err)
		}
		var v app.CatalogueItemView
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range v.Mappings {
			if m.Direction == "to" && m.Other == "iso42001-2023:A.10.3" && m.OtherTitle == "Suppliers" {
				found = true
			}
		}
		if v.Item.Title != "Information security in supplier relationships" || !found {
			t.Errorf("view %+v", v)
		}
	})
	t.Run("show unknown item", func(t *testing.T) {
		_, err := run(t, "text", "show", "iso42001-2023", "A.11.1")
		if ims.ErrorCode(err) != ims.ENOTFOUND || !strings.Contains(err.Error(), `"A.11.1"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("show unknown catalogue", func(t *testing.T) {
		_, err := run(t, "text", "show", "iso9001", "4.1")
		if ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("export json by default", func(t *testing.T) {
		out, err := run(t, "text", "export")
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc) != 3 || doc["catalogues"] == nil || doc["crosswalk"] == nil {
			t.Errorf("export keys: %d", len(doc))
		}
	})
	t.Run("export csv crosswalk", func(t *testing.T) {
		out, err := run(t, "csv", "export", "--what", "crosswalk")
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "from,to,relationship,rationale,class" || len(recs) < 300 {
			t.Errorf("crosswalk csv: header %v, %d rows", recs[0], len(recs))
		}
	})
	t.Run("export csv items to a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "items.csv")
		if _, err := run(t, "csv", "export", "--out="+file); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "catalogue,id,title,kind,parent,description,unverified\n") {
			t.Errorf("file starts %q", string(b[:60]))
		}
	})
	for _, bad := range [][]string{{"export", "--what", "everything"}, {"export", "--bogus"}, {"frobnicate"}, {}, {"show", "x"}} {
		t.Run("usage "+strings.Join(bad, " "), func(t *testing.T) {
			_, err := run(t, "text", bad...)
			if _, ok := err.(usageError); !ok {
				t.Errorf("%v: err = %v, want a usage error", bad, err)
			}
		})
	}
	t.Run("export oscal", func(t *testing.T) {
		out, err := run(t, "oscal", "export")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, `"mapping-collection"`) || !strings.Contains(out, `"intersects-with"`) {
			t.Errorf("not a mapping-collection: %.200s", out)
		}
		out, err = run(t, "oscal", "export", "--what", "iso42001-2023")
		if err != nil || !strings.Contains(out, `"catalog"`) || !strings.Contains(out, `"id": "c6.1.4"`) {
			t.Errorf("catalog export: %v %.200s", err, out)
		}
		dir := t.TempDir()
		if _, err := run(t, "oscal", "export", "--what", "all", "--out", dir); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 6 {
			t.Errorf("%d files in the OSCAL folder, want 6", len(entries))
		}
		if _, err := run(t, "oscal", "export", "--what", "all"); err == nil {
			t.Error("--what all without --out accepted")
		}
	})
	t.Run("csv cannot hold everything", func(t *testing.T) {
		if _, err := run(t, "csv", "export", "--what", "all"); err == nil {
			t.Error("no error")
		}
	})
}
