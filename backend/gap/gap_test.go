package gap_test

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/gap"
)

// Every expected value below was written by hand from the crosswalk files in
// assets/crosswalk (iso42001-2023_*.json), reading each 42001 item's rows: its class is the
// strongest class of its rows; with statuses, the strongest class among rows whose targets
// are implemented and whose relationship is not no-relationship. Nothing is computed from
// the code under test.

func load(t *testing.T) *catalog.Standards {
	t.Helper()
	s, err := catalog.Load(assets.Standards)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(s string) []string { return strings.Fields(s) }

// The 70 assessable 42001 items: 32 leaf clauses and 38 controls.
var (
	leafClauses = ids("4.1 4.2 4.3 4.4 5.1 5.2 5.3 6.1.1 6.1.2 6.1.3 6.1.4 6.2 6.3 7.1 7.2 7.3 7.4 7.5.1 7.5.2 7.5.3 " +
		"8.1 8.2 8.3 8.4 9.1 9.2.1 9.2.2 9.3.1 9.3.2 9.3.3 10.1 10.2")
	controls = ids("A.2.2 A.2.3 A.2.4 A.3.2 A.3.3 A.4.2 A.4.3 A.4.4 A.4.5 A.4.6 A.5.2 A.5.3 A.5.4 A.5.5 " +
		"A.6.1.2 A.6.1.3 A.6.2.2 A.6.2.3 A.6.2.4 A.6.2.5 A.6.2.6 A.6.2.7 A.6.2.8 A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 " +
		"A.8.2 A.8.3 A.8.4 A.8.5 A.9.2 A.9.3 A.9.4 A.10.2 A.10.3 A.10.4")
	// The crosswalk class of each item (the strongest of its rows); the rest are extend.
	classInherit = ids("4.4 6.3 7.1 7.4 7.5.1 7.5.2 7.5.3 9.2.1 9.2.2 9.3.1 9.3.3 10.1 10.2 A.2.4")
	classNew     = ids("6.1.4 8.4 A.4.3 A.4.4 A.5.2 A.5.3 A.5.4 A.5.5 A.6.1.2 A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 " +
		"A.8.3 A.8.5 A.9.2 A.9.3 A.9.4")
)

// expectedResults gives every item not listed the default result.
func expectedResults(def gap.Result, other map[gap.Result]string) map[string]gap.Result {
	out := map[string]gap.Result{}
	for _, id := range append(slices.Clone(leafClauses), controls...) {
		out[id] = def
	}
	for r, list := range other {
		for _, id := range ids(list) {
			out[id] = r
		}
	}
	return out
}

type cov struct {
	group                                   string
	total, done, inh, ext, new, na, covered int
	percent                                 float64
}

type scenario struct {
	name     string
	statuses map[string]gap.Status
	results  map[string]gap.Result
	// inherited_from of chosen items, and a prefix of their todo line
	inherited map[string][]string
	todo      map[string]string
	status    map[string]gap.Status // own status of chosen items
	coverage  []cov                 // chosen groups and totals
	steps     [7][2]int             // per step: total applicable, covered
	open      map[int][]string      // chosen steps: the open items in order
	proofs    [4][3]int             // per proof: met, missing, not applicable
	proofMet  map[int][]string
}

func all(s *catalog.Standards, status gap.Status, cats ...string) map[string]gap.Status {
	out := map[string]gap.Status{}
	for _, id := range cats {
		c, _ := s.Catalogue(id)
		for _, it := range c.Items {
			out[catalog.Ref(id, it.ID)] = status
		}
	}
	return out
}

func TestAnalyse(t *testing.T) {
	s := load(t)
	with := func(base map[string]gap.Status, kv ...string) map[string]gap.Status {
		out := map[string]gap.Status{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = gap.Status(kv[i+1])
		}
		return out
	}
	// All of 27001 implemented: same-number clauses and the Annex A controls named in the rows.
	met27001 := "4.4 6.3 7.1 7.4 7.5.1 7.5.2 7.5.3 9.2.1 9.2.2 9.3.1 9.3.3 10.1 10.2 A.2.4"
	// New even with all of 27001: rows of class new, or whose only 27001 row is no-relationship.
	new27001 := "6.1.4 8.4 A.4.3 A.4.4 A.5.2 A.5.3 A.5.4 A.5.5 A.6.1.2 A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 " +
		"A.8.2 A.8.3 A.8.5 A.9.2 A.9.3 A.9.4 A.10.4"
	// With 27701:2019 as well, A.8.2 (A.7.3.2/A.7.3.3) and A.10.4 (B.8.2.1/B.8.2.5) become extend.
	new27701 := "6.1.4 8.4 A.4.3 A.4.4 A.5.2 A.5.3 A.5.4 A.5.5 A.6.1.2 A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 " +
		"A.8.3 A.8.5 A.9.2 A.9.3 A.9.4"

	scenarios := []scenario{
		{
			name:      "nothing implemented",
			statuses:  map[string]gap.Status{},
			results:   expectedResults(gap.ToBuild, nil),
			inherited: map[string][]string{"A.10.3": {}, "4.4": {}},
			todo: map[string]string{
				"4.4":    "Implement iso27001-2022:4.4 (or its 27701 match) first, then",
				"A.10.3": "Implement iso27001-2022:A.5.19 (or its 27701 match) first, then add AI expectations to supplier",
				"A.5.5":  "Build for AI: assess societal impacts of AI systems.",
				"A.10.4": "Implement iso27701-2019:B.8.2.1 first, then meet customers'",
			},
			coverage: []cov{
				{"4", 4, 0, 0, 0, 4, 0, 0, 0}, {"9", 6, 0, 0, 0, 6, 0, 0, 0}, {"A.6", 9, 0, 0, 0, 9, 0, 0, 0},
				{"A.10", 3, 0, 0, 0, 3, 0, 0, 0},
				{"clauses", 32, 0, 0, 0, 32, 0, 0, 0}, {"annex", 38, 0, 0, 0, 38, 0, 0, 0}, {"all", 70, 0, 0, 0, 70, 0, 0, 0},
			},
			steps: [7][2]int{{17, 0}, {8, 0}, {8, 0}, {13, 0}, {11, 0}, {5, 0}, {8, 0}},
			open: map[int][]string{
				3: ids("A.4.2 A.4.3 A.4.4 A.4.5 A.4.6 A.10.2 A.10.3 A.10.4"),
				6: ids("A.7.2 A.7.3 A.7.4 A.7.5 A.7.6"),
			},
			proofs: [4][3]int{{0, 9, 0}, {0, 12, 0}, {0, 21, 0}, {0, 15, 0}},
		},
		{
			name:     "all of 27001 implemented",
			statuses: all(s, gap.Implemented, catalog.ISO27001),
			results:  expectedResults(gap.ToExtend, map[gap.Result]string{gap.MetByInheritance: met27001, gap.ToBuild: new27001}),
			inherited: map[string][]string{
				"A.10.3": {"iso27001-2022:A.5.19", "iso27001-2022:A.5.20", "iso27001-2022:A.5.21", "iso27001-2022:A.5.22", "iso27001-2022:A.5.23"},
				"A.5.2":  {"iso27001-2022:6.1.2"}, // reuses the risk-assessment process (class new)
				"6.1.4":  {"iso27001-2022:6.1.2"},
				"A.7.3":  {"iso27001-2022:A.5.19", "iso27001-2022:A.5.32"},
				"A.4.4":  {"iso27001-2022:A.5.9", "iso27001-2022:A.8.19"},
				"10.2":   {"iso27001-2022:10.2"},
				"A.8.2":  {"iso27001-2022:A.5.37"}, // reuses the documented-procedures routine (class new)
			},
			todo: map[string]string{
				"A.10.3": "Extend iso27001-2022:A.5.19, iso27001-2022:A.5.20, iso27001-2022:A.5.21, iso27001-2022:A.5.22, iso27001-2022:A.5.23: add AI expectations",
				"10.2":   "Met through iso27001-2022:10.2: confirm its scope covers AI systems",
				"A.7.3":  "Build for AI: record how AI data is acquired and from where (reuse what iso27001-2022:A.5.19, iso27001-2022:A.5.32 gives).",
			},
			coverage: []cov{
				{"4", 4, 0, 1, 3, 0, 0, 1, 25}, {"5", 3, 0, 0, 3, 0, 0, 0, 0}, {"6", 6, 0, 1, 4, 1, 0, 1, 16.7},
				{"7", 7, 0, 5, 2, 0, 0, 5, 71.4}, {"8", 4, 0, 0, 3, 1, 0, 0, 0}, {"9", 6, 0, 4, 2, 0, 0, 4, 66.7},
				{"10", 2, 0, 2, 0, 0, 0, 2, 100},
				{"A.2", 3, 0, 1, 2, 0, 0, 1, 33.3}, {"A.5", 4, 0, 0, 0, 4, 0, 0, 0}, {"A.8", 4, 0, 0, 1, 3, 0, 0, 0},
				{"A.10", 3, 0, 0, 2, 1, 0, 0, 0},
				{"clauses", 32, 0, 13, 17, 2, 0, 13, 40.6}, {"annex", 38, 0, 1, 18, 19, 0, 1, 2.6},
				{"all", 70, 0, 14, 35, 21, 0, 14, 20},
			},
			steps:    [7][2]int{{17, 7}, {8, 0}, {8, 0}, {13, 0}, {11, 1}, {5, 0}, {8, 6}},
			open:     map[int][]string{7: {"9.1", "9.3.2"}, 2: ids("6.1.1 6.1.2 6.1.3 6.1.4 A.5.2 A.5.3 A.5.4 A.5.5")},
			proofs:   [4][3]int{{0, 9, 0}, {0, 12, 0}, {1, 20, 0}, {0, 15, 0}},
			proofMet: map[int][]string{3: {"iso42001-2023:10.2"}},
		},
		{
			name:     "27001 and 27701:2019 implemented",
			statuses: all(s, gap.Implemented, catalog.ISO27001, catalog.ISO27701v2019),
			results:  expectedResults(gap.ToExtend, map[gap.Result]string{gap.MetByInheritance: met27001, gap.ToBuild: new27701}),
			inherited: map[string][]string{
				"A.4.2":  {"iso27001-2022:A.5.9", "iso27701-2019:A.7.2.8"},
				"6.1.4":  {"iso27001-2022:6.1.2", "iso27701-2019:A.7.2.5"},
				"A.10.4": {"iso27001-2022:A.5.20", "iso27701-2019:B.8.2.1", "iso27701-2019:B.8.2.5"},
				"A.8.2":  {"iso27001-2022:A.5.37", "iso27701-2019:A.7.3.2", "iso27701-2019:A.7.3.3"},
				"A.5.5":  {"iso27001-2022:6.1.2", "iso27701-2019:A.7.2.5"}, // both reused in part (class new)
				"6.3":    {"iso27001-2022:6.3"},                            // 27701:2019 5.4 is no-relationship
			},
			todo: map[string]string{
				"6.1.4": "Build for AI: set up an AI system impact assessment process (reuse what iso27001-2022:6.1.2, iso27701-2019:A.7.2.5 gives).",
				"A.8.2": "Extend iso27001-2022:A.5.37, iso27701-2019:A.7.3.2, iso27701-2019:A.7.3.3: give users",
			},
			coverage: []cov{
				{"4", 4, 0, 1, 3, 0, 0, 1, 25}, {"A.8", 4, 0, 0, 2, 2, 0, 0, 0}, {"A.10", 3, 0, 0, 3, 0, 0, 0, 0},
				{"annex", 38, 0, 1, 20, 17, 0, 1, 2.6}, {"all", 70, 0, 14, 37, 19, 0, 14, 20},
			},
			steps:  [7][2]int{{17, 7}, {8, 0}, {8, 0}, {13, 0}, {11, 1}, {5, 0}, {8, 6}},
			proofs: [4][3]int{{0, 9, 0}, {0, 12, 0}, {1, 20, 0}, {0, 15, 0}},
		},
		{
			name: "mixed",
			statuses: with(nil,
				"iso42001-2023:5.2", "implemented",
				"iso42001-2023:A.2.2", "implemented",
				"iso42001-2023:A.5.5", "not-applicable",
				"iso42001-2023:4.4", "not-applicable", // a clause cannot be excluded
				"iso42001-2023:A.3.2", "partial",
				"iso27001-2022:4.4", "implemented",
				"iso27001-2022:A.5.1", "implemented",
				"iso27001-2022:A.5.9", "implemented",
				"iso27001-2022:A.8.19", "partial", // partial does not carry anything
				"iso27001-2022:9.2.1", "implemented",
				"iso27001-2022:9.2.2", "planned",
				"iso27001-2022:6.1.2", "implemented",
				"iso27701-2019:B.8.2.1", "implemented",
				"uk-dp:Art.30(1)", "implemented",
				"uk-dp:Art.22C", "not-applicable",
			),
			results: expectedResults(gap.ToBuild, map[gap.Result]string{
				gap.Done:             "5.2 A.2.2",
				gap.MetByInheritance: "4.4 A.2.4 9.2.1",
				gap.ToExtend:         "6.1.2 A.2.3 A.4.2 A.10.2 A.10.4",
				gap.Excluded:         "A.5.5",
			}),
			inherited: map[string][]string{
				"A.2.2":  {"iso27001-2022:A.5.1"},
				"A.4.3":  {"iso27001-2022:A.5.9"},
				"A.4.4":  {"iso27001-2022:A.5.9"},
				"A.7.2":  {"iso27001-2022:A.5.9"}, // reused in part (class new)
				"6.1.4":  {"iso27001-2022:6.1.2"}, // reuses the risk-assessment process (class new)
				"A.10.4": {"iso27701-2019:B.8.2.1"},
				"9.2.2":  {},
			},
			status: map[string]gap.Status{"4.4": gap.NotApplicable, "A.3.2": gap.Partial, "A.5.5": gap.NotApplicable, "5.2": gap.Implemented, "A.7.2": gap.NotStarted},
			todo: map[string]string{
				"4.4":   "Clauses 4–10 cannot be excluded: only Annex A controls may be not applicable. Met through iso27001-2022:4.4",
				"A.3.2": "Implement iso27001-2022:A.5.2 (or its 27701 match) first, then define AI roles and responsibilities.",
				"A.5.5": "Excluded: keep the justification",
				"5.2":   "",
			},
			coverage: []cov{
				{"4", 4, 0, 1, 0, 3, 0, 1, 25}, {"5", 3, 1, 0, 0, 2, 0, 1, 33.3}, {"6", 6, 0, 0, 1, 5, 0, 0, 0},
				{"9", 6, 0, 1, 0, 5, 0, 1, 16.7}, {"A.2", 3, 1, 1, 1, 0, 0, 2, 66.7}, {"A.5", 4, 0, 0, 0, 3, 1, 0, 0},
				{"A.10", 3, 0, 0, 2, 1, 0, 0, 0},
				{"clauses", 32, 1, 2, 1, 28, 0, 3, 9.4}, {"annex", 38, 1, 1, 4, 31, 1, 2, 5.4},
				{"all", 70, 2, 3, 5, 59, 1, 5, 7.2},
			},
			steps: [7][2]int{{17, 4}, {7, 0}, {8, 0}, {13, 0}, {11, 0}, {5, 0}, {8, 1}},
			open: map[int][]string{
				1: ids("4.1 4.2 4.3 5.1 5.3 6.2 6.3 7.1 7.5.1 7.5.2 7.5.3 A.2.3 A.3.2"),
				2: ids("6.1.1 6.1.2 6.1.3 6.1.4 A.5.2 A.5.3 A.5.4"),
			},
			proofs: [4][3]int{{0, 9, 0}, {0, 12, 0}, {2, 18, 1}, {1, 13, 1}},
			proofMet: map[int][]string{
				3: {"iso42001-2023:5.2", "iso42001-2023:A.2.2"},
				4: {"uk-dp:Art.30(1)"},
			},
		},
	}

	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			a, err := gap.Analyse(s, sc.statuses)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]gap.ItemGap{}
			var order []string
			for _, g := range a.Items {
				byID[g.ID] = g
				order = append(order, g.ID)
			}
			if want := append(slices.Clone(leafClauses), controls...); !reflect.DeepEqual(order, want) {
				t.Fatalf("items = %v\nwant %v", order, want)
			}
			for id, want := range sc.results {
				g := byID[id]
				if g.Result != want {
					t.Errorf("%s: result %q, want %q (inherited_from %v)", id, g.Result, want, g.InheritedFrom)
				}
				wantClass := catalog.Extend
				if slices.Contains(classInherit, id) {
					wantClass = catalog.Inherit
				} else if slices.Contains(classNew, id) {
					wantClass = catalog.New
				}
				if g.Class != wantClass {
					t.Errorf("%s: class %q, want %q", id, g.Class, wantClass)
				}
				if g.Result != gap.Done && g.Result != gap.Excluded && g.Todo == "" {
					t.Errorf("%s: %s without a todo", id, g.Result)
				}
				if g.Step < 1 || g.Step > 7 {
					t.Errorf("%s: step %d", id, g.Step)
				}
			}
			for id, want := range sc.inherited {
				if got := byID[id].InheritedFrom; !reflect.DeepEqual(got, want) {
					t.Errorf("%s: inherited_from %v, want %v", id, got, want)
				}
			}
			for id, want := range sc.todo {
				got := byID[id].Todo
				if want == "" && got != "" || !strings.HasPrefix(got, want) {
					t.Errorf("%s: todo %q, want it to start %q", id, got, want)
				}
			}
			for id, want := range sc.status {
				if got := byID[id].Status; got != want {
					t.Errorf("%s: status %q, want %q", id, got, want)
				}
			}
			groups := map[string]gap.Coverage{}
			for _, list := range [][]gap.Coverage{a.Coverage.Clauses, a.Coverage.Annex, a.Coverage.Totals} {
				for _, c := range list {
					groups[c.Group] = c
				}
			}
			if len(a.Coverage.Clauses) != 7 || len(a.Coverage.Annex) != 9 {
				t.Errorf("coverage has %d clauses and %d areas, want 7 and 9", len(a.Coverage.Clauses), len(a.Coverage.Annex))
			}
			for _, w := range sc.coverage {
				g, ok := groups[w.group]
				got := cov{g.Group, g.Total, g.Done, g.Inherited, g.Extend, g.New, g.NotApplicable, g.Covered, g.Percent}
				if !ok || got != w {
					t.Errorf("coverage %s = %+v\nwant        %+v", w.group, got, w)
				}
			}
			for i, st := range a.Plan {
				if st.Step != i+1 || st.Title != gap.Steps[i] {
					t.Errorf("plan[%d] = step %d %q", i, st.Step, st.Title)
				}
				if got := [2]int{st.Total, st.Covered}; got != sc.steps[i] {
					t.Errorf("step %d: total, covered = %v, want %v", i+1, got, sc.steps[i])
				}
				if len(st.Items) != st.Total-st.Covered {
					t.Errorf("step %d lists %d open items, want %d", i+1, len(st.Items), st.Total-st.Covered)
				}
				if want, ok := sc.open[i+1]; ok {
					var got []string
					for _, it := range st.Items {
						got = append(got, it.ID)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("step %d open items %v, want %v", i+1, got, want)
					}
				}
			}
			if len(a.Readiness) != 4 {
				t.Fatalf("%d proofs, want 4", len(a.Readiness))
			}
			for i, p := range a.Readiness {
				got := [3]int{len(p.Met), len(p.Missing), len(p.NotApplicable)}
				if got != sc.proofs[i] || p.Number != i+1 || p.Ready != (got[1] == 0) || p.Total != got[0]+got[1] {
					t.Errorf("proof %d: met, missing, n/a = %v (ready %v, total %d), want %v", i+1, got, p.Ready, p.Total, sc.proofs[i])
				}
				if want, ok := sc.proofMet[i+1]; ok && !reflect.DeepEqual(p.Met, want) {
					t.Errorf("proof %d met %v, want %v", i+1, p.Met, want)
				}
			}
		})
	}
}

