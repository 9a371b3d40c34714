package reports

import (
	"fmt"
	"strings"
	"testing"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// registerSnapshot is the management-review workspace with what the register packs read
// besides: a risk method, treatment actions and acceptances on risks, stage gates,
// impact assessments and processing activities, audit scope and summary.
func registerSnapshot(t *testing.T) Snapshot {
	t.Helper()
	snap, _ := reviewSnapshot(t, smallReview)
	b := &recBuilder{n: 90000, recs: snap.Records}
	for k, v := range map[string]any{
		"version": "2.1", "likelihood_levels": 5.0, "impact_levels": 5.0,
		"likelihood_labels": "Rare\nUnlikely\nPossible\nLikely\nAlmost certain",
		"impact_labels":     "Negligible\nMinor\nModerate\nMajor\nSevere",
		"bands":             "4 Low\n9 Medium\n16 High\n25 Critical",
		"appetite_security": 9.0, "appetite_privacy": 6.0, "appetite_ai": 8.0,
		"criteria":    "Residual risks within appetite may be accepted by the owner; above it only by the board — Björn Åström.",
		"approved_by": approver, "approval_date": "2025-02-01", "review_date": "2026-12-15"} {
		for i := range snap.Records["risk_method"] {
			snap.Records["risk_method"][i].Fields[k] = v
		}
	}
	risks := snap.Records["risk"]
	for i := range risks {
		if i%4 == 2 {
			risks[i].Fields["accepted_by"] = people[(i+1)%len(people)]
			risks[i].Fields["accepted_on"] = "2026-03-15"
		}
		risks[i].Fields["review_date"] = fmt.Sprintf("2027-%02d-01", 1+i%12)
		if t := risks[i].Fields["treatment"]; t == "reduce" || t == "avoid" {
			a := b.add("action", fmt.Sprintf("Treat risk %d — retrain the scorecard (≥ 95%% coverage)", i), "2026-02-01", map[string]any{
				"owner": people[i%len(people)], "due_date": fmt.Sprintf("2026-%02d-20", 1+i%12), "status": []string{"open", "done", "in progress"}[i%3]})
			risks[i].Fields["actions"] = []string{a.ID}
			risks[i].Fields["treatment_plan"] = "Retrain quarterly and monitor drift; budget £8,000."
			risks[i].Fields["controls"] = "42001 A.6.2.6; 27001 A.8.16"
		}
	}
	pa := b.add("processing_activity", "Credit applications — Łódź office", "2025-01-01", map[string]any{"name": "Credit applications — Łódź office"})
	for i := range snap.Records["ai_system"] {
		s := &snap.Records["ai_system"][i]
		s.Fields["owner"] = people[(i+2)%len(people)]
		switch i % 3 {
		case 0:
			s.Fields["gate_approved_by"] = approver
			s.Fields["gate_approved_on"] = "2026-04-02"
			s.Fields["personal_data"] = true
			s.Fields["processing_activity"] = pa.ID
		case 1:
			s.Fields["gate_override"] = "Urgent regulatory deadline"
			s.Fields["gate_override_by"] = "José Núñez"
			s.Fields["personal_data"] = false
		}
		for v := 1; v <= 1+i%2; v++ {
			f := map[string]any{"ai_system": s.ID, "version": float64(v), "status": []string{"superseded", "approved", "in review"}[(v+i)%3]}
			if f["status"] != "in review" {
				f["approved_by"] = "Ægir Þórsson"
				f["approved_on"] = "2026-05-05"
			}
			b.add("impact_assessment", fmt.Sprintf("Impact assessment v%d — %s", v, s.Title), "2026-05-01", f)
		}
	}
	// Principles: two approved (one weighed at the gates, one evidenced by monitoring), one retired.
	var principles []ims.Record
	for i, name := range []string{"Fairness — équité", "Safety and robustness", "Retired principle"} {
		status := []string{"approved", "approved", "retired"}[i]
		principles = append(principles, b.add("ai_principle", name, "2026-01-10", map[string]any{"name": name, "status": status,
			"stages": []string{"deployment", "operation and monitoring"}, "meaning": "In our words."}))
	}
	for i, s := range snap.Records["ai_system"] {
		if i%3 == 0 {
			b.add("principle_review", "Fairness at deployment", "2026-04-01", map[string]any{"ai_system": s.ID, "principle": principles[0].ID,
				"stage": "deployment", "note": "Approval rates compared across groups; gap ≤ 3 points.", "evidence": "Bias test Q1 — Łódź"})
		}
	}
	for i := range snap.Records["monitoring_record"] {
		if i%2 == 0 {
			snap.Records["monitoring_record"][i].Fields["principle"] = principles[1].ID
		}
	}
	for i := range snap.Records["audit"] {
		a := &snap.Records["audit"][i]
		a.Fields["scope"] = "The credit decision model's lifecycle and access control at the Łódź office."
		a.Fields["auditors"] = "Siobhán O'Connell, Priya Raghunathan"
		a.Fields["summary"] = "Access reviews not evidenced for two quarters; otherwise conforming — budget ≥ £2,000 for tooling."
	}
	return snap
}

func TestRegisterPacks(t *testing.T) {
	snap := registerSnapshot(t)
	snap.Organisation = "Fenmore Cre\u0301dit Ltd"
	type tableCheck struct {
		start, stop string
		header      []string
	}
	cases := []struct {
		kind     Kind
		sections []string
		tables   []tableCheck
	}{
		{KindRisk, []string{"Risk method", "Heat maps", "Inherent risk", "Residual risk", "Risk register", "Treatment plan",
			"Risk appetite by lens", "Ægir Þórsson", "Almost certain", "Severe", "over appetite", "Retrain quarterly", "(overdue)"},
			[]tableCheck{
				{"Risk register", "Treatment plan", []string{"Risk", "Owner and", "lenses", "Inherent", "Treatment", "Residual", "Over", "Accepted", "Review"}},
				{"Treatment plan", "", []string{"Risk", "Treatment", "Plan and controls", "Actions"}},
			}},
		{KindAI, []string{"Ægir Þórsson", "AI systems", "Impact assessments", "Monitoring breaches", "Overridden by", "José Núñez",
			"Łódź office", "Responsible-AI principles", "Fairness — équité", "Principles weighed at the stage gates", "gap ≤ 3 points",
			"Metrics evidencing the principles", "readings, latest"}, nil},
		{KindAudit, []string{"Audit programme", "audits in the period", "Findings by audit", "Coverage of the criteria", "Clauses audited", "Internal audit 2026-H1: AI lifecycle and access control", "Findings", "Nonconformities raised",
			"27001 A.5.15", "42001 A.6.2.6", "Siobhán O'Connell"}, nil},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			pdf, path := renderPDF(t, tc.kind, snap, testOptions())
			pages := checkPDF(t, path, pdf, 5)
			matchGolden(t, string(tc.kind), pdf, pages)
			hasText(t, pages, append([]string{author, approver, "Fenmore Crédit Ltd", "—"}, tc.sections...)...)
			for _, tb := range tc.tables {
				repeatsHeader(t, pages, tb.start, tb.stop, tb.header)
			}
			wantDeterministic(t, tc.kind, snap, testOptions())
		})
	}
}

