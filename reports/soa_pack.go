package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
	"keel/backend/soa"
)

// KindSoA is the Statement of Applicability (27001, 42001, 27701 Annex A).
const KindSoA Kind = "soa"

// StatusKind is the record kind the Statement of Applicability reads.
const StatusKind = "control_status"

// soaShown is how many evidence references a control's row shows; the rest are in the
// appendix.
const soaShown = 3

// soaStandard is one catalogue's Annex A in the Statement of Applicability.
type soaStandard struct {
	cat    *catalog.Catalogue
	name   string
	groups []soaGroup
}

// annexes splits a standard's areas by annex: 27701:2019 has its controller controls in
// Annex A and its processor controls in Annex B.
func (st soaStandard) annexes() []soaAnnex {
	var out []soaAnnex
	for _, g := range st.groups {
		letter := "A"
		if strings.HasPrefix(g.item.ID, "B.") {
			letter = "B"
		}
		if len(out) == 0 || out[len(out)-1].letter != letter {
			out = append(out, soaAnnex{letter: letter})
		}
		out[len(out)-1].groups = append(out[len(out)-1].groups, g)
	}
	return out
}

type soaAnnex struct {
	letter string
	groups []soaGroup
}

// title is the annex's heading: "ISO/IEC 27701:2019 Annex B (processor controls)"; the
// controller and processor annexes are named so only in the edition that has both.
func (a soaAnnex) title(st soaStandard) string {
	t := st.name + " Annex " + a.letter
	if st.cat.ID == catalog.ISO27701v2019 {
		if a.letter == "A" {
			t += " (controller controls)"
		} else {
			t += " (processor controls)"
		}
	}
	return t
}

type soaGroup struct {
	item catalog.Item // the area, objective or annex the controls sit under
	rows []soaRow
}

type soaRow struct {
	item          catalog.Item
	assessed      bool
	status        gap.Status
	justification string
	owner, target string
	evidence      []string
}

// applicability is the row's "Applicable" cell.
func (r soaRow) applicability() string {
	switch {
	case !r.assessed:
		return "Not assessed"
	case r.status == gap.NotApplicable:
		return "No"
	}
	return "Yes"
}

func (r soaRow) statusText() string {
	if !r.assessed {
		return "—"
	}
	if r.status == gap.NotApplicable {
		return "Excluded"
	}
	return capitalise(r.status.Label())
}

// shortNames are the standards as a reader names them.
var shortNames = map[string]string{
	catalog.ISO27001:      "ISO/IEC 27001:2022",
	catalog.ISO42001:      "ISO/IEC 42001:2023",
	catalog.ISO27701v2019: "ISO/IEC 27701:2019",
	catalog.ISO27701v2025: "ISO/IEC 27701:2025",
}

// statusRecords returns one control_status record per item: the latest updated, the
// greater ID on a tie, so the choice never depends on the order records arrive in.
func statusRecords(recs []ims.Record) map[string]ims.Record {
	out := map[string]ims.Record{}
	for _, r := range recs {
		if r.Deleted {
			continue
		}
		item, _ := r.Fields["item"].(string)
		prev, ok := out[item]
		if !ok || r.UpdatedAt > prev.UpdatedAt || (r.UpdatedAt == prev.UpdatedAt && r.ID > prev.ID) {
			out[item] = r
		}
	}
	return out
}

func field(r ims.Record, name string) string {
	s, _ := r.Fields[name].(string)
	return strings.TrimSpace(s)
}

