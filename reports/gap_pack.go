package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

// KindGap is the gap analysis and implementation plan (42001).
const KindGap Kind = "gap"

var resultLabels = map[gap.Result]string{
	gap.Done:             "Done",
	gap.MetByInheritance: "Met by inheritance",
	gap.ToExtend:         "Extend",
	gap.ToBuild:          "New",
	gap.Excluded:         "Not applicable",
}

func resultLabel(r gap.Result) string {
	if l, ok := resultLabels[r]; ok {
		return l
	}
	return string(r)
}

// shortRef names a catalogue reference as a reader would: "42001 A.5.3", "UK DP Art.34".
func shortRef(ref string) string { return catalog.ShortRef(ref) }

// refInText finds catalogue references written inside a sentence ("reuse what
// iso27001-2022:A.5.9 gives").
var refInText = regexp.MustCompile(`\b(?:iso\d{5}-\d{4}|uk-dp):[A-Za-z0-9.()]*[A-Za-z0-9)]`)

// readable rewrites every catalogue reference in a text as a reader names it ("27001
// A.5.9"): a pack never prints internal ids.
func readable(s string) string { return refInText.ReplaceAllStringFunc(s, shortRef) }

func shortRefs(refs []string) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = shortRef(r)
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// coverageSegments are the parts of a coverage bar: done and inherited in the accent's
// strong shades (covered), extend in a light tint, new in grey.
var coverageSegments = []segment{
	{"Done", accent},
	{"Met by inheritance", tint(0.55)},
	{"Extend", tint(0.22)},
	{"New", rgb{190, 196, 200}},
}

func coverageBar(label string, c gap.Coverage) bar {
	return bar{label: label, counts: []int{c.Done, c.Inherited, c.Extend, c.New}, figure: pct(c.Percent)}
}

// gapPack renders the gap analysis and implementation plan: coverage by clause and Annex A
// area, readiness on the four proofs, the plan by the 7 steps, and every item.
func gapPack(s Snapshot, o Options, m meta) (PDF, error) {
	if s.Gap == nil {
		return PDF{}, fmt.Errorf("reports: the gap pack needs the gap analysis in the snapshot")
	}
	a := *s.Gap
	return render(s, o, m, func(d *doc) error {
		gapSummary(d, a)
		gapCoverage(d, a)
		gapReadiness(d, a)
		gapPlan(d, a, statusRecords(s.Records[StatusKind]))
		gapItems(d, a)
		return nil
	})
}

func gapSummary(d *doc, a gap.Analysis) {
	d.h1("Summary")
	var all gap.Coverage
	for _, t := range a.Coverage.Totals {
		if t.Group == "all" {
			all = t
		}
	}
	ready := 0
	for _, p := range a.Readiness {
		if p.Ready {
			ready++
		}
	}
	d.figures([][2]string{
		{pct(all.Percent), "of applicable items covered"},
		{strconv.Itoa(all.Total), "requirements and controls"},
		{strconv.Itoa(all.Extend + all.New), "items still to extend or build"},
		{fmt.Sprintf("%d of %d", ready, len(a.Readiness)), "certification proofs ready"},
	})
	d.para(fmt.Sprintf("This analysis takes each of the %d requirements (clauses 4–10) and Annex A controls of ISO/IEC 42001 "+
		"and says whether it is done, already met through the implemented ISO/IEC 27001 and 27701 system, to be extended "+
		"with AI content, or to be built. %d are covered today: %d done and %d met by inheritance; %d extend an existing "+
		"process, %d are new and %d are excluded in the Statement of Applicability.",
		all.Total, all.Covered, all.Done, all.Inherited, all.Extend, all.New, all.NotApplicable))
	d.h2("Totals", 30)
	rows := [][]string{}
	for _, c := range a.Coverage.Totals {
		rows = append(rows, coverageRow(c.Title, c))
	}
	d.table(coverageCols, rows)
	d.note("Covered is done plus met by inheritance, over the applicable items (excluded Annex A controls left out).")
}

var coverageCols = []column{
	{"Area", 52, ""}, {"Items", 11, "R"}, {"Done", 11, "R"}, {"Inherited", 15, "R"},
	{"Extend", 12, "R"}, {"New", 10, "R"}, {"N/A", 9, "R"}, {"Covered", 15, "R"},
}

func coverageRow(label string, c gap.Coverage) []string {
	return []string{label, strconv.Itoa(c.Total), strconv.Itoa(c.Done), strconv.Itoa(c.Inherited),
		strconv.Itoa(c.Extend), strconv.Itoa(c.New), strconv.Itoa(c.NotApplicable), pct(c.Percent)}
}

