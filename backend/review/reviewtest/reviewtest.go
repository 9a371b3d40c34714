// Package reviewtest builds a management-review workspace for tests: every register a
// review reads, dated in the period 2026 (and the years before it for a larger size), with
// the AI systems' stage history. The review's own tests and the packs' tests share it.
package reviewtest

import (
	"fmt"
	"math"
	"slices"
	"time"

	"keel/backend/ims"
)

// Who wrote and approved the records: names with Polish and Swedish letters, which
// every pack must render.
const (
	Author   = "Zoë Łukasiewicz"
	Approver = "Björn Åström"
)

// Size sets how big the workspace is.
type Size struct {
	Risks, AISystems int
	Years            int // of history: measurements, monitoring, incidents, audits
	Objectives       int
	Volume           int // records per year in the smaller registers
}

// Small is small enough to read and big enough that the long tables continue.
var Small = Size{Risks: 40, AISystems: 4, Years: 1, Objectives: 3, Volume: 1}

// Large is the benchmark workspace of issue 6: 2,000 risks, 200 AI systems and three years
// of history.
var Large = Size{Risks: 2000, AISystems: 200, Years: 3, Objectives: 12, Volume: 15}

// Workspace is the records by kind, their history by record ID, and the ID of the
// management review of 2026.
type Workspace struct {
	Records map[string][]ims.Record
	History map[string][]ims.HistoryEntry
	Review  string
}

type recBuilder struct {
	n    int
	recs map[string][]ims.Record
	hist map[string][]ims.HistoryEntry
}

func (b *recBuilder) add(kind, title, created string, fields map[string]any) ims.Record {
	b.n++
	r := NewRecord(b.n, kind, title, created, fields)
	b.recs[kind] = append(b.recs[kind], r)
	return r
}

// NewRecord is record number n of a kind, created (and last changed) on the date created
// ("" for 1 February 2026): created by the Author, last changed by the Approver.
func NewRecord(n int, kind, title, created string, fields map[string]any) ims.Record {
	if created == "" {
		created = "2026-02-01"
	}
	at := created + "T09:00:00Z"
	fields["title"] = title
	return ims.Record{ID: fmt.Sprintf("%s-%05d", kind[:3], n), Kind: kind, Title: title, Fields: fields,
		CreatedAt: at, UpdatedAt: at, CreatedBy: ims.Actor{Name: Author}, UpdatedBy: ims.Actor{Name: Approver}}
}

// People are the names the workspace gives owners, chairs and handlers.
var People = []string{Author, Approver, "José Núñez", "Siobhán O'Connell", "Priya Raghunathan", "Ægir Þórsson"}

var severities = []string{"low", "medium", "high", "critical"}