// evidenceRefs splits the evidence field into references, one per line (a leading list
// bullet dropped).
func evidenceRefs(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-•*")); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// soaStandards builds the standards the SoA covers: 27001 and 42001 Annex A always, each
// 27701 edition when any of its controls has a recorded status.
func soaStandards(s Snapshot) ([]soaStandard, error) { return soaStandardsOf(s, nil) }

// soaStandardsOf builds the standards chosen (catalog IDs), or the default set when none is.
// A chosen 27701 edition is printed even when none of its controls has a status yet.
func soaStandardsOf(s Snapshot, chosen []string) ([]soaStandard, error) {
	if s.Standards == nil {
		return nil, fmt.Errorf("reports: the Statement of Applicability needs the standards catalogue in the snapshot")
	}
	recs := statusRecords(s.Records[StatusKind])
	cites := soa.Citations(s.Records)
	var out []soaStandard
	for _, id := range soaChoices {
		if len(chosen) > 0 && !slices.Contains(chosen, id) {
			continue
		}
		c, ok := s.Standards.Catalogue(id)
		if !ok {
			continue
		}
		st := soaStandard{cat: c, name: shortNames[id]}
		byGroup := map[string]int{}
		any := false
		for _, it := range c.Items {
			if it.Kind != catalog.KindControl {
				continue
			}
			grp := topItem(c, it)
			gi, ok := byGroup[grp.ID]
			if !ok {
				gi = len(st.groups)
				byGroup[grp.ID] = gi
				st.groups = append(st.groups, soaGroup{item: grp})
			}
			ref := catalog.Ref(id, it.ID)
			row := soaRow{item: it, status: gap.NotStarted}
			if r, ok := recs[ref]; ok {
				row.assessed, any = true, true
				row.status = implementationStatus(r)
				row.owner, row.target = field(r, "owner"), field(r, "target_date")
				row.evidence = evidenceRefs(field(r, "evidence"))
			}
			// A 42001 control's status is the gap analysis's: what the records show counts.
			if v, ev, ok := s.Gap.Implementation(ref); ok && (row.assessed || v == gap.Implemented) {
				row.assessed, any, row.status = true, true, v
				row.evidence = append(row.evidence, ev...)
			}
			words := field(recs[ref], "justification")
			row.justification = soa.Justification(s.Standards, ref, words, row.assessed && row.status == gap.NotApplicable, cites[ref])
			row.evidence = append(row.evidence, citedEvidence(cites[ref])...)
			st.groups[gi].rows = append(st.groups[gi].rows, row)
		}
		if (id == catalog.ISO27701v2019 || id == catalog.ISO27701v2025) && !any && len(chosen) == 0 {
			continue
		}
		out = append(out, st)
	}
	return out, nil
}

// implementationStatus is the one place the SoA reads a control's implementation status
// from its control_status record (not started when the status is not one Keel knows).
func implementationStatus(r ims.Record) gap.Status {
	if v, ok := gap.ParseStatus(field(r, "status")); ok {
		return v
	}
	return gap.NotStarted
}

// citedEvidence are the records that show a control at work besides its own evidence
// field: the audits that examined it and the findings raised against it.
func citedEvidence(cs []soa.Citation) []string {
	var out []string
	for _, c := range cs {
		switch c.Kind {
		case "audit":
			out = append(out, "Audited: "+c.Title)
		case "finding":
			out = append(out, "Audit finding: "+c.Title)
		case "principle_review":
			out = append(out, "Principle review: "+c.Title)
		}
	}
	return out
}

// excludedRefs are the controls the SoA excludes (not applicable), as catalogue references.
func excludedRefs(stds []soaStandard) []string {
	var out []string
	for _, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				if r.assessed && r.status == gap.NotApplicable {
					out = append(out, catalog.Ref(st.cat.ID, r.item.ID))
				}
			}
		}
	}
	return out
}

// topItem is the outermost ancestor of a control (its Annex A area, objective or annex).
func topItem(c *catalog.Catalogue, it catalog.Item) catalog.Item {
	for i := 0; it.Parent != "" && i < 10; i++ {
		p, ok := c.Item(it.Parent)
		if !ok {
			break
		}
		it = p
	}
	return it
}

// soaCounts counts a set of rows by how far they are.
type soaCounts struct {
	total, implemented, partial, planned, notStarted, excluded, unassessed int
}

func (c *soaCounts) add(r soaRow) {
	c.total++
	switch {
	case !r.assessed:
		c.unassessed++
	case r.status == gap.Implemented:
		c.implemented++
	case r.status == gap.Partial:
		c.partial++
	case r.status == gap.Planned:
		c.planned++
	case r.status == gap.NotApplicable:
		c.excluded++
	default:
		c.notStarted++
	}
}

