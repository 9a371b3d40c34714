package followup_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keel/backend/followup"
	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

// saver signs every write of these tests.
var saver = ims.Actor{Name: "Ada Lovelace", Role: "ISMS manager"}

// open is a store with the follow-up rules, as main opens one.
func open(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t, store.Options{Rules: ims.Rules{FollowUps: followup.Rules()}})
}

func create(t *testing.T, s *store.Store, kind string, fields map[string]any) ims.Record {
	t.Helper()
	r, err := s.CreateRecord(context.Background(), saver, kind, fields)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func update(t *testing.T, s *store.Store, kind, id string, fields map[string]any) ims.Record {
	t.Helper()
	r, err := s.UpdateRecord(context.Background(), saver, kind, id, fields)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func get(t *testing.T, s *store.Store, kind, id string) ims.Record {
	t.Helper()
	r, err := s.GetRecord(context.Background(), kind, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// count counts the live nonconformities from a source.
func count(t *testing.T, s *store.Store, source string) int {
	t.Helper()
	res, err := s.ListRecords(context.Background(), ims.ListQuery{Kind: "nonconformity", Filters: map[string]string{"source": source}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestMonitoringBreach(t *testing.T) {
	s := open(t)
	sys := create(t, s, "ai_system", map[string]any{"name": "Credit-decision model", "provenance": "internal",
		"stage": "design and development", "owner": "Priya Raghunathan"})
	reading := func(title string, value float64) map[string]any {
		return map[string]any{"title": title, "ai_system": sys.ID, "metric_type": "drift", "value": value,
			"threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-11-26"}
	}
	ok := create(t, s, "monitoring_record", reading("PSI, week 48", 0.12))
	if count(t, s, "monitoring") != 0 || ok.Fields["nonconformity"] != nil {
		t.Fatalf("a reading within its threshold raised a nonconformity")
	}
	bad := create(t, s, "monitoring_record", reading("PSI, week 49", 0.31))
	ncID, _ := bad.Fields["nonconformity"].(string)
	if ncID == "" || count(t, s, "monitoring") != 1 {
		t.Fatalf("a breach raised no linked nonconformity: %v", bad.Fields)
	}
	nc := get(t, s, "nonconformity", ncID)
	if nc.Title != "Monitoring threshold breached: PSI, week 49 (Credit-decision model)" ||
		nc.Fields["owner"] != "Priya Raghunathan" || nc.Fields["status"] != "open" || nc.Fields["severity"] != "minor" ||
		nc.Fields["requirement"] != "42001 9.1 / A.6.2.6" || strings.Join(nc.Fields["lens"].([]string), ",") != "ai" ||
		nc.Fields["description"] != "PSI, week 49: 0.31 against a threshold of 0.25 ("+ims.BreachAbove+"), measured on 2026-11-26." {
		t.Errorf("nonconformity %q %v", nc.Title, nc.Fields)
	}
	// It falls due NCDueDays (30) after the reading was measured, so Home lists it.
	if nc.Fields["due_date"] != "2026-12-26" {
		t.Errorf("raised nonconformity due %v, want 2026-12-26", nc.Fields["due_date"])
	}

	// Editing the reading again does not raise a second one; nor does a breach found by
	// editing a reading that was fine raise more than one.
	update(t, s, "monitoring_record", bad.ID, map[string]any{"notes": "retraining planned"})
	update(t, s, "monitoring_record", ok.ID, map[string]any{"value": 0.4})
	if got := count(t, s, "monitoring"); got != 2 {
		t.Errorf("%d nonconformities raised, want 2", got)
	}
}

// auditWithStatus makes an audit led by José Núñez, and an implementation status owned by
// Zoë Łukasiewicz for one control, so a finding's owner can be told apart.
func auditWithStatus(t *testing.T, s *store.Store) ims.Record {
	t.Helper()
	audit := create(t, s, "audit", map[string]any{"title": "Access control (H2 2026)",
		"standards": []string{"ISO/IEC 27001", "ISO/IEC 27701"}, "lead_auditor": "José Núñez", "status": "in progress"})
	create(t, s, "control_status", map[string]any{"item": "iso27001-2022:A.5.18", "status": "partial", "owner": "Zoë Łukasiewicz"})
	return audit
}

func TestFindingRaisesNonconformity(t *testing.T) {
	s := open(t)
	audit := auditWithStatus(t, s)
	finding := func(title, typ, ref string) map[string]any {
		return map[string]any{"title": title, "audit": audit.ID, "type": typ, "ref": ref,
			"description": "No record of the Q2 review.", "evidence": "Ticket ACC-12."}
	}

	t.Run("conformity and observation raise none", func(t *testing.T) {
		for _, typ := range []string{"conformity", "observation"} {
			f := create(t, s, "finding", finding("Leavers removed in a day", typ, "iso27001-2022:A.5.18"))
			if f.Fields["nonconformity"] != nil || count(t, s, "internal audit") != 0 {
				t.Fatalf("a %s raised a nonconformity: %v", typ, f.Fields)
			}
		}
	})

	t.Run("minor nonconformity raises one, linked", func(t *testing.T) {
		f := create(t, s, "finding", finding("Q2 access review not evidenced", "minor nonconformity", "iso27001-2022:A.5.18"))
		ncID, _ := f.Fields["nonconformity"].(string)
		if ncID == "" || count(t, s, "internal audit") != 1 {
			t.Fatalf("no linked nonconformity: %v (%d raised)", f.Fields, count(t, s, "internal audit"))
		}
		if stored := get(t, s, "finding", f.ID); stored.Fields["nonconformity"] != ncID {
			t.Fatalf("the stored finding links %v, want %s", stored.Fields["nonconformity"], ncID)
		}
		nc := get(t, s, "nonconformity", ncID)
		desc, _ := nc.Fields["description"].(string)
		want := map[string]any{"source": "internal audit", "severity": "minor", "requirement": "27001 A.5.18",
			"owner": "Zoë Łukasiewicz", "status": "open"}
		for k, v := range want {
			if nc.Fields[k] != v {
				t.Errorf("nonconformity %s = %v, want %v", k, nc.Fields[k], v)
			}
		}
		// Due 30 days after the day the finding was saved.
		if due, _ := time.Parse(time.DateOnly, fmt.Sprint(nc.Fields["due_date"])); due.Sub(time.Now()) < 28*24*time.Hour || due.Sub(time.Now()) > 31*24*time.Hour {
			t.Errorf("raised nonconformity due %v, want about 30 days from now", nc.Fields["due_date"])
		}
		if nc.Title != f.Title || !strings.Contains(desc, audit.Title) || !strings.Contains(desc, f.Title) ||
			!strings.Contains(desc, "Ticket ACC-12.") || strings.Join(nc.Fields["lens"].([]string), ",") != "security" {
			t.Errorf("nonconformity %q %v", nc.Title, nc.Fields)
		}

		// Saving the finding again leaves it alone: one nonconformity, the same link.
		again := update(t, s, "finding", f.ID, map[string]any{"evidence": "Ticket ACC-12 and ACC-14."})
		if again.Fields["nonconformity"] != ncID || count(t, s, "internal audit") != 1 {
			t.Errorf("saving again: link %v, %d raised; want %s, 1", again.Fields["nonconformity"], count(t, s, "internal audit"), ncID)
		}
	})

	t.Run("major, and the lead auditor owns it when no one owns the control", func(t *testing.T) {
		f := create(t, s, "finding", finding("No processor agreement with the cloud host", "major nonconformity", "iso27701-2019:B.8.2.1"))
		nc := get(t, s, "nonconformity", f.Fields["nonconformity"].(string))
		if nc.Fields["severity"] != "major" || nc.Fields["owner"] != "José Núñez" || nc.Fields["requirement"] != "27701:2019 B.8.2.1" ||
			strings.Join(nc.Fields["lens"].([]string), ",") != "privacy" {
			t.Errorf("nonconformity %v", nc.Fields)
		}
	})

	t.Run("an observation regraded a nonconformity raises one then", func(t *testing.T) {
		before := count(t, s, "internal audit")
		f := create(t, s, "finding", finding("Drift thresholds loosely set", "observation", ""))
		f = update(t, s, "finding", f.ID, map[string]any{"type": "minor nonconformity"})
		if f.Fields["nonconformity"] == nil || count(t, s, "internal audit") != before+1 {
			t.Errorf("regraded finding: %v, %d raised", f.Fields, count(t, s, "internal audit")-before)
		}
		// Without a clause, the lenses are those of the audit's standards, and the lead
		// auditor owns it.
		nc := get(t, s, "nonconformity", f.Fields["nonconformity"].(string))
		if strings.Join(nc.Fields["lens"].([]string), ",") != "security,privacy" || nc.Fields["owner"] != "José Núñez" {
			t.Errorf("nonconformity without a clause: %v", nc.Fields)
		}
	})

}
