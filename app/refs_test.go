package app_test

import (
	"testing"

	"keel/backend/ims"
)

// References to catalogue items are checked against the shipped catalogue on every write
// path; a refused write changes nothing.
func TestCatalogueReferences(t *testing.T) {
	e := ready(t)
	audit := map[string]any{"title": "AI lifecycle audit", "standards": []string{"ISO/IEC 42001"},
		"lead_auditor": "José Núñez", "status": "planned"}
	withCriteria := func(c string) map[string]any {
		m := map[string]any{"criteria": c}
		for k, v := range audit {
			m[k] = v
		}
		return m
	}
	count := func(kind string) int {
		t.Helper()
		res, err := e.app.ListRecords(ims.ListQuery{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	const unknown = `Criteria: "iso42001-2023:A.99" is not an item of a catalogue Keel ships; write catalogue:id, e.g. iso42001-2023:A.6.2.6`

	good, err := e.app.CreateRecord("audit", withCriteria(" iso42001-2023:A.6.2.6\n\nuk-dp:Art.22C, iso27001-2022:9.2 "))
	if err != nil {
		t.Fatal(err)
	}
	if got := good.Fields["criteria"]; got != "iso42001-2023:A.6.2.6\nuk-dp:Art.22C\niso27001-2022:9.2" {
		t.Errorf("criteria stored as %q", got)
	}

	t.Run("create refuses an unknown item", func(t *testing.T) {
		_, err := e.app.CreateRecord("audit", withCriteria("iso42001-2023:A.6.2.6\niso42001-2023:A.99"))
		wantCode(t, err, ims.EINVALID, unknown)
		if ims.AsError(err).Field != "criteria" {
			t.Errorf("error names field %q", ims.AsError(err).Field)
		}
		if n := count("audit"); n != 1 {
			t.Errorf("%d audits, want 1", n)
		}
	})
	t.Run("create refuses an unknown catalogue", func(t *testing.T) {
		_, err := e.app.CreateRecord("risk", map[string]any{"title": "Model drift", "lens": []string{"ai"},
			"inherent_likelihood": 3, "inherent_impact": 3, "owner": "Priya", "controls": "iso42001-2023:A.6.2.6, iso9001-2015:8.1"})
		wantCode(t, err, ims.EINVALID, `Controls: "iso9001-2015:8.1" is not an item of a catalogue Keel ships`)
	})
	t.Run("update refuses an unknown item and keeps the old value", func(t *testing.T) {
		_, err := e.app.UpdateRecord("audit", good.ID, map[string]any{"criteria": "iso42001-2023:A.99"})
		wantCode(t, err, ims.EINVALID, unknown)
		r, err := e.app.GetRecord("audit", good.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Fields["criteria"] != good.Fields["criteria"] {
			t.Errorf("criteria changed to %q", r.Fields["criteria"])
		}
	})
	t.Run("a finding names one item", func(t *testing.T) {
		f := map[string]any{"title": "Drift thresholds not set", "audit": good.ID, "type": "observation"}
		f["ref"] = "iso42001-2023:A.6.2.6, iso27001-2022:9.2"
		_, err := e.app.CreateRecord("finding", f)
		wantCode(t, err, ims.EINVALID, "takes one catalogue reference, not 2")
		f["ref"] = "iso27001-2022:A.5.15"
		if _, err := e.app.CreateRecord("finding", f); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a CSV import with an unknown item imports nothing", func(t *testing.T) {
		csv := "title,standards,lead_auditor,status,criteria\n" +
			"Good audit,ISO/IEC 27001,Zoë,planned,iso27001-2022:A.5.15\n" +
			"Bad audit,ISO/IEC 42001,Zoë,planned,\"iso42001-2023:A.6.2.6\niso42001-2023:A.99\"\n"
		res, err := e.app.ImportRecords("audit", "csv", b64(csv))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Column != "criteria" {
			t.Fatalf("import = %+v", res)
		}
		if n := count("audit"); n != 1 {
			t.Errorf("%d audits after a refused import, want 1", n)
		}
	})
	t.Run("a CSV import with known items imports", func(t *testing.T) {
		csv := "title,standards,lead_auditor,status,criteria\n" +
			"Privacy audit,ISO/IEC 27701,Zoë,planned,iso27701-2019:5.2.1; uk-dp:Art.22C\n"
		res, err := e.app.ImportRecords("audit", "csv", b64(csv))
		if err != nil || res.Created != 1 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		r, err := e.app.GetRecord("audit", res.IDs[0])
		if err != nil {
			t.Fatal(err)
		}
		if r.Fields["criteria"] != "iso27701-2019:5.2.1\nuk-dp:Art.22C" {
			t.Errorf("imported criteria = %q", r.Fields["criteria"])
		}
	})
}
