package gap_test

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
	"keel/backend/risk"
)

// randomRecords draws a workspace: up to four records of each kind the rules read, each
// field left empty or filled with a value of its type; links point at drawn records.
func randomRecords(t *rapid.T, kinds []string) map[string][]ims.Record {
	n := map[string]int{}
	for _, k := range kinds {
		n[k] = rapid.IntRange(0, 4).Draw(t, "n "+k)
	}
	id := func(kind string, i int) string { return fmt.Sprintf("%s-%d", kind, i) }
	out := map[string][]ims.Record{}
	for _, k := range kinds {
		kind, _ := ims.KindByName(k)
		for i := 0; i < n[k]; i++ {
			fields := map[string]any{}
			for _, f := range kind.Fields {
				if !rapid.Bool().Draw(t, k+"."+f.Name+" set") {
					continue
				}
				switch f.Type {
				case ims.TypeEnum:
					fields[f.Name] = rapid.SampledFrom(f.Options).Draw(t, f.Name)
				case ims.TypeMultiEnum:
					fields[f.Name] = []string{rapid.SampledFrom(f.Options).Draw(t, f.Name)}
				case ims.TypeBool:
					fields[f.Name] = rapid.Bool().Draw(t, f.Name)
				case ims.TypeNumber:
					fields[f.Name] = float64(rapid.IntRange(1, 5).Draw(t, f.Name))
				case ims.TypeDate, ims.TypeDateTime:
					fields[f.Name] = fmt.Sprintf("2026-%02d-15", rapid.IntRange(1, 12).Draw(t, f.Name))
				case ims.TypeLink, ims.TypeLinks:
					if m := n[f.LinkKind]; m > 0 {
						target := id(f.LinkKind, rapid.IntRange(0, m-1).Draw(t, f.Name))
						if f.Type == ims.TypeLink {
							fields[f.Name] = target
						} else {
							fields[f.Name] = []string{target}
						}
					}
				default:
					fields[f.Name] = "x"
				}
			}
			out[k] = append(out[k], ims.Record{Kind: k, ID: id(k, i), Title: id(k, i), Fields: fields})
		}
	}
	return out
}

// For random workspaces, the gap figure, the plan's counts, the readiness proofs and the
// SoA's implementation column are one set of figures: each item counts the same everywhere.
func TestGapPlanReadinessAndSoAAgree(t *testing.T) {
	s := load(t)
	rs := rules(t)
	kinds := rs.Kinds()
	for _, k := range gap.ReadinessKinds {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	refs := []string{}
	for _, id := range append(slices.Clone(leafClauses), controls...) {
		refs = append(refs, catalog.Ref(catalog.ISO42001, id))
	}
	rapid.Check(t, func(t *rapid.T) {
		recs := randomRecords(t, kinds)
		statuses := map[string]gap.Status{}
		for _, ref := range refs {
			if rapid.IntRange(0, 5).Draw(t, "status? "+ref) == 0 {
				statuses[ref] = rapid.SampledFrom(gap.Statuses).Draw(t, "status "+ref)
			}
		}
		a, err := gap.AnalyseWith(s, gap.Inputs{Statuses: statuses, Rules: rs, Records: gap.NewRecords(recs), Now: "2026-09-30"})
		if err != nil {
			t.Fatal(err)
		}
		counted := map[string]bool{} // 42001 id → done or met
		applicable := 0
		for _, g := range a.Items {
			ref := catalog.Ref(catalog.ISO42001, g.ID)
			f := rs.Derive(g.ID, gap.NewRecords(recs), "2026-09-30")
			wantDone := statuses[ref] == gap.Implemented || (f.Derived == gap.Met && !(statuses[ref] == gap.NotApplicable && g.Kind == catalog.KindControl))
			if (g.Result == gap.Done) != wantDone || g.Derived != f.Derived {
				t.Fatalf("%s: result %s (%s), derived %s, status %q; the records show %s", g.ID, g.Result, g.Basis, g.Derived, statuses[ref], f.Derived)
			}
			counted[g.ID] = g.Result == gap.Done || g.Result == gap.MetByInheritance
			if g.Result != gap.Excluded {
				applicable++
			}
			st, _, ok := a.Implementation(ref)
			if !ok || (st == gap.Implemented) != (counted[g.ID] || statuses[ref] == gap.Implemented) {
				t.Fatalf("%s: the SoA says %q, the gap analysis %s", g.ID, st, g.Result)
			}
		}
		all := a.Coverage.Totals[2]
		covered, planCovered, planTotal := 0, 0, 0
		for _, c := range counted {
			if c {
				covered++
			}
		}
		for _, st := range a.Plan {
			planCovered += st.Covered
			planTotal += st.Total
			if len(st.Items) != st.Total-st.Covered {
				t.Fatalf("step %d: %d open items of %d, %d covered", st.Step, len(st.Items), st.Total, st.Covered)
			}
		}
		if all.Covered != covered || planCovered != covered || planTotal != applicable || all.Total-all.NotApplicable != applicable {
			t.Fatalf("covered: gap %d, plan %d, items %d; applicable: gap %d, plan %d, items %d",
				all.Covered, planCovered, covered, all.Total-all.NotApplicable, planTotal, applicable)
		}
		proofs := gap.Readiness(a, recs, risk.DefaultMethod())
		for i, p := range proofs {
			met := 0
			for _, ref := range gap.ProofRefs(i + 1) {
				_, id, _ := catalog.SplitRef(ref)
				if counted[id] || (!slices.Contains(refs, ref) && statuses[ref] == gap.Implemented) {
					met++
				}
			}
			if p.Met != met || p.Percent != a.Readiness[i].Percent || p.Complete != (p.Ready && len(p.Requirements) == 0) ||
				(p.Complete && p.Percent != 100) {
				t.Fatalf("proof %d: met %d (items say %d), %v%% (gap %v%%), complete %v", p.Number, p.Met, met, p.Percent, a.Readiness[i].Percent, p.Complete)
			}
		}
	})
}
