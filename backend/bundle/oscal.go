package bundle

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	oscal "github.com/defenseunicorns/go-oscal/src/types/oscal-1-2-2"
	"github.com/google/uuid"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// The OSCAL 1.2.2 assessment-results document of a bundle (oscal/assessment-results.json):
// one result for the bundle's period, each evidence file an observation pointing at its
// path in the bundle, and each internal-audit finding with a clause or control an OSCAL
// finding on that control (satisfied unless graded a nonconformity).

var oscalSpace = uuid.MustParse("0d6f7c2a-4b1e-4f55-9a53-2f8e6c1d7b90")

func oscalUUID(parts ...string) string {
	return uuid.NewSHA1(oscalSpace, []byte(strings.Join(parts, "\x00"))).String()
}

// AssessmentResults builds the document; files are the bundle's files written so far.
func AssessmentResults(m Manifest, recs map[string][]ims.Record, files []File) *oscal.OscalCompleteSchema {
	gen, _ := time.Parse(time.RFC3339, m.GeneratedAt)
	start, end := gen, (*time.Time)(nil)
	if t, err := time.Parse(time.DateOnly, m.Scope.From); err == nil {
		start = t
	}
	if t, err := time.Parse(time.DateOnly, m.Scope.To); err == nil {
		t = t.Add(24*time.Hour - time.Second)
		end = &t
	}
	id := m.Workspace.ID + "\x00" + m.GeneratedAt
	var observations []oscal.Observation
	obsOf := map[string]string{} // sha256 → observation uuid
	for _, f := range files {
		rest, ok := strings.CutPrefix(f.Path, "evidence/")
		if !ok {
			continue
		}
		_, name, _ := strings.Cut(rest, "/")
		u := oscalUUID(id, "observation", f.SHA256)
		obsOf[f.SHA256] = u
		observations = append(observations, oscal.Observation{
			UUID: u, Title: name, Description: "Evidence file " + name + " (SHA-256 " + f.SHA256 + ").",
			Methods: []string{"EXAMINE"}, Collected: gen,
			RelevantEvidence: &[]oscal.RelevantEvidence{{Href: f.Path, Description: "The file in this bundle."}},
		})
	}
	var findings []oscal.Finding
	audits := map[string]string{}
	for _, a := range recs["audit"] {
		audits[a.ID] = a.Title
	}
	for _, r := range recs["finding"] {
		ref, _ := r.Fields["ref"].(string)
		_, item, ok := catalog.SplitRef(strings.TrimSpace(ref))
		if !ok {
			continue
		}
		grade, _ := r.Fields["type"].(string)
		state, reason := "satisfied", "pass"
		if strings.Contains(grade, "nonconformity") {
			state, reason = "not-satisfied", "fail"
		}
		desc, _ := r.Fields["description"].(string)
		if strings.TrimSpace(desc) == "" {
			desc = r.Title
		}
		f := oscal.Finding{
			UUID: oscalUUID(id, "finding", r.ID), Title: r.Title, Description: desc,
			Target: oscal.FindingTarget{Type: "objective-id", TargetId: catalog.OSCALControlID(item),
				Title: ref, Status: oscal.ObjectiveStatus{State: state, Reason: reason}},
			Props: &[]oscal.Property{{Name: "grade", Ns: OSCALNamespace, Value: grade},
				{Name: "record", Ns: OSCALNamespace, Value: r.ID}},
		}
		if t := audits[str(r.Fields["audit"])]; t != "" {
			f.Remarks = "Internal audit: " + t
		}
		findings = append(findings, f)
	}
	res := oscal.Result{
		UUID: oscalUUID(id, "result"), Title: "Evidence bundle: " + m.Organisation,
		Description: "The records, history and evidence files in this bundle, and the internal audit findings recorded in Keel.",
		Start:       start, End: end,
		ReviewedControls: oscal.ReviewedControls{ControlSelections: []oscal.AssessedControls{{IncludeAll: &oscal.IncludeAll{}}}},
	}
	if len(observations) > 0 {
		res.Observations = &observations
	}
	if len(findings) > 0 {
		res.Findings = &findings
	}
	return &oscal.OscalCompleteSchema{AssessmentResults: &oscal.AssessmentResults{
		UUID: oscalUUID(id, "assessment-results"),
		Metadata: oscal.Metadata{
			Title: "Keel evidence bundle for " + m.Organisation, Version: m.GeneratedAt,
			OscalVersion: oscal.Version, LastModified: gen,
			Remarks: "Made by " + m.Generator + " from workspace " + m.Workspace.Name + ".",
		},
		ImportAp: oscal.ImportAp{Href: "#", Remarks: "No OSCAL assessment plan: the plan is the internal audit programme in records/audit.json."},
		Results:  []oscal.Result{res},
	}}
}

// OSCALNamespace qualifies Keel's own property names.
const OSCALNamespace = catalog.OSCALNamespace

func writeOSCAL(w io.Writer, m Manifest, recs map[string][]ims.Record, files []File) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(AssessmentResults(m, recs, files))
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
