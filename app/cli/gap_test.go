package cli

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"keel/backend/ims"
)

// gapWorkspace is a data folder with one workspace in which A.5.1 of 27001 and A.2.2 of
// 42001 are implemented (through the app's bulk edit, as the UI does it).
func gapWorkspace(t *testing.T) string {
	t.Helper()
	dir, sess := openedFolder(t)
	defer sess.Close()
	if _, err := sess.App().SetStatuses([]string{"iso27001-2022:A.5.1", "iso42001-2023:A.2.2"}, "implemented"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGapCommand(t *testing.T) {
	dir := gapWorkspace(t)
	run := func(t *testing.T, format string, args ...string) (string, error) {
		t.Helper()
		return inProcess(t, append([]string{"--data", dir, "--format", format, "gap"}, args...)...)
	}
	t.Run("json", func(t *testing.T) {
		out, err := run(t, "json")
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Items     []map[string]any           `json:"items"` // by JSON name: id, class, status, result, inherited_from
			Coverage  map[string]json.RawMessage `json:"coverage"`
			Plan      []struct{ Step int }       `json:"plan"`
			Readiness []struct{ Number int }     `json:"readiness"`
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if len(v.Items) != 70 || len(v.Plan) != 7 || len(v.Readiness) != 4 || v.Coverage["clauses"] == nil || v.Coverage["annex"] == nil {
			t.Fatalf("shape: %d items, %d steps, %d proofs, coverage keys %v", len(v.Items), len(v.Plan), len(v.Readiness), v.Coverage)
		}
		got := map[string]string{}
		text := func(v any) string { s, _ := v.(string); return s }
		for _, it := range v.Items {
			var from []string
			list, _ := it["inherited_from"].([]any)
			for _, f := range list {
				from = append(from, text(f))
			}
			got[text(it["id"])] = text(it["class"]) + " " + text(it["status"]) + " " + text(it["result"]) + " " + strings.Join(from, ",")
		}
		// By hand from the crosswalk: A.2.2 itself is implemented; A.2.3 extends and A.2.4
		// inherits 27001 A.5.1.
		for id, want := range map[string]string{
			"A.2.2": "extend implemented done iso27001-2022:A.5.1",
			"A.2.3": "extend not-started extend iso27001-2022:A.5.1",
			"A.2.4": "inherit not-started met-by-inheritance iso27001-2022:A.5.1",
			"6.1.4": "new not-started new ",
		} {
			if got[id] != want {
				t.Errorf("%s = %q, want %q", id, got[id], want)
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		out, err := run(t, "csv")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 71 || strings.Join(rows[0], ",") != "id,title,kind,group,class,status,result,step,inherited_from,todo" {
			t.Fatalf("%d rows, header %v", len(rows), rows[0])
		}
		found := false
		for _, r := range rows {
			if r[0] == "A.2.4" {
				found = r[6] == "met-by-inheritance" && r[7] == "1" && r[8] == "iso27001-2022:A.5.1"
			}
		}
		if !found {
			t.Errorf("no A.2.4 met-by-inheritance row:\n%s", out)
		}
	})
	t.Run("text", func(t *testing.T) {
		out, err := run(t, "text")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"A.2 Policies related to AI", "66.7%", "Readiness:", "Step 1.", "A.2.3"} {
			if !strings.Contains(out, want) {
				t.Errorf("text lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("usage", func(t *testing.T) {
		_, err := run(t, "json", "extra")
		if _, ok := err.(usageError); !ok {
			t.Errorf("extra argument: %v, want a usage error", err)
		}
		_, err = run(t, "oscal")
		if _, ok := err.(usageError); !ok {
			t.Errorf("--format oscal: %v, want a usage error", err)
		}
	})
	t.Run("no workspace", func(t *testing.T) {
		_, err := inProcess(t, "--data", t.TempDir(), "--format", "json", "gap")
		if ims.ErrorCode(err) != ims.ENOTFOUND || !strings.Contains(err.Error(), "no workspaces yet") {
			t.Errorf("gap with no workspace: %v", err)
		}
	})
}
