package ims_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

// A programme built for the flags: the lead auditor owns the implementation of a control in
// the audit's criteria, another auditor owns a risk treated by one; the audit is closed while
// one of its two nonconformities is open.
func TestAuditFlags(t *testing.T) {
	audit := ims.Record{ID: "a1", Kind: "audit", Fields: map[string]any{"lead_auditor": "Björn Åström", "auditors": "Priya Raghunathan, José Núñez",
		"criteria": "iso27001-2022:A.5\niso42001-2023:9.2", "status": "closed"}}
	recs := map[string][]ims.Record{
		"control_status": {
			{ID: "c1", Title: "iso27001-2022:A.5.15", Fields: map[string]any{"item": "iso27001-2022:A.5.15", "owner": "Björn Åström"}},
			{ID: "c2", Title: "iso27001-2022:A.8.2", Fields: map[string]any{"item": "iso27001-2022:A.8.2", "owner": "José Núñez"}}, // outside the criteria
			{ID: "c3", Title: "iso42001-2023:9.2", Fields: map[string]any{"item": "iso42001-2023:9.2", "owner": "Someone else"}},
		},
		"risk": {{ID: "k1", Title: "Leavers keep access", Fields: map[string]any{"controls": "iso27001-2022:A.5.18", "owner": "Priya Raghunathan"}}},
		"finding": {
			{ID: "f1", Fields: map[string]any{"audit": "a1", "nonconformity": "n1"}},
			{ID: "f2", Fields: map[string]any{"audit": "a1", "nonconformity": "n2"}},
			{ID: "f3", Fields: map[string]any{"audit": "other", "nonconformity": "n3"}},
		},
		"nonconformity": {
			{ID: "n1", Title: "Access reviews missed", Fields: map[string]any{"status": "open"}},
			{ID: "n2", Title: "Old NC", Fields: map[string]any{"status": "closed"}},
			{ID: "n3", Title: "Another audit's NC", Fields: map[string]any{"status": "open"}},
		},
	}
	got := ims.AuditFlags(audit, recs)
	var texts []string
	for _, f := range got {
		texts = append(texts, f.Kind+": "+f.Text)
	}
	want := []string{
		"independence: Björn Åström audits an area they own records in: iso27001-2022:A.5.15.",
		"independence: Priya Raghunathan audits an area they own records in: Leavers keep access.",
		"closed with open nonconformities: The audit is closed while 1 of its nonconformities are open: Access reviews missed.",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("flags:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	// Reported rather than closed, and auditors who own nothing there: no flag.
	audit.Fields["status"] = "reported"
	audit.Fields["lead_auditor"], audit.Fields["auditors"] = "Ægir Þórsson", ""
	if got := ims.AuditFlags(audit, recs); len(got) != 0 {
		t.Errorf("flags %+v, want none", got)
	}
}
