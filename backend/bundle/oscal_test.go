package bundle_test

import (
	"encoding/json"
	"testing"

	"keel/backend/catalog"
	"keel/backend/catalog/oscaltest"
)

func validate(b []byte) error { return oscaltest.Validate(b, catalog.OSCALVersion) }

// The bundle's assessment results validate against the OSCAL schema, carry the evidence
// files as observations and the graded findings on their controls; and the validator can
// say no (a finding without its target fails).
func TestOSCALAssessmentResultsValidate(t *testing.T) {
	f := newFixture(t)
	files := entries(t, f.export(t))
	doc := files["oscal/assessment-results.json"]
	if err := validate(doc); err != nil {
		t.Fatalf("assessment-results does not validate: %v\n%s", err, doc)
	}
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	res := d["assessment-results"].(map[string]any)["results"].([]any)[0].(map[string]any)
	obs, _ := res["observations"].([]any)
	finds, _ := res["findings"].([]any)
	if len(obs) != 2 || len(finds) != 2 {
		t.Fatalf("%d observations, %d findings; want the 2 evidence files and the 2 findings", len(obs), len(finds))
	}
	states := map[string]string{}
	for _, x := range finds {
		tg := x.(map[string]any)["target"].(map[string]any)
		states[tg["target-id"].(string)] = tg["status"].(map[string]any)["state"].(string)
	}
	if states["A.5.18"] != "not-satisfied" || states["c5.2"] != "satisfied" {
		t.Errorf("finding states %v", states)
	}
	delete(finds[0].(map[string]any), "target")
	broken, _ := json.Marshal(d)
	if err := validate(broken); err == nil {
		t.Error("a finding without a target validates: the check proves nothing")
	}
}
