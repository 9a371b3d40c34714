package app_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"keel/backend/ims"
)

// Saving a breach through the App yields one linked nonconformity, in the same write.
func TestMonitoringBreachRaisesNonconformity(t *testing.T) {
	e := readyWith(t, "Fenmore", true)
	systems, err := e.app.ListRecords(ims.ListQuery{Kind: "ai_system", Search: "Credit-decision"})
	if err != nil || systems.Total == 0 {
		t.Fatalf("no demo AI system: %v", err)
	}
	sys := systems.Records[0]
	// The demo's November drift reading is past its threshold: it arrives with its nonconformity.
	demo, err := e.app.ListRecords(ims.ListQuery{Kind: "monitoring_record", Search: "Income stability, November"})
	if err != nil || demo.Total != 1 {
		t.Fatalf("the demo's breach: %v, %d", err, demo.Total)
	}
	if id, _ := demo.Records[0].Fields["nonconformity"].(string); id == "" {
		t.Error("the demo's breach has no nonconformity")
	} else if nc, err := e.app.GetRecord("nonconformity", id); err != nil || nc.Fields["source"] != "monitoring" {
		t.Errorf("the demo's breach links %v (%v)", nc.Fields, err)
	}
	if others, _ := e.app.ListRecords(ims.ListQuery{Kind: "monitoring_record", Search: "Income stability, October"}); others.Total != 1 || others.Records[0].Fields["nonconformity"] != nil {
		t.Error("a demo reading within its threshold raised a nonconformity")
	}
	count := func() int {
		res, err := e.app.ListRecords(ims.ListQuery{Kind: "nonconformity", Filters: map[string]string{"source": "monitoring"}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := count()
	reading := func(title string, value float64) map[string]any {
		return map[string]any{"title": title, "ai_system": sys.ID, "metric_type": "drift", "value": value,
			"threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-11-26"}
	}

	ok, err := e.app.CreateRecord("monitoring_record", reading("PSI, week 48", 0.12))
	if err != nil {
		t.Fatal(err)
	}
	if count() != before || ok.Fields["nonconformity"] != nil {
		t.Fatalf("a reading within its threshold raised a nonconformity")
	}

	bad, err := e.app.CreateRecord("monitoring_record", reading("PSI, week 49", 0.31))
	if err != nil {
		t.Fatal(err)
	}
	ncID, _ := bad.Fields["nonconformity"].(string)
	if ncID == "" || count() != before+1 {
		t.Fatalf("a breach raised no linked nonconformity: %v", bad.Fields)
	}
	nc, err := e.app.GetRecord("nonconformity", ncID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(nc.Title, "PSI, week 49") || !strings.Contains(nc.Title, sys.Title) ||
		nc.Fields["owner"] != sys.Fields["owner"] || nc.Fields["status"] != "open" ||
		!strings.Contains(nc.Fields["description"].(string), "0.31 against a threshold of 0.25") {
		t.Errorf("nonconformity %q %v", nc.Title, nc.Fields)
	}

	// Editing the reading again does not raise a second one; nor does a breach found by
	// editing a reading that was fine raise more than one.
	if _, err := e.app.UpdateRecord("monitoring_record", bad.ID, map[string]any{"notes": "retraining planned"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.UpdateRecord("monitoring_record", ok.ID, map[string]any{"value": 0.4}); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != before+2 {
		t.Errorf("%d nonconformities raised, want 2", got-before)
	}
}

// ncCount counts the live nonconformities raised from internal audits.
func ncCount(t *testing.T, e *env) int {
	t.Helper()
	res, err := e.app.ListRecords(ims.ListQuery{Kind: "nonconformity", Filters: map[string]string{"source": "internal audit"}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// auditWithStatus makes an audit led by José Núñez, and an implementation status owned by
// Zoë Łukasiewicz for one control, so a finding's owner can be told apart.
func auditWithStatus(t *testing.T, e *env) ims.Record {
	t.Helper()
	audit, err := e.app.CreateRecord("audit", map[string]any{"title": "Access control (H2 2026)",
		"standards": []string{"ISO/IEC 27001", "ISO/IEC 27701"}, "lead_auditor": "José Núñez", "status": "in progress"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateRecord("control_status", map[string]any{"item": "iso27001-2022:A.5.18", "status": "partial",
		"owner": "Zoë Łukasiewicz"}); err != nil {
		t.Fatal(err)
	}
	return audit
}

// The rules themselves (owners, titles, descriptions, lenses) are tested where they live,
// in backend/followup; these tests check that the App's writes and imports run them.

func TestImportedFindingRaisesNonconformity(t *testing.T) {
	e := ready(t)
	audit := auditWithStatus(t, e)
	csv := "title,audit,type,ref\n" +
		"Q3 access review not evidenced," + audit.ID + ",minor nonconformity,iso27001-2022:A.5.18\n" +
		"Joiners set up on time," + audit.ID + ",conformity,iso27001-2022:A.5.16\n"
	res, err := e.app.ImportRecords("finding", "csv", base64.StdEncoding.EncodeToString([]byte(csv)))
	if err != nil || res.Created != 2 || len(res.Errors) != 0 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	if got := ncCount(t, e); got != 1 || !strings.Contains(res.Message, "raised 1 nonconformity") {
		t.Fatalf("%d nonconformities raised, message %q; want 1", got, res.Message)
	}
	f, err := e.app.GetRecord("finding", res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	nc, err := e.app.GetRecord("nonconformity", f.Fields["nonconformity"].(string))
	if err != nil || nc.Fields["owner"] != "Zoë Łukasiewicz" || nc.Fields["severity"] != "minor" {
		t.Fatalf("nonconformity %v, %v", nc.Fields, err)
	}
	if other, _ := e.app.GetRecord("finding", res.IDs[1]); other.Fields["nonconformity"] != nil {
		t.Errorf("the conformity raised one: %v", other.Fields)
	}

	// A monitoring breach imported from a file raises one too.
	sys, err := e.app.CreateRecord("ai_system", map[string]any{"name": "Credit model", "provenance": "internal",
		"stage": "design and development", "owner": "Priya Raghunathan"})
	if err != nil {
		t.Fatal(err)
	}
	readings := "title,ai_system,metric_type,value,threshold,direction,date\n" +
		"PSI week 50," + sys.ID + ",drift,0.4,0.25," + ims.BreachAbove + ",2026-12-10\n"
	res, err = e.app.ImportRecords("monitoring_record", "csv", base64.StdEncoding.EncodeToString([]byte(readings)))
	if err != nil || res.Created != 1 || !strings.Contains(res.Message, "raised 1 nonconformity") {
		t.Fatalf("import readings = %+v, %v", res, err)
	}
}
