package app_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestMonitoringBreachRaisesNonconformity(t *testing.T) {
	e := newEnv(t)
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateWorkspace("Fenmore", true); err != nil {
		t.Fatal(err)
	}
	systems, err := e.app.ListRecords(ims.ListQuery{Kind: "ai_system", Search: "Credit-decision"})
	if err != nil || systems.Total == 0 {
		t.Fatalf("no demo AI system: %v", err)
	}
	sys := systems.Records[0]
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