func TestStepsAreWhereDomainPutsThem(t *testing.T) {
	s := load(t)
	a, err := gap.Analyse(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"5.1": 1, "5.3": 1, "A.3.2": 1, "A.2.2": 1, "4.3": 1,
		"6.1.2": 2, "6.1.4": 2, "A.5.2": 2,
		"A.4.2": 3, "A.10.3": 3,
		"8.1": 4, "8.4": 4, "A.6.2.4": 4,
		"A.9.2": 5, "7.2": 5, "A.3.3": 5, "A.8.4": 5,
		"A.7.4": 6,
		"9.1":   7, "9.3.2": 7, "10.2": 7,
	}
	for _, g := range a.Items {
		if w, ok := want[g.ID]; ok && g.Step != w {
			t.Errorf("%s in step %d, want %d", g.ID, g.Step, w)
		}
	}
}

func TestReadinessCanBeReached(t *testing.T) {
	s := load(t)
	st := map[string]gap.Status{}
	for n := 1; n <= 4; n++ {
		for _, ref := range gap.ProofRefs(n) {
			if _, ok := s.Item(ref); !ok {
				t.Errorf("proof %d rests on %s, which is not in the catalogue", n, ref)
			}
			st[ref] = gap.Implemented
		}
	}
	a, err := gap.Analyse(s, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range a.Readiness {
		if !p.Ready || p.Percent != 100 || len(p.Missing) != 0 {
			t.Errorf("proof %d with every item implemented: ready %v, %v%%, missing %v", p.Number, p.Ready, p.Percent, p.Missing)
		}
	}
	// One item of proof 1 back to partial: not ready, and that item is what is missing.
	st["iso42001-2023:A.4.2"] = gap.Partial
	a, _ = gap.Analyse(s, st)
	p := a.Readiness[0]
	if p.Ready || len(p.Missing) != 1 || p.Missing[0].Ref != "iso42001-2023:A.4.2" || p.Missing[0].Status != gap.Partial || p.Percent != 88.9 {
		t.Errorf("proof 1 with A.4.2 partial: %+v", p)
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]gap.Status{
		"implemented": gap.Implemented, "Not started": gap.NotStarted, "not-applicable": gap.NotApplicable,
		" not applicable ": gap.NotApplicable, "partial": gap.Partial, "planned": gap.Planned,
	} {
		if got, ok := gap.ParseStatus(in); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "done", "implemented!", "n/a"} {
		if _, ok := gap.ParseStatus(bad); ok {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
	var labels []string
	for _, st := range gap.Statuses {
		labels = append(labels, st.Label())
	}
	sort.Strings(labels)
	if want := []string{"implemented", "not applicable", "not started", "partial", "planned"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels %v", labels)
	}
}
