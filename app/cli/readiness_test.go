package cli

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// keel gap --format csv --evidence says why each item counts; keel readiness gives the four
// proofs from the same analysis.
func TestGapEvidenceAndReadiness(t *testing.T) {
	dir := gapWorkspace(t)
	out, err := inProcess(t, "--data", dir, "--format", "csv", "gap", "--evidence")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 71 || strings.Join(rows[0][10:], ",") != "basis,derived,evidence,missing" {
		t.Fatalf("%d rows, header %v, %v", len(rows), rows[0], err)
	}
	basis := map[string][]string{}
	for _, r := range rows[1:] {
		basis[r[0]] = r[10:]
	}
	if b := basis["A.2.2"]; b[0] != "attested" {
		t.Errorf("A.2.2 set implemented: %v", b)
	}
	if b := basis["A.2.4"]; b[0] != "inherited" || b[1] != "not-met" || !strings.Contains(b[3], "approved AI policy") {
		t.Errorf("A.2.4 met through 27001: %v", b)
	}
	if b := basis["A.4.2"]; b[0] != "" || b[1] != "not-met" || !strings.Contains(b[3], "none recorded yet") {
		t.Errorf("A.4.2 with no AI system: %v", b)
	}

	var gapJSON struct {
		Readiness []struct{ Percent float64 } `json:"readiness"`
	}
	out, err = inProcess(t, "--data", dir, "--format", "json", "gap")
	if err != nil || json.Unmarshal([]byte(out), &gapJSON) != nil {
		t.Fatalf("gap json: %v", err)
	}
	out, err = inProcess(t, "--data", dir, "--format", "json", "readiness")
	if err != nil {
		t.Fatal(err)
	}
	var proofs []struct {
		Number   int     `json:"number"`
		Percent  float64 `json:"percent"`
		Complete bool    `json:"complete"`
		Counts   []any   `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &proofs); err != nil || len(proofs) != 4 {
		t.Fatalf("readiness json %q: %v", out, err)
	}
	for i, p := range proofs {
		if p.Number != i+1 || p.Percent != gapJSON.Readiness[i].Percent || p.Complete || len(p.Counts) == 0 {
			t.Errorf("proof %+v; keel gap says %v%%", p, gapJSON.Readiness[i].Percent)
		}
	}
	text, err := inProcess(t, "--data", dir, "readiness")
	if err != nil || !strings.Contains(text, "1. It knows where AI is used") || !strings.Contains(text, "not yet") {
		t.Errorf("readiness text: %v\n%s", err, text)
	}
	if _, err := inProcess(t, "--data", dir, "--format", "csv", "readiness"); err == nil {
		t.Error("readiness --format csv accepted")
	}
}
