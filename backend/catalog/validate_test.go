package catalog

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// Each case breaks one thing in a copy of the shipped data; the error must name the item or
// row at fault and say what is wrong.
func TestValidateFindsBrokenData(t *testing.T) {
	base := mustLoad(t)
	item := func(s *Standards, catalogue, id string) *Item {
		c, _ := s.Catalogue(catalogue)
		for i := range c.Items {
			if c.Items[i].ID == id {
				return &c.Items[i]
			}
		}
		t.Fatalf("%s:%s not in the data", catalogue, id)
		return nil
	}
	row := func(s *Standards, from, to string) *Mapping {
		for i := range s.Crosswalk {
			if s.Crosswalk[i].From == from && s.Crosswalk[i].To == to {
				return &s.Crosswalk[i]
			}
		}
		t.Fatalf("row %s -> %s not in the data", from, to)
		return nil
	}
	dropRows := func(s *Standards, keep func(Mapping) bool) {
		out := s.Crosswalk[:0]
		for _, m := range s.Crosswalk {
			if keep(m) {
				out = append(out, m)
			}
		}
		s.Crosswalk = out
	}
	cases := []struct {
		name   string
		break_ func(s *Standards)
		want   []string // substrings of one problem: the reference and the complaint
	}{
		{"duplicate item id", func(s *Standards) {
			c, _ := s.Catalogue(ISO27001)
			c.Items = append(c.Items, c.Items[len(c.Items)-1])
		}, []string{"iso27001-2022:A.8.34: duplicate item id"}},
		{"missing parent", func(s *Standards) { item(s, ISO42001, "A.10.3").Parent = "A.11" },
			[]string{`iso42001-2023:A.10.3: parent "A.11" does not exist`}},
		{"parent cycle", func(s *Standards) { item(s, ISO42001, "A.6").Parent = "A.6.2.4" },
			[]string{"iso42001-2023:A.6: is its own ancestor"}},
		{"unknown kind", func(s *Standards) { item(s, ISO27701v2025, "A.3.17").Kind = "requirement" },
			[]string{`iso27701-2025:A.3.17: kind "requirement" is not one of`}},
		{"empty description", func(s *Standards) { item(s, UKDP, "Art.33(1)").Description = " " },
			[]string{"uk-dp:Art.33(1): description is empty"}},
		{"two-line description", func(s *Standards) { item(s, ISO42001, "6.1.4").Description = "One.\nTwo." },
			[]string{"iso42001-2023:6.1.4: description must be one line"}},
		{"long description", func(s *Standards) { item(s, ISO42001, "8.4").Description = strings.Repeat("x", MaxDescription+1) },
			[]string{"iso42001-2023:8.4: description is 201 characters"}},
		{"requirement wording pasted in", func(s *Standards) {
			item(s, ISO27001, "A.5.1").Description = "Policies shall be defined and approved."
		}, []string{`iso27001-2022:A.5.1: description contains "shall"`}},
		{"empty title", func(s *Standards) { item(s, ISO27701v2019, "A.7.2.5").Title = "" },
			[]string{"iso27701-2019:A.7.2.5: title is empty"}},
		{"missing catalogue", func(s *Standards) { s.Catalogues = s.Catalogues[:4] },
			[]string{"uk-dp: catalogue is missing"}},
		{"empty notice", func(s *Standards) { s.Catalogues[0].Notice = "" },
			[]string{"iso42001-2023: catalogue notice is empty"}},
		{"crosswalk target missing", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").To = "iso27001-2022:A.5.38"
		}, []string{`iso42001-2023:A.10.3 -> iso27001-2022:A.5.38: target "iso27001-2022:A.5.38" does not exist`}},
		{"crosswalk source in unknown catalogue", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").From = "iso42001-2022:A.10.3"
		}, []string{`source "iso42001-2022:A.10.3" does not exist`}},
		{"relationship outside the set", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").Relationship = "related"
		}, []string{`iso42001-2023:A.10.3 -> iso27001-2022:A.5.19: relationship "related" is not one of`}},
		{"empty rationale", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").Rationale = ""
		}, []string{"iso42001-2023:A.10.3 -> iso27001-2022:A.5.19: rationale is empty"}},
		{"42001 row without class", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").Class = ""
		}, []string{"iso42001-2023:A.10.3 -> iso27001-2022:A.5.19: row from iso42001-2023 has no class"}},
		{"class outside the set", func(s *Standards) {
			row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19").Class = "partial"
		}, []string{`class "partial" is not one of inherit, extend, new`}},
		{"duplicate row", func(s *Standards) {
			s.Crosswalk = append(s.Crosswalk, *row(s, "iso42001-2023:A.10.3", "iso27001-2022:A.5.19"))
		}, []string{"iso42001-2023:A.10.3 -> iso27001-2022:A.5.19: duplicate row"}},
		{"42001 control with no rows", func(s *Standards) {
			dropRows(s, func(m Mapping) bool { return m.From != "iso42001-2023:A.5.5" })
		}, []string{"iso42001-2023:A.5.5: has no crosswalk row with a class"}},
		{"42001 clause not mapped to 27701:2019", func(s *Standards) {
			dropRows(s, func(m Mapping) bool {
				return !(m.From == "iso42001-2023:9.1" && strings.HasPrefix(m.To, ISO27701v2019+":"))
			})
		}, []string{"iso42001-2023:9.1: has no crosswalk row to iso27701-2019"}},
		{"UK article not mapped to 27701:2025", func(s *Standards) {
			dropRows(s, func(m Mapping) bool {
				return !(m.From == "uk-dp:Art.32" && strings.HasPrefix(m.To, ISO27701v2025+":"))
			})
		}, []string{"uk-dp:Art.32: has no crosswalk row to iso27701-2025"}},
		{"settled title still flagged", func(s *Standards) { item(s, ISO27701v2025, "A.1.3.7").Unverified = true },
			[]string{"iso27701-2025:A.1.3.7: two sources agree on the title and none conflicts: lift the unverified flag"}},
		{"flag lifted on one source", func(s *Standards) {
			for i := range s.checks {
				if s.checks[i].Ref == "iso27701-2025:A.1.3.7" {
					s.checks[i].Sources = s.checks[i].Sources[:1]
				}
			}
		}, []string{"iso27701-2025:A.1.3.7: title not settled by two agreeing sources without conflict"}},
		{"flag lifted despite a conflict", func(s *Standards) { item(s, ISO27701v2025, "A.2.3.2").Unverified = false },
			[]string{"iso27701-2025:A.2.3.2: title not settled"}},
		{"title check for another title", func(s *Standards) { item(s, ISO27701v2025, "A.1.5").Title = "PII sharing, transfer, and disclosure" },
			[]string{`iso27701-2025:A.1.5: title check is for "PII sharing, transfer and disclosure"`}},
		{"process satisfies a missing item", func(s *Standards) { s.Processes[0].Satisfies[0] = "iso42001-2023:6.1.9" },
			[]string{`process:risk: satisfies "iso42001-2023:6.1.9", which does not exist`}},
		{"process misses a standard", func(s *Standards) {
			p := &s.Processes[7]
			var keep []string
			for _, r := range p.Satisfies {
				if !strings.HasPrefix(r, ISO27001+":") {
					keep = append(keep, r)
				}
			}
			p.Satisfies = keep
		}, []string{"process:objectives: satisfies nothing in iso27001-2022"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := clone(t, base)
			tc.break_(s)
			err := Validate(s)
			var v *ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			for _, w := range tc.want {
				found := false
				for _, p := range v.Problems {
					if strings.Contains(p.String(), w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem mentions %q; got: %v", w, err)
				}
			}
		})
	}
	if err := Validate(clone(t, base)); err != nil {
		t.Fatalf("an unbroken copy fails: %v", err)
	}
}

