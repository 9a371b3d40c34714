package bundle

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// Importing a response into the client's workspace: one audit record for the external
// audit, each finding a finding record linked to it (grade, requirement, the auditor's
// words, what was sampled, the auditor's fingerprint), written as one batch, all or
// nothing. The store's follow-up rule raises a nonconformity for each minor or major
// finding, linked from it and against its requirement; those are then marked as coming
// from an external audit.

// BatchWriter is the store's batch write (app.WorkspaceStore has it).
type BatchWriter interface {
	ims.RecordService
	WriteRecords(ctx context.Context, actor ims.Actor, kind string, writes []ims.RecordWrite) ([]ims.Record, error)
}

// ResponseImport is what importing a response wrote.
type ResponseImport struct {
	Audit         string   `json:"audit"`         // the audit record's id
	Findings      []string `json:"findings"`      // finding record ids, in the response's order
	Nonconformity []string `json:"nonconformity"` // nonconformity ids raised
	Auditor       string   `json:"auditor"`       // the auditor's name
	Fingerprint   string   `json:"fingerprint"`   // the auditor's key
	ManifestHash  string   `json:"manifest_hash"` // the bundle it answers
	Grades        []string `json:"grades"`        // each finding's grade
}

// ImportResponse writes a checked response (ReadResponse) into the workspace.
func ImportResponse(ctx context.Context, st BatchWriter, actor ims.Actor, resp *Response) (ResponseImport, error) {
	res := ResponseImport{Auditor: resp.Auditor.Name, Fingerprint: resp.Auditor.Fingerprint, ManifestHash: resp.BundleManifestHash}
	who := resp.Auditor.Name
	if resp.Auditor.Organisation != "" {
		who += " (" + resp.Auditor.Organisation + ")"
	}
	signed := fmt.Sprintf("Signed by %s with key %s on %s; answers the evidence bundle with manifest SHA-256 %s.",
		who, resp.Auditor.Fingerprint, resp.SignedAt, resp.BundleManifestHash)
	var criteria []string
	standards := map[string]bool{}
	for _, f := range resp.Findings {
		if f.Requirement != "" {
			criteria = append(criteria, f.Requirement)
			cat, _, _ := catalog.SplitRef(f.Requirement)
			for _, s := range ims.AuditStandards {
				if strings.Contains(cat, strings.TrimPrefix(s, "ISO/IEC ")) {
					standards[s] = true
				}
			}
		}
	}
	var stds []string
	for _, s := range ims.AuditStandards {
		if standards[s] || len(standards) == 0 {
			stds = append(stds, s)
		}
	}
	summary := signed
	if notes := strings.TrimSpace(resp.SamplingNotes); notes != "" {
		summary = "Sampling notes: " + notes + "\n\n" + signed
	}
	auditID := uuid.NewString()
	date := resp.SignedAt[:10]
	writes := []ims.RecordWrite{{Kind: "audit", ID: auditID, Create: true, Fields: map[string]any{
		"title":        ims.Clip("External audit by "+who+", "+date, 200),
		"standards":    stds,
		"criteria":     strings.Join(dedupe(criteria), "\n"),
		"lead_auditor": ims.Clip(resp.Auditor.Name, 200),
		"auditors":     ims.Clip(resp.Auditor.Organisation, 500),
		"planned_end":  date,
		"status":       "reported",
		"summary":      ims.Clip(summary, 10000),
	}}}
	for _, f := range resp.Findings {
		title := strings.TrimSpace(f.Text)
		if i := strings.IndexByte(title, '\n'); i >= 0 {
			title = strings.TrimSpace(title[:i])
		}
		fields := map[string]any{
			"title":       ims.Clip(title, 200),
			"audit":       auditID,
			"type":        f.Grade,
			"description": ims.Clip(f.Text+"\n\n— "+who+", key "+resp.Auditor.Fingerprint, 10000),
		}
		if f.Requirement != "" {
			fields["ref"] = f.Requirement
		}
		var seen []string
		if len(f.Records) > 0 {
			seen = append(seen, "Records sampled: "+strings.Join(f.Records, ", "))
		}
		if len(f.Evidence) > 0 {
			seen = append(seen, "Evidence files sampled (SHA-256): "+strings.Join(f.Evidence, ", "))
		}
		if len(seen) > 0 {
			fields["evidence"] = ims.Clip(strings.Join(seen, "\n"), 10000)
		}
		writes = append(writes, ims.RecordWrite{Kind: "finding", ID: uuid.NewString(), Create: true, Fields: fields})
		res.Grades = append(res.Grades, f.Grade)
	}
	out, err := st.WriteRecords(ctx, actor, "", writes)
	if err != nil {
		return ResponseImport{}, err
	}
	res.Audit = out[0].ID
	var ncs []ims.RecordWrite
	for _, r := range out[1:] {
		res.Findings = append(res.Findings, r.ID)
		if nc, _ := r.Fields["nonconformity"].(string); nc != "" {
			res.Nonconformity = append(res.Nonconformity, nc)
			ncs = append(ncs, ims.RecordWrite{ID: nc, Fields: map[string]any{"source": "external audit"}})
		}
	}
	if len(ncs) > 0 {
		if _, err := st.WriteRecords(ctx, actor, "nonconformity", ncs); err != nil {
			return res, fmt.Errorf("the findings were imported, but their nonconformities could not be marked as from an external audit: %w", err)
		}
	}
	return res, nil
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