func (c soaCounts) applicable() int { return c.total - c.excluded - c.unassessed }

var soaSegments = []segment{
	{"Implemented", accent},
	{"Partial", tint(0.55)},
	{"Planned", tint(0.25)},
	{"Not started", rgb{190, 196, 200}},
	{"Not assessed", rgb{226, 229, 231}},
}

func (c soaCounts) bar(label string) bar {
	return bar{label: label, counts: []int{c.implemented, c.partial, c.planned, c.notStarted, c.unassessed},
		figure: c.figure()}
}

// figure is implemented over the applicable controls that were assessed; an area with
// none assessed, or all excluded, says so rather than print a percentage of nothing.
func (c soaCounts) figure() string {
	switch {
	case c.total == c.unassessed:
		return "None assessed"
	case c.applicable() == 0:
		return "All excluded"
	}
	return pct(share(c.implemented, c.applicable()))
}

// soaPack renders the Statement of Applicability: for every Annex A control of 27001 and
// 42001 (and 27701 when statuses exist) its applicability, justification, status and
// evidence references, from the control_status records and the catalogue.
func soaPack(s Snapshot, o Options, m meta) (PDF, error) {
	if err := o.Validate(); err != nil {
		return PDF{}, err
	}
	stds, err := soaStandardsOf(s, o.Standards)
	if err != nil {
		return PDF{}, err
	}
	names := make([]string, len(stds))
	for i, st := range stds {
		names[i] = st.name
	}
	m.subtitle = "Annex A controls of " + joinAnd(names)
	m.subject = "Statement of Applicability (clause 6.1.3) for " + joinAnd(names)
	m.keywords = "Statement of Applicability, SoA, Annex A, " + strings.Join(names, ", ")
	warnings := soa.Warnings(excludedRefs(stds), s.Records)
	return render(s, o, m, func(d *doc) error {
		soaSummary(d, stds, warnings)
		for _, st := range stds {
			for _, a := range st.annexes() {
				soaAnnexSection(d, st, a)
			}
		}
		soaEvidence(d, stds)
		return nil
	})
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func soaSummary(d *doc, stds []soaStandard, warnings []soa.ExclusionWarning) {
	d.h1("Summary")
	d.para("The Statement of Applicability lists every Annex A control, whether it applies to the organisation and why, " +
		"how far it is implemented, and the evidence that shows it (ISO/IEC 27001 and 42001 clause 6.1.3 d). " +
		"A control excluded is marked not applicable with its justification; a control with no recorded decision is " +
		"marked not assessed.")
	var all soaCounts
	counts := make([]soaCounts, len(stds))
	bars := []bar{}
	for i, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				counts[i].add(r)
				all.add(r)
			}
		}
		bars = append(bars, counts[i].bar(st.name))
	}
	d.figures([][2]string{
		{strconv.Itoa(all.total), "Annex A controls"},
		{strconv.Itoa(all.applicable()), "applicable"},
		{strconv.Itoa(all.excluded), "excluded, with justification"},
		{pct(share(all.implemented, all.applicable())), "of applicable controls implemented"},
	})
	c := controlOf(d.s, d.o)
	approval := "not yet approved"
	if c.approver != "" {
		approval = "approved by " + c.approver
		if c.approved != "" {
			approval += " on " + longDate(c.approved)
		}
	}
	d.para(fmt.Sprintf("This Statement of Applicability is version %s, %s; its history is in the document control.", d.o.Version, approval))
	if len(warnings) > 0 {
		d.h2("Exclusions to resolve", 20)
		d.para("An excluded control that a risk treatment cites, or that another record contradicts, needs either its " +
			"exclusion withdrawn or the other record corrected before the audit:")
		rows := make([][]string, len(warnings))
		for i, w := range warnings {
			rows[i] = []string{w.Short, w.Text}
		}
		d.table([]column{{"Control", 20, ""}, {"Warning", 150, ""}}, rows)
	}
	d.h2("Implementation by standard", 40)
	d.barChart(soaSegments, bars)
	d.note("The figure is implemented over the applicable controls that were assessed; \"None assessed\" when no control has a decision yet.")
	d.h2("Controls in figures", 30)
	// One column per standard and a total: the measures read down.
	cols := []column{{"Controls", 34, ""}}
	for _, st := range stds {
		cols = append(cols, column{st.name, 26, "R"})
	}
	cols = append(cols, column{"All", 20, "R"})
	measures := []struct {
		label string
		get   func(c soaCounts) int
	}{
		{"Annex A controls", func(c soaCounts) int { return c.total }},
		{"Applicable", soaCounts.applicable},
		{"Excluded (not applicable)", func(c soaCounts) int { return c.excluded }},
		{"Implemented", func(c soaCounts) int { return c.implemented }},
		{"Partial", func(c soaCounts) int { return c.partial }},
		{"Planned", func(c soaCounts) int { return c.planned }},
		{"Not started", func(c soaCounts) int { return c.notStarted }},
		{"Not assessed", func(c soaCounts) int { return c.unassessed }},
	}
	rows := [][]string{}
	for _, m := range measures {
		row := []string{m.label}
		for _, c := range counts {
			row = append(row, strconv.Itoa(m.get(c)))
		}
		rows = append(rows, append(row, strconv.Itoa(m.get(all))))
	}
	d.table(cols, rows)
}