func gapCoverage(d *doc, a gap.Analysis) {
	d.h1("Coverage")
	d.para("Each bar shows the share of a clause's or Annex A area's items by result; the figure is the share covered.")
	d.h2("Clauses 4–10", 60)
	bars := []bar{}
	for _, c := range a.Coverage.Clauses {
		bars = append(bars, coverageBar(c.Group+"  "+c.Title, c))
	}
	d.barChart(coverageSegments, bars)
	d.h2("Annex A control areas", 60)
	bars = bars[:0]
	for _, c := range a.Coverage.Annex {
		bars = append(bars, coverageBar(c.Group+"  "+c.Title, c))
	}
	d.barChart(coverageSegments, bars)
	d.h2("Coverage in figures", 30)
	rows := [][]string{}
	for _, c := range append(append([]gap.Coverage{}, a.Coverage.Clauses...), a.Coverage.Annex...) {
		rows = append(rows, coverageRow(c.Group+" "+c.Title, c))
	}
	d.table(coverageCols, rows)
}

func gapReadiness(d *doc, a gap.Analysis) {
	d.h1("Readiness for certification")
	d.para("Certification comes down to four things an auditor must be able to see. Each is ready when every " +
		"requirement it rests on is done or met by inheritance.")
	bars := []bar{}
	for _, p := range a.Readiness {
		bars = append(bars, bar{label: fmt.Sprintf("%d. %s", p.Number, p.Title),
			counts: []int{len(p.Met), len(p.Missing)}, figure: pct(p.Percent)})
	}
	d.barChart([]segment{{"Met", accent}, {"Missing", rgb{190, 196, 200}}}, bars)
	for _, p := range a.Readiness {
		d.h2(fmt.Sprintf("%d. %s", p.Number, p.Title), 40)
		state := "Not yet ready"
		if p.Ready {
			state = "Ready"
		}
		d.keyValues([][2]string{
			{"State", fmt.Sprintf("%s: %d of %d requirements met (%s)", state, len(p.Met), p.Total, pct(p.Percent))},
			{"Not applicable", strings.Join(shortRefs(p.NotApplicable), ", ")},
		})
		d.gap(2)
		if len(p.Missing) == 0 {
			continue
		}
		// What is missing by reference only: the to-do of each is in the plan and the
		// item analysis, so no item is printed three times.
		refs := make([]string, len(p.Missing))
		for i, m := range p.Missing {
			refs[i] = shortRef(m.Ref) + " (" + m.Status.Label() + ")"
		}
		d.keyValues([][2]string{{"Missing", strings.Join(refs, ", ")}})
	}
}

// planOwner is who owns a 42001 item and when it is due, from its control_status record.
func planOwner(recs map[string]ims.Record, id string) (owner, target string) {
	r := recs[catalog.Ref(catalog.ISO42001, id)]
	return field(r, "owner"), field(r, "target_date")
}

func gapPlan(d *doc, a gap.Analysis, recs map[string]ims.Record) {
	d.h1("Implementation plan")
	d.para("The open items in the order of the seven implementation steps: governance first, then the risk method, " +
		"the inventory, the lifecycle, oversight, data governance, and finally audit, review and improvement.")
	bars := []bar{}
	for _, st := range a.Plan {
		bars = append(bars, bar{label: fmt.Sprintf("Step %d", st.Step), counts: []int{st.Covered, st.Total - st.Covered},
			figure: pct(share(st.Covered, st.Total))})
	}
	d.barChart([]segment{{"Covered", accent}, {"Open", rgb{190, 196, 200}}}, bars)
	for _, st := range a.Plan {
		d.h2(fmt.Sprintf("Step %d. %s", st.Step, st.Title), 60)
		d.note(fmt.Sprintf("%d of %d applicable items covered; %d open.", st.Covered, st.Total, len(st.Items)))
		if len(st.Items) == 0 {
			d.para("Nothing open in this step.")
			continue
		}
		rows := make([][]string, len(st.Items))
		for i, it := range st.Items {
			owner, target := planOwner(recs, it.ID)
			rows[i] = []string{it.ID, it.Title, resultLabel(it.Result), readable(it.Todo), orDash(owner) + "\n" + orDash(shortDate(target))}
		}
		d.table([]column{{"Item", 13, ""}, {"Title", 34, ""}, {"Result", 19, ""}, {"To do", 74, ""}, {"Owner and target", 26, ""}}, rows)
	}
}

func gapItems(d *doc, a gap.Analysis) {
	d.h1("Item analysis")
	d.para("Every 42001 requirement and Annex A control with its crosswalk class, its recorded status, the result " +
		"and what is left to do.")
	planned := map[string]int{}
	for _, st := range a.Plan {
		for _, it := range st.Items {
			planned[it.ID] = st.Step
		}
	}
	rows := make([][]string, len(a.Items))
	for i, it := range a.Items {
		todo := readable(it.Todo)
		if step, ok := planned[it.ID]; ok {
			todo = fmt.Sprintf("In the plan, step %d", step)
		}
		rows[i] = []string{it.ID, it.Title, capitalise(string(it.Class)), capitalise(it.Status.Label()), resultLabel(it.Result), todo}
	}
	d.table([]column{{"Item", 13, ""}, {"Title", 32, ""}, {"Class", 14, ""}, {"Status", 21, ""}, {"Result", 21, ""}, {"To do", 65, ""}}, rows)
}
