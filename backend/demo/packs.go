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
	return addEvidence(ctx, st, actor)
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