// Build builds the workspace.
func Build(size Size) Workspace {
	b := &recBuilder{recs: map[string][]ims.Record{}, hist: map[string][]ims.HistoryEntry{}}
	start := time.Date(2026-size.Years+1, 1, 1, 0, 0, 0, 0, time.UTC)
	months := 12 * size.Years
	date := func(m, d int) string { return start.AddDate(0, m, d).Format("2006-01-02") }

	b.add("risk_method", "Fenmore risk method", "2025-01-10", map[string]any{
		"likelihood_levels": 5.0, "impact_levels": 5.0, "appetite_security": 9.0, "appetite_privacy": 8.0, "appetite_ai": 6.0})

	// Actions and reviews.
	a := func(title, status, due, src string) ims.Record {
		return b.add("action", title, "2025-11-20", map[string]any{"status": status, "due_date": due, "owner": People[b.n%len(People)],
			"source_kind": src, "priority": "high"})
	}
	a1 := a("Extend the risk method to AI harms — approved budget £12,500", "done", "2026-03-31", "management review")
	a2 := a("Appoint an AI governance owner", "in progress", "2026-06-30", "management review")
	a3 := a("Bias testing each quarter for the credit model (≥ 4 a year)", "open", "2027-03-31", "management review")
	a4 := a("Renew the cloud provider's due diligence", "open", "2027-01-31", "management review")
	b.add("management_review", "Management review 2025", "2025-11-20", map[string]any{"meeting_date": "2025-11-20", "status": "minutes approved",
		"chair": Approver, "actions": []string{a1.ID, a2.ID}})
	for i := 0; i < size.Volume*size.Years*3-3; i++ { // the large workspace's older actions
		a(fmt.Sprintf("Older action %03d", i), []string{"done", "open", "in progress"}[i%3], date(i%months, 0), "other")
	}
	cur := b.add("management_review", "Management review 2026", "2026-11-26", map[string]any{"meeting_date": "2026-11-26", "status": "held",
		"period_from": "2026-01-01", "period_to": "2026-12-31", "chair": Approver,
		"attendees": "Zoë Łukasiewicz (CEO), Björn Åström (CISO), José Núñez (DPO), Siobhán O'Connell (Head of Credit)",
		"decisions": "Approve the AI budget for 2027 — ≥ £40,000\n- Bring the chatbot into the ISO/IEC 42001 scope\nKeep the security appetite at 9; lower the AI appetite to 6",
		"actions":   []string{a3.ID, a4.ID}, "notes": "Minutes circulated to the board on 27 November."})

	// Context.
	for i := 0; i < 3+size.Volume*size.Years*2; i++ {
		created := "2025-06-01"
		if i%3 != 0 {
			created = date(i%months, 3)
		}
		b.add("context_issue", fmt.Sprintf("Context issue %02d: FCA Consumer Duty and AI credit decisions", i), created, map[string]any{
			"type": []string{"external", "internal"}[i%2], "lens": []string{"ai", "privacy"}, "effect": "negative", "status": "open"})
	}
	for i := 0; i < 2+size.Volume*size.Years*2; i++ {
		b.add("interested_party", fmt.Sprintf("Interested party %02d — Łódź lending partners", i), date(i%months, 5), map[string]any{
			"category": "partner", "lens": []string{"security"}, "influence": "medium", "addressed": i%2 == 0})
	}

	// Nonconformities.
	statuses := []string{"open", "action planned", "awaiting check", "closed"}
	sources := []string{"internal audit", "incident", "monitoring", "external audit"}
	var ncIDs []string
	for i := 0; i < 6+size.Volume*size.Years*3; i++ {
		r := b.add("nonconformity", fmt.Sprintf("NC-%03d Access review not evidenced for Björn Åström's team", i), date(i%months, 7), map[string]any{
			"source": sources[i%4], "severity": []string{"minor", "major", "observation"}[i%3], "owner": People[i%len(People)],
			"due_date": date(i%months+2, 0), "status": statuses[(i/3)%4]})
		if (i/3)%4 == 3 {
			r.Fields["effective"] = true
		}
		ncIDs = append(ncIDs, r.ID)
	}

	// Objectives and monthly measurements.
	for i := 0; i < size.Objectives; i++ {
		target, dir, unit := 95.0, "higher", "%"
		if i%3 == 1 {
			target, dir, unit = 5, "lower", "days"
		}
		o := b.add("objective", fmt.Sprintf("Objective %02d: declined applications reviewed by a person", i), "2025-01-15", map[string]any{
			"lens": []string{"ai"}, "target": target, "direction": dir, "unit": unit, "owner": People[i%len(People)],
			"status": []string{"on track", "at risk", "achieved"}[i%3]})
		if i == size.Objectives-1 && size.Objectives <= 3 {
			b.add("measurement", "Only reading", "2026-06-30", map[string]any{"objective": o.ID, "date": "2026-06-30", "value": 3.0})
			continue
		}
		for m := 0; m < months; m++ {
			v := 80 + 15*float64(m)/float64(months) + 3*math.Sin(float64(m+i))
			if dir == "lower" {
				v = 9 - 5*float64(m)/float64(months) + math.Sin(float64(m*2+i))
			}
			v = math.Round(v*10) / 10
			b.add("measurement", fmt.Sprintf("M%02d", m), date(m, 27), map[string]any{"objective": o.ID, "date": date(m, 27), "value": v})
		}
	}

	// Audits and findings.
	types := []string{"conformity", "observation", "minor nonconformity", "major nonconformity"}
	for q := 0; q < 2*size.Years; q++ {
		au := b.add("audit", fmt.Sprintf("Internal audit %d-H%d: AI lifecycle and access control", start.Year()+q/2, q%2+1), date(q*6+1, 0), map[string]any{
			"standards": []string{"ISO/IEC 42001", "ISO/IEC 27001", "ISO/IEC 27701"}[:1+q%3], "lead_auditor": People[(q+2)%len(People)],
			"planned_start": date(q*6+2, 0), "planned_end": date(q*6+2, 3), "status": []string{"closed", "reported"}[q%2],
			"criteria": "iso42001-2023:A.6.2.6\niso27001-2022:A.5.15"})
		for f := 0; f < 3+q%3; f++ {
			fields := map[string]any{"audit": au.ID, "type": types[(f+q)%4], "ref": "iso27001-2022:A.5.15",
				"description": "Access reviews of the scoring platform were not evidenced."}
			if (f+q)%4 >= 2 {
				fields["nonconformity"] = ncIDs[(f+q)%len(ncIDs)]
			}
			b.add("finding", fmt.Sprintf("Finding %d.%d — quarterly access review", q+1, f+1), date(q*6+2, 4), fields)
		}
	}

	// Risks: spread over the grid, some residual scores, a few over appetite.
	lenses := [][]string{{"security"}, {"privacy"}, {"ai"}, {"security", "ai"}}
	for i := 0; i < size.Risks; i++ {
		il, ii := 1+(i*7)%5, 1+(i/5+i%3)%5
		fields := map[string]any{"lens": lenses[i%4], "inherent_likelihood": float64(il), "inherent_impact": float64(ii),
			"owner": People[i%len(People)], "status": []string{"assessed", "in treatment", "accepted", "identified"}[i%4],
			"treatment": []string{"reduce", "accept", "transfer", "avoid", "reduce"}[i%5]}
		if i%3 != 0 {
			fields["residual_likelihood"] = float64(max(1, il-1))
			fields["residual_impact"] = float64(max(1, ii-i%2))
		}
		b.add("risk", fmt.Sprintf("Risk %04d: model drift in the credit scorecard affects applicants", i), "2025-09-01", fields)
	}

	// AI systems with stage changes in their history.
	stages := []string{"design and development", "verification and validation", "deployment", "operation and monitoring"}
	for i := 0; i < size.AISystems; i++ {
		s := b.add("ai_system", fmt.Sprintf("AI system %03d — credit decision model", i), "2025-03-01", map[string]any{
			"provenance": []string{"internal", "third-party"}[i%2], "stage": stages[i%4], "decision_impact": []string{"high", "medium", "low"}[i%3]})
		for k := 0; k <= i%4; k++ {
			at := date(min(months-1, k*2+i%3), 10) + "T10:00:00Z"
			b.hist[s.ID] = append(b.hist[s.ID], ims.HistoryEntry{OpID: fmt.Sprintf("op-%d-%d", i, k), At: at, Type: "set", Field: "stage", Value: stages[k]})
		}
		for m := 0; m < months; m += max(1, 12/max(1, 6/size.Years)) {
			v := math.Round((0.05+0.02*float64((m+i)%7))*100) / 100
			b.add("monitoring_record", fmt.Sprintf("Drift check %s", date(m, 14)[:7]), date(m, 14), map[string]any{
				"ai_system": s.ID, "metric_type": "drift", "value": v, "threshold": 0.15, "direction": ims.BreachAbove, "date": date(m, 14)})
		}
	}

	// Suppliers and incidents.
	var supIDs []string
	for i := 0; i < 3+size.Volume*size.Years*2; i++ {
		s := b.add("supplier", fmt.Sprintf("Supplier %02d — Bramley Analytics Ltd", i), "2025-02-01", map[string]any{
			"service": "Credit model hosting", "criticality": []string{"high", "medium", "low"}[i%3],
			"due_diligence": []string{"complete", "issues found", "in progress", "complete"}[i%4], "next_review": date(i%months+6, 0)})
		supIDs = append(supIDs, s.ID)
	}
	itypes := []string{"security incident", "personal-data breach", "AI system failure"}
	for i := 0; i < 6+size.Volume*size.Years*6; i++ {
		f := map[string]any{"type": itypes[i%3], "severity": severities[i%4], "status": []string{"closed", "open", "resolved"}[i%3],
			"became_aware_at": date(i%months, 12) + "T08:30:00Z", "handler": People[i%len(People)]}
		if i%3 == 1 {
			f["ico_reportable"] = "yes"
			f["ico_reported_at"] = date(i%months, 14) + "T08:00:00Z"
		}
		if i%3 == 2 {
			f["ai_system"] = "Credit decision model"
		}
		if i%5 == 0 {
			f["suppliers"] = []string{supIDs[i%len(supIDs)]}
		}
		b.add("incident", fmt.Sprintf("Incident %03d — phishing email to Zoë Łukasiewicz", i), date(i%months, 12), f)
	}
	for i := 0; i < 2+size.Volume*size.Years; i++ {
		b.add("dpia", fmt.Sprintf("DPIA %02d — credit scoring with machine learning", i), "2025-05-01", map[string]any{
			"required": "yes", "residual_risk": []string{"low", "medium"}[i%2], "outcome": "proceed with measures",
			"status": []string{"approved", "in progress"}[i%2], "review_date": date(i%months+3, 0)})
	}
	// Opportunities for improvement: open ones (one overdue), one done in the period, one
	// declined before it (left out).
	for i, im := range []struct{ title, status, target, created string }{
		{"Automate the leavers' access sweep — save ≥ 2 hours a week", "in progress", "2026-03-31", "2025-12-01"},
		{"Publish model cards for every AI system (Ægir Þórsson)", "approved", "2027-02-28", "2026-06-01"},
		{"Join the sector's AI assurance forum", "idea", "", "2026-09-15"},
		{"Single risk method for security, privacy and AI", "done", "2026-05-31", "2026-01-10"},
		{"Replace the fax line to the credit bureau", "declined", "", "2024-06-01"},
	} {
		b.add("improvement", im.title, im.created, map[string]any{"status": im.status, "target_date": im.target,
			"source": []string{"audit", "suggestion", "benchmark", "management review", "incident"}[i], "owner": People[i%len(People)],
			"lens": []string{"security", "ai"}})
	}
	return Workspace{Records: b.recs, History: b.hist, Review: cur.ID}
}

// Reversed is records with every kind's records in the opposite order, for tests that the
// order records arrive in does not matter.
func Reversed(records map[string][]ims.Record) map[string][]ims.Record {
	rev := map[string][]ims.Record{}
	for k, rs := range records {
		rs = slices.Clone(rs)
		slices.Reverse(rs)
		rev[k] = rs
	}
	return rev
}