// Faults only the file form can have: strict decoding, file names, file-level catalogues.
func TestLoadRejectsBadFiles(t *testing.T) {
	good := func() fstest.MapFS {
		return fstest.MapFS{
			"catalog/iso42001-2023.json": {Data: []byte(`{"id":"iso42001-2023","title":"t","edition":"2023","notice":"n","items":[]}`)},
			"processes.json":             {Data: []byte(`{"processes":[]}`)},
		}
	}
	for _, tc := range []struct {
		name string
		edit func(fstest.MapFS)
		want string
	}{
		{"unknown field", func(f fstest.MapFS) {
			f["catalog/iso42001-2023.json"] = &fstest.MapFile{Data: []byte(`{"id":"iso42001-2023","titel":"t","items":[]}`)}
		}, `unknown field "titel"`},
		{"file named after another id", func(f fstest.MapFS) {
			f["catalog/iso27001-2022.json"] = f["catalog/iso42001-2023.json"]
		}, "must be named after its id"},
		{"row outside its file's catalogues", func(f fstest.MapFS) {
			f["crosswalk/x.json"] = &fstest.MapFile{Data: []byte(`{"from":"iso42001-2023","to":"iso27001-2022","author":"a","rows":[` +
				`{"from":"uk-dp:Art.30(1)","to":"iso27001-2022:A.5.1","relationship":"intersect","rationale":"r."}]}`)}
		}, "must start in iso42001-2023"},
		{"crosswalk file without author", func(f fstest.MapFS) {
			f["crosswalk/x.json"] = &fstest.MapFile{Data: []byte(`{"rows":[]}`)}
		}, "crosswalk/x.json: crosswalk file has no author"},
		{"no processes file", func(f fstest.MapFS) { delete(f, "processes.json") }, "processes.json"},
		{"no catalogues", func(f fstest.MapFS) { delete(f, "catalog/iso42001-2023.json") }, "no catalog/*.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := good()
			tc.edit(f)
			_, err := Load(f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}