var soaCols = []column{
	{"Control", 13, ""}, {"Title", 30, ""}, {"Applicable", 15, ""}, {"Status", 17, ""}, {"Owner and target", 19, ""},
	{"Justification", 40, ""}, {"Evidence", 32, ""},
}

func soaAnnexSection(d *doc, st soaStandard, a soaAnnex) {
	d.h1(a.title(st))
	bars := []bar{}
	for _, g := range a.groups {
		var c soaCounts
		for _, r := range g.rows {
			c.add(r)
		}
		bars = append(bars, c.bar(g.item.ID+"  "+g.item.Title))
	}
	d.barChart(soaSegments, bars)
	for _, g := range a.groups {
		d.h2(g.item.ID+" "+g.item.Title, 42)
		rows := make([][]string, len(g.rows))
		for i, r := range g.rows {
			ev := r.evidence
			evText := strings.Join(ev, "\n")
			if len(ev) > soaShown {
				evText = strings.Join(ev[:soaShown], "\n") + fmt.Sprintf("\n… and %d more (see Evidence references)", len(ev)-soaShown)
			}
			just := r.justification
			if just == "" && r.assessed {
				just = "No justification recorded"
			}
			who := orDash(r.owner)
			if r.target != "" {
				who += "\nby " + shortDate(r.target)
			}
			rows[i] = []string{r.item.ID, r.item.Title, r.applicability(), r.statusText(), who, just, orDash(evText)}
		}
		d.table(soaCols, rows)
	}
}

// soaEvidence is the appendix: every evidence reference of every control, in order.
func soaEvidence(d *doc, stds []soaStandard) {
	rows := [][]string{}
	for _, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				for i, e := range r.evidence {
					rows = append(rows, []string{st.name, r.item.ID, strconv.Itoa(i + 1), e})
				}
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	d.h1("Evidence references")
	d.para(fmt.Sprintf("All %d evidence references recorded against the controls above, in control order.", len(rows)))
	d.table([]column{{"Standard", 36, ""}, {"Control", 18, ""}, {"#", 8, "R"}, {"Reference", 104, ""}}, rows)
}

// SoAWarnings are the warnings the SoA's notes print (excluded controls cited by a risk
// treatment or contradicted by another record), for the app to show beside the register:
// the same computation as the pack's, from a snapshot of what the SoA reads.
func SoAWarnings(s Snapshot, standards []string) ([]soa.ExclusionWarning, error) {
	stds, err := soaStandardsOf(s, standards)
	if err != nil {
		return nil, err
	}
	return soa.Warnings(excludedRefs(stds), s.Records), nil
}