func TestControlRefs(t *testing.T) {
	for in, want := range map[string]string{
		"iso42001-2023:A.9.2, uk-dp:Art.22C":         "42001 A.9.2, UK DP Art.22C",
		"iso27001-2022:A.8.28;iso42001-2023:A.6.2.4": "27001 A.8.28, 42001 A.6.2.4",
		"Quarterly access review, ":                  "Quarterly access review",
		"":                                           "",
	} {
		if got := controlRefs(in); got != want {
			t.Errorf("controlRefs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLongContents renders a pack whose contents run to three pages (25 audits of four
// headings each): every contents page holds what its count says without spilling, and the
// body's headings land on the pages the contents give.
func TestLongContents(t *testing.T) {
	snap := testSnapshot(t, 0)
	b := &recBuilder{n: 95000, recs: map[string][]ims.Record{}}
	for i := range 25 {
		a := b.add("audit", fmt.Sprintf("Audit %02d — Łódź office", i), "2026-02-01", map[string]any{
			"standards": []string{"ISO/IEC 27001"}, "lead_auditor": author, "status": "reported",
			"planned_start": "2026-03-02", "planned_end": "2026-03-03", "summary": "Conforming; one observation."})
		b.add("finding", fmt.Sprintf("Finding of audit %02d", i), "2026-03-03", map[string]any{"audit": a.ID, "type": "observation"})
	}
	snap.Records = b.recs
	pdf, err := renderKind(KindAudit, snap, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, writePDF(t, "long.pdf", pdf.Bytes))
	// 1 programme heading + 2 subheadings, then 25 audits × (title, summary, findings, NCs raised).
	if want := 1 + tocPagesFor(3+25*4); want != 4 {
		t.Fatalf("the fixture should need 3 contents pages, needs %d", want-1)
	}
	for _, title := range []string{"Audit programme", "Audit 00 — Łódź office", "Audit 24 — Łódź office"} {
		idx := pagesFrom(t, pages, title, "")
		if len(idx) == 0 || idx[0] < 5 {
			t.Errorf("%q: body pages %v; the contents take pages 3 to 5", title, idx)
		}
	}
	if !strings.Contains(pages[4], "Nonconformities raised") || !strings.Contains(pages[4], "Audit 24 — Łódź office") {
		t.Errorf("the third contents page should end the contents with the last audit's headings:\n%s", pages[4])
	}
}

// TestAuditCoverage: a clause in the criteria covers the clauses under it, a control itself;
// the share printed is of the standard's leaf clauses and controls.
func TestAuditCoverage(t *testing.T) {
	snap := testSnapshot(t, 0)
	b := &recBuilder{n: 97000, recs: map[string][]ims.Record{}}
	b.add("audit", "Access audit", "2026-02-01", map[string]any{"standards": []string{"ISO/IEC 27001"}, "lead_auditor": author,
		"status": "reported", "planned_start": "2026-03-02", "criteria": "iso27001-2022:9.2\niso27001-2022:A.5.15\nnot a reference"})
	snap.Records = b.recs
	c, _ := snap.Standards.Catalogue(catalog.ISO27001)
	total, under := 0, 0
	for _, it := range c.Items {
		if it.Kind == catalog.KindControl || (it.Kind == catalog.KindClause && c.Leaf(it.ID)) {
			total++
			if it.Parent == "9.2" {
				under++
			}
		}
	}
	if under < 2 {
		t.Fatalf("27001 9.2 should have sub-clauses, has %d", under)
	}
	pdf, err := renderKind(KindAudit, snap, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pdfText(t, writePDF(t, "coverage.pdf", pdf.Bytes)), "\n")
	want := pct(share(under+1, total))
	if !strings.Contains(all, "Coverage of the criteria") || !strings.Contains(all, want) {
		t.Errorf("want 27001 covered %s (%d sub-clauses of 9.2 and A.5.15 of %d)", want, under, total)
	}
	if !strings.Contains(all, "No criterion names ISO/IEC 42001:2023 in the period.") {
		t.Error("42001, named by no criterion, is not called out")
	}
}
