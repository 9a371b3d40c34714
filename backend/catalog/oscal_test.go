package catalog

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/defenseunicorns/go-oscal/src/pkg/validation"

	"keel/backend/catalog/oscaltest"
)

var exportTime = time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)

// validateOSCAL checks a document against the OSCAL 1.2.2 JSON schema bundled in go-oscal.
func validateOSCAL(t *testing.T, name string, doc any) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := oscaltest.Validate(b, OSCALVersion); err != nil {
		t.Fatalf("%s %v", name, err)
	}
}

func TestOSCALExportValidates(t *testing.T) {
	s := mustLoad(t)
	files := OSCALFiles(s, exportTime)
	if len(files) != 6 {
		t.Fatalf("%d OSCAL files, want 5 catalogs and 1 mapping-collection", len(files))
	}
	for name, doc := range files {
		t.Run(name, func(t *testing.T) { validateOSCAL(t, name, doc) })
	}
}

// The validator must be able to say no, or the test above proves nothing.
func TestOSCALValidatorRejectsBrokenDocuments(t *testing.T) {
	s := mustLoad(t)
	for name, breakDoc := range map[string]func(map[string]any){
		"relationship missing": func(d map[string]any) {
			mc := d["mapping-collection"].(map[string]any)
			m := mc["mappings"].([]any)[0].(map[string]any)
			delete(m["maps"].([]any)[0].(map[string]any), "relationship")
		},
		"mapping item type outside the enum": func(d map[string]any) {
			mc := d["mapping-collection"].(map[string]any)
			m := mc["mappings"].([]any)[0].(map[string]any)
			src := m["maps"].([]any)[0].(map[string]any)["sources"].([]any)[0].(map[string]any)
			src["type"] = "clause"
		},
		"unknown provenance status": func(d map[string]any) {
			d["mapping-collection"].(map[string]any)["provenance"].(map[string]any)["status"] = "final"
		},
	} {
		t.Run(name, func(t *testing.T) {
			b, _ := json.Marshal(OSCALMappings(s, exportTime))
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			breakDoc(doc)
			b, _ = json.Marshal(doc)
			wantRejected(t, b, "a broken document validated")
		})
	}
}

func TestOSCALValidatorRejectsRawClauseNumbers(t *testing.T) {
	s := mustLoad(t)
	c, _ := s.Catalogue(ISO42001)
	b, _ := json.Marshal(OSCALCatalog(c, exportTime))
	b = []byte(strings.Replace(string(b), `"id":"c4"`, `"id":"4"`, 1))
	wantRejected(t, b, "a control id starting with a digit validated; OSCAL ids must be NCNames")
}

// wantRejected fails the test (with why) when the OSCAL schema accepts the document b.
func wantRejected(t *testing.T, b []byte, why string) {
	t.Helper()
	v, err := validation.NewValidatorDesiredVersion(b, OSCALVersion)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(); err == nil {
		t.Error(why)
	}
}

func TestOSCALContent(t *testing.T) {
	s := mustLoad(t)
	// Control IDs stay unique after conversion to NCNames.
	for _, c := range s.Catalogues {
		seen := map[string]string{}
		for _, it := range c.Items {
			id := OSCALControlID(it.ID)
			if prev, dup := seen[id]; dup {
				t.Errorf("%s: %s and %s both become %s", c.ID, prev, it.ID, id)
			}
			seen[id] = it.ID
		}
	}
	for in, want := range map[string]string{"6.1.4": "c6.1.4", "A.10.3": "A.10.3", "Art.6(1)(ea)": "Art.6-1-ea", "s.164A": "s.164A", "10": "c10"} {
		if got := OSCALControlID(in); got != want {
			t.Errorf("OSCALControlID(%q) = %q, want %q", in, got, want)
		}
	}
	doc := OSCALMappings(s, exportTime)
	maps, gaps := 0, 0
	var example bool
	for _, m := range doc.MappingCollection.Mappings {
		maps += len(m.Maps)
		if m.SourceGapSummary != nil {
			gaps += len(*m.SourceGapSummary.UnmappedControls[0].WithIds)
		}
		for _, mp := range m.Maps {
			if mp.Sources[0].IDRef == "A.10.3" && mp.Targets[0].IDRef == "A.5.19" && m.TargetResource.Href == "iso27001-2022.oscal.json" {
				example = mp.Relationship == "intersects-with" && mp.Props != nil && (*mp.Props)[0].Value == "extend"
			}
		}
	}
	noRel := 0
	for _, m := range s.Crosswalk {
		if m.Relationship == NoRelationship {
			noRel++
		}
	}
	if maps != len(s.Crosswalk)-noRel {
		t.Errorf("%d maps, want %d (every row but the no-relationship ones)", maps, len(s.Crosswalk)-noRel)
	}
	if gaps == 0 {
		t.Error("no source-gap-summary entries, though some 42001 items have only no-relationship rows to a catalogue")
	}
	if !example {
		t.Error("A.10.3 -> A.5.19 intersects-with with gap-class extend missing")
	}
	// Same data, same document: UUIDs are stable.
	a, _ := json.Marshal(OSCALMappings(s, exportTime))
	b, _ := json.Marshal(OSCALMappings(s, exportTime))
	if string(a) != string(b) {
		t.Error("two exports of the same data differ")
	}
}
