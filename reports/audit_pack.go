package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// KindAudit is the internal audit report.
const KindAudit Kind = "audit"

// auditPack lays out the internal audit report of every audit planned, held or reported in
// the period: scope, standards, criteria, auditors, dates, the findings by type and the
// nonconformities raised from them.
func auditPack(d *doc, v *review) error {
	audits := auditsInPeriod(v)
	if len(audits) == 0 {
		d.h1("Audits")
		d.para("No internal audit was planned, held or reported in the period.")
		return nil
	}
	auditProgramme(d, v, audits)
	for _, a := range audits {
		auditSection(d, v, a)
	}
	return nil
}

// auditsInPeriod are the audits planned, held or reported in the period, by planned start.
func auditsInPeriod(v *review) []ims.Record {
	var audits []ims.Record
	for _, r := range v.live("audit") {
		if v.inPeriod(str(r, "planned_start")) || v.inPeriod(str(r, "planned_end")) || v.changedInPeriod(r) {
			audits = append(audits, r)
		}
	}
	slices.SortFunc(audits, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(str(a, "planned_start"), str(b, "planned_start")), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	return audits
}

// auditDates is an audit's planned dates, "11 May 2026 – 13 May 2026".
func auditDates(a ims.Record) string {
	dates := shortDate(orDash(str(a, "planned_start")))
	if e := str(a, "planned_end"); e != "" && e != str(a, "planned_start") {
		dates += " – " + shortDate(e)
	}
	return dates
}

// auditFindings returns an audit's live findings and their count by type.
func auditFindings(v *review, a ims.Record) ([]ims.Record, []int) {
	var fs []ims.Record
	counts := make([]int, len(ims.FindingTypes))
	for _, f := range v.live("finding") {
		if str(f, "audit") == a.ID {
			fs = append(fs, f)
			if i := slices.Index(ims.FindingTypes, str(f, "type")); i >= 0 {
				counts[i]++
			}
		}
	}
	return fs, counts
}

// auditProgramme is the overview: how much of the programme ran in the period, which
// standards it covered, and the findings of each audit side by side.
func auditProgramme(d *doc, v *review, audits []ims.Record) {
	d.h1("Audit programme")
	d.para("The internal audits planned, held or reported in the period, across the AIMS, ISMS and PIMS (clause 9.2.2). " +
		"Each audit has its own section after this overview.")
	done, findings, raised, open := 0, 0, 0, 0
	covered := map[string]bool{}
	bars := []bar{}
	rows := [][]string{}
	for _, a := range audits {
		if st := str(a, "status"); st == "reported" || st == "closed" {
			done++
		}
		for _, std := range list(a, "standards") {
			covered[std] = true
		}
		fs, counts := auditFindings(v, a)
		findings += len(fs)
		ncs := 0
		for _, f := range fs {
			if id := str(f, "nonconformity"); id != "" {
				ncs++
				if nc, ok := v.byID[id]; ok && str(nc, "status") != "closed" {
					open++
				}
			}
		}
		raised += ncs
		bars = append(bars, bar{label: a.Title, counts: counts, figure: strconv.Itoa(len(fs))})
		rows = append(rows, []string{a.Title, orDash(strings.ReplaceAll(strings.Join(list(a, "standards"), ", "), "ISO/IEC ", "")),
			orDash(str(a, "lead_auditor")), auditDates(a), orDash(capitalise(str(a, "status"))), strconv.Itoa(len(fs)), strconv.Itoa(ncs)})
	}
	d.figures([][2]string{
		{strconv.Itoa(len(audits)), "audits in the period"},
		{strconv.Itoa(done), "reported or closed"},
		{strconv.Itoa(findings), "findings"},
		{fmt.Sprintf("%d / %d", raised, open), "nonconformities raised / still open"},
	})
	var missing []string
	for _, std := range ims.AuditStandards {
		if !covered[std] {
			missing = append(missing, std)
		}
	}
	if len(missing) == 0 {
		d.note("Every standard of the integrated management system was audited in the period.")
	} else {
		d.note("Not audited in the period: " + strings.Join(missing, ", ") + ".")
	}
	d.table([]column{{"Audit", 54, ""}, {"Standards", 26, ""}, {"Lead auditor", 28, ""}, {"Dates", 30, ""}, {"Status", 18, ""}, {"Findings", 14, "R"}, {"NCs", 10, "R"}}, rows)
	var flagged [][]string
	for _, a := range audits {
		for _, f := range ims.AuditFlags(a, v.recs) {
			flagged = append(flagged, []string{a.Title, capitalise(f.Kind), f.Text})
		}
	}
	d.h2("Flags", 16)
	tableOr(d, "No auditor owns records in the area they audit, and no audit is closed with nonconformities open.",
		[]column{{"Audit", 50, ""}, {"Flag", 36, ""}, {"What", 84, ""}}, flagged)
	d.h2("Findings by audit", 20+7*float64(len(bars)))
	d.barChart(findingSegments, bars)
	auditCoverage(d, v.s, audits)
}

// auditCoverage shows how much of each standard the criteria of the period's audits name: a
// clause or control counts as audited when it or a clause above it is in some audit's
// criteria. 42001 and 27001 always show; a 27701 edition when a criterion names it.
func auditCoverage(d *doc, s Snapshot, audits []ims.Record) {
	if s.Standards == nil {
		return
	}
	named := map[string]map[string]bool{} // catalogue → item IDs in the criteria
	for _, a := range audits {
		for _, ref := range strings.Split(str(a, "criteria"), "\n") {
			if cat, id, ok := catalog.SplitRef(strings.TrimSpace(ref)); ok {
				if named[cat] == nil {
					named[cat] = map[string]bool{}
				}
				named[cat][id] = true
			}
		}
	}
	segs := []segment{{"Clauses audited", accent}, {"Controls audited", tint(0.55)}, {"Not yet audited", rgb{226, 229, 231}}}
	bars := []bar{}
	var gaps []string
	for _, id := range soaChoices {
		if (id == catalog.ISO27701v2019 || id == catalog.ISO27701v2025) && named[id] == nil {
			continue
		}
		c, ok := s.Standards.Catalogue(id)
		if !ok {
			continue
		}
		clauses, controls, total := 0, 0, 0
		for _, it := range c.Items {
			isReq := it.Kind == catalog.KindControl || (it.Kind == catalog.KindClause && c.Leaf(it.ID))
			if !isReq {
				continue
			}
			total++
			if !coveredBy(c, it, named[id]) {
				continue
			}
			if it.Kind == catalog.KindControl {
				controls++
			} else {
				clauses++
			}
		}
		if total == 0 {
			continue
		}
		bars = append(bars, bar{label: shortNames[id], counts: []int{clauses, controls, total - clauses - controls},
			figure: pct(share(clauses+controls, total))})
		if clauses+controls == 0 {
			gaps = append(gaps, shortNames[id])
		}
	}
	if len(bars) == 0 {
		return
	}
	d.h2("Coverage of the criteria", 20+7*float64(len(bars)))
	d.note("Clauses and Annex A controls named in the criteria of the period's audits (a clause covers those under it), " +
		"as a share of each standard's requirements. An audit programme covers every requirement over its cycle (9.2.2).")
	d.barChart(segs, bars)
	if len(gaps) > 0 {
		d.note("No criterion names " + joinAnd(gaps) + " in the period.")
	}
}

// coveredBy says whether an item, or a clause or area above it, is among the named IDs.
func coveredBy(c *catalog.Catalogue, it catalog.Item, named map[string]bool) bool {
	for i := 0; i < 10; i++ {
		if named[it.ID] {
			return true
		}
		if it.Parent == "" {
			return false
		}
		p, ok := c.Item(it.Parent)
		if !ok {
			return false
		}
		it = p
	}
	return false
}

func auditSection(d *doc, v *review, a ims.Record) {
	d.h1(a.Title)
	dates := auditDates(a)
	var crit []string
	for _, c := range strings.Split(str(a, "criteria"), "\n") {
		if c = strings.TrimSpace(c); c != "" {
			crit = append(crit, shortRef(c))
		}
	}
	flags := ims.AuditFlags(a, v.recs)
	var owns []string
	for _, f := range flags {
		if f.Kind == ims.FlagIndependence {
			owns = append(owns, "Flag: "+f.Text)
		}
	}
	independence := cmp.Or(strings.Join(owns, "\n"), "No auditor owns records in the audited area.")
	d.keyValues([][2]string{
		{"Objectives", orDash(str(a, "objectives"))},
		{"Standards", orDash(strings.Join(list(a, "standards"), ", "))},
		{"Scope", orDash(str(a, "scope"))},
		{"Criteria", orDash(strings.Join(crit, "\n"))},
		{"Method", orDash(str(a, "method"))},
		{"Lead auditor", orDash(str(a, "lead_auditor"))},
		{"Other auditors", str(a, "auditors")},
		{"Independence", independence},
		{"Dates", dates},
		{"Status", orDash(capitalise(str(a, "status")))},
	})
	for _, f := range flags {
		if f.Kind == ims.FlagClosedOpenNCs {
			d.para("Flag: " + f.Text)
		}
	}
	d.h2("Conclusion", 20)
	d.para(cmp.Or(str(a, "summary"), "No conclusion is recorded yet."))
	fs, counts := auditFindings(v, a)
	d.h2("Findings", 40)
	if len(fs) == 0 {
		d.para("No finding is recorded for this audit.")
		return
	}
	d.barChart(findingSegments, []bar{{label: "Findings by type", counts: counts, figure: strconv.Itoa(len(fs))}})
	slices.SortFunc(fs, func(x, y ims.Record) int {
		ix, iy := slices.Index(ims.FindingTypes, str(x, "type")), slices.Index(ims.FindingTypes, str(y, "type"))
		return cmp.Or(iy-ix, strings.Compare(x.Title, y.Title), strings.Compare(x.ID, y.ID))
	})
	rows := [][]string{}
	var ncs []string
	for _, f := range fs {
		nc := "—"
		if id := str(f, "nonconformity"); id != "" {
			nc = v.title(id)
			if !slices.Contains(ncs, id) {
				ncs = append(ncs, id)
			}
		}
		desc := str(f, "description")
		if e := str(f, "evidence"); e != "" {
			desc = strings.TrimSpace(desc + "\nEvidence examined: " + e)
		}
		desc = orDash(desc)
		rows = append(rows, []string{capitalise(str(f, "type")), f.Title, orDash(shortRef(str(f, "ref"))), desc, nc})
	}
	d.table([]column{{"Type", 22, ""}, {"Finding", 38, ""}, {"Requirement", 20, ""}, {"Description and evidence", 50, ""}, {"Nonconformity", 34, ""}}, rows)
	d.h2("Nonconformities raised", 30)
	if len(ncs) == 0 {
		d.para("No nonconformity was raised from this audit.")
		return
	}
	rows = rows[:0]
	for _, id := range ncs {
		r, ok := v.byID[id]
		if !ok {
			rows = append(rows, []string{id, "—", "—", "—", "—"})
			continue
		}
		rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "severity"))), orDash(str(r, "owner")),
			orDash(shortDate(str(r, "due_date"))), orDash(capitalise(str(r, "status")))})
	}
	d.table([]column{{"Nonconformity", 60, ""}, {"Grade", 22, ""}, {"Owner", 30, ""}, {"Due", 20, ""}, {"Status", 20, ""}}, rows)
}
