package demo

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"keel/backend/ims"
)

// packDocuments puts the packs under document control (7.5): one document register entry
// per pack, titled as the pack, so each pack's document control prints its owner, approver,
// review date and distribution, and its versions from the entry's history. The SoA has two
// versions: the first issue, and the one that excluded A.8.28.
func packDocuments(ctx context.Context, st ims.RecordService, actor ims.Actor) error {
	d := demoWriter{ctx: ctx, st: st, actor: actor}
	common := func(title, ref, owner, version, note string) map[string]any {
		return map[string]any{"title": title, "reference": ref, "type": "record", "lens": []string{"security", "privacy", "ai"},
			"version": version, "owner": owner, "approver": eleanor, "approval_date": "2026-02-12", "next_review": "2027-02-12",
			"classification": "confidential", "location": "Keel › Packs", "status": "approved", "change_note": note,
			"distribution": "Board; IMS steering group; certification body (stage 1 and 2)"}
	}
	soa, err := d.create("document", common("Statement of Applicability", "SOA-001", bjorn, "1.0",
		"First issue: ISO/IEC 27001:2022 Annex A and ISO/IEC 27701:2019 for the surveillance audit."))
	if err != nil {
		return err
	}
	if _, err := st.UpdateRecord(ctx, actor, "document", soa, map[string]any{"version": "1.1",
		"change_note": "ISO/IEC 42001:2023 Annex A added; A.7.5 and A.8.28 excluded with reasons."}); err != nil {
		return fmt.Errorf("demo SoA document: %w", err)
	}
	for _, p := range []struct{ title, ref, owner string }{
		{"Risk register and treatment plan", "RSK-001", siobhan},
		{"AI system inventory", "AIS-001", priya},
		{"Internal audit report", "AUD-001", siobhan},
		{"Management review", "MR-001", eleanor},
		{"Gap analysis and implementation plan", "GAP-001", siobhan},
	} {
		if _, err := d.create("document", common(p.title, p.ref, p.owner, "1.0", "First issue.")); err != nil {
			return err
		}
	}
	return nil
}

// statusEvidence are the documents that evidence some of the demo's controls, by control.
var statusEvidence = map[string]string{
	"iso27001-2022:A.5.1":   "POL-001 Information Security Policy v4.0 (approved 12 March 2026)",
	"iso27001-2022:A.5.19":  "STD-011 Supplier Security Requirements v2.0",
	"iso27001-2022:A.5.20":  "STD-011 Supplier Security Requirements v2.0\nSupplier contracts register, SharePoint › Procurement",
	"iso27001-2022:A.5.24":  "PRC-014 Incident and Breach Response Procedure v2.3",
	"iso27001-2022:A.5.26":  "PRC-014 Incident and Breach Response Procedure v2.3\nIncident register in Keel",
	"iso27701-2019:A.7.2.8": "REC-001 Record of Processing Activities",
	"iso27701-2019:A.7.3.2": "PRV-002 Privacy Notice for applicants v3.2",
	"iso42001-2023:A.2.2":   "POL-009 Responsible AI Policy v1.1",
}

// packs adds what the packs' document control and the SoA's evidence column read.
func packs(ctx context.Context, st ims.RecordService, actor ims.Actor) error {
	if err := packDocuments(ctx, st, actor); err != nil {
		return err
	}
	if err := addEvidence(ctx, st, actor); err != nil {
		return err
	}
	// What an auditor reads in the review and the audit report besides the headline
	// fields: 9.3.3 outputs, feedback from interested parties, audit objectives and method.
	for _, u := range []struct {
		kind, title string
		fields      map[string]any
	}{
		{"management_review", "Management review 2026", map[string]any{
			"improvement_decisions": "Automate the quarterly access review of the scoring platform\nTie drift thresholds to the AI objectives",
			"ims_changes":           "Bring the customer chatbot into the AIMS scope\nReview the exclusion of 27001 A.8.28 now that two AI systems are built in-house",
			"resource_needs":        "£25,000 for bias testing and monitoring tools in 2027\nA part-time AI governance analyst from Q2 2027"}},
		{"interested_party", "Financial Conduct Authority (FCA)", map[string]any{
			"feedback": "Supervisory letter (September 2026): asks for Consumer Duty outcome data on declined applicants."}},
		{"interested_party", "Loan applicants", map[string]any{
			"feedback": "14 complaints in 2026 about unclear decline reasons; 3 asked for a human review."}},
		{"audit", "AI lifecycle and model change (H1 2026)", map[string]any{
			"objectives": "Establish whether model changes follow the documented lifecycle and whether drift is monitored as planned.",
			"method":     "Interviews with the model owner and data science; sample of 7 release tickets; re-performance of one drift check."}},
		{"audit", "Access control and supplier security (H2 2026)", map[string]any{
			"objectives": "Establish whether joiner, mover and leaver access is controlled and processor agreements are current.",
			"method":     "Sample of 25 leavers against the directory export; review of privileged access lists; contract review."}},
	} {
		if err := updateByTitle(ctx, st, actor, u.kind, u.title, u.fields); err != nil {
			return err
		}
	}
	return nil
}

// updateByTitle updates the demo record of a kind with that title.
func updateByTitle(ctx context.Context, st ims.RecordService, actor ims.Actor, kind, title string, fields map[string]any) error {
	res, err := st.ListRecords(ctx, ims.ListQuery{Kind: kind})
	if err != nil {
		return err
	}
	for _, r := range res.Records {
		if r.Title == title {
			_, err := st.UpdateRecord(ctx, actor, kind, r.ID, fields)
			return err
		}
	}
	return fmt.Errorf("demo: no %s titled %q", kind, title)
}

// addEvidence records the evidence references of statusEvidence on the control statuses.
func addEvidence(ctx context.Context, st ims.RecordService, actor ims.Actor) error {
	res, err := st.ListRecords(ctx, ims.ListQuery{Kind: statusKind})
	if err != nil {
		return err
	}
	left := maps.Clone(statusEvidence)
	for _, r := range res.Records {
		item, _ := r.Fields["item"].(string)
		if ev, ok := left[item]; ok {
			if _, err := st.UpdateRecord(ctx, actor, statusKind, r.ID, map[string]any{"evidence": ev}); err != nil {
				return fmt.Errorf("demo evidence %s: %w", item, err)
			}
			delete(left, item)
		}
	}
	if len(left) > 0 {
		var missing []string
		for k := range left {
			missing = append(missing, k)
		}
		return fmt.Errorf("demo evidence: no status for %s", strings.Join(missing, ", "))
	}
	return nil
}
