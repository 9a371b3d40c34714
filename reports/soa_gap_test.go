package reports

import (
	"slices"
	"testing"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

// The SoA's implementation column of a 42001 control is the gap analysis's: a control the
// records show is implemented, with those records as evidence, though nobody set a status.
func TestSoAReadsTheGapAnalysis(t *testing.T) {
	s := standards(t)
	rules, err := gap.ParseRules(assets.EvidenceRules, s)
	if err != nil {
		t.Fatal(err)
	}
	sys := ims.Record{Kind: "ai_system", ID: "s1", Title: "Credit scorer", Fields: map[string]any{"stage": "deployment"}}
	mon := ims.Record{Kind: "monitoring_record", ID: "m1", Title: "Drift", Fields: map[string]any{"ai_system": "s1", "date": "2026-06-01"}}
	planned := statusRecord(1, "iso42001-2023:A.5.2", "planned", "", "")
	a, err := gap.AnalyseWith(s, gap.Inputs{Statuses: map[string]gap.Status{"iso42001-2023:A.5.2": gap.Planned}, Rules: rules, Now: "2026-06-30",
		Records: gap.NewRecords(map[string][]ims.Record{"ai_system": {sys}, "monitoring_record": {mon}})})
	if err != nil {
		t.Fatal(err)
	}
	snap := Snapshot{Standards: s, Records: map[string][]ims.Record{StatusKind: {planned}}, Gap: &a}
	stds, err := soaStandardsOf(snap, []string{catalog.ISO42001, catalog.ISO27001})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]soaRow{}
	for _, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				rows[catalog.Ref(st.cat.ID, r.item.ID)] = r
			}
		}
	}
	if r := rows["iso42001-2023:A.6.2.6"]; !r.assessed || r.status != gap.Implemented || !slices.Contains(r.evidence, "Credit scorer") {
		t.Errorf("A.6.2.6 shown by the records: %+v", r)
	}
	if r := rows["iso42001-2023:A.5.2"]; !r.assessed || r.status != gap.Planned {
		t.Errorf("A.5.2 recorded as planned: %+v", r)
	}
	if r := rows["iso42001-2023:A.6.2.5"]; r.assessed {
		t.Errorf("A.6.2.5, which nothing shows or sets: %+v", r)
	}
	if r := rows["iso27001-2022:A.5.1"]; r.assessed {
		t.Errorf("a 27001 control without a status: %+v", r)
	}
}
