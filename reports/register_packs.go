package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
	"keel/backend/risk"
)

// The register packs: the risk register and treatment plan, the AI system inventory and
// the internal audit report. They read the snapshot through the management review's view
// of it (live records by kind, in a fixed order).
const (
	KindRisk  Kind = "risk"         // risk register and treatment plan
	KindAI    Kind = "ai-inventory" // AI system inventory
	KindAudit Kind = "audit"        // internal audit report
)

// RegisterKinds are the record kinds the register packs read from the snapshot.
var RegisterKinds = []string{"risk_method", "risk", "action", "ai_system", "impact_assessment", "monitoring_record",
	"processing_activity", "audit", "finding", "nonconformity"}

// levelColors colours a method's levels from a light tint to the accent, the highest red.
func levelColors(n int) []rgb {
	out := make([]rgb, n)
	for i := range out {
		out[i] = tint(0.2 + 0.8*float64(i)/float64(max(1, n-1)))
	}
	if n > 0 {
		out[n-1] = rgb{176, 58, 46}
	}
	return out
}

// heatMap draws a likelihood × impact grid as vectors: each cell coloured by its level,
// with the count of risks in it (and how many of them are over appetite).
func (d *doc) heatMap(m risk.Method, h risk.HeatMap) {
	p := d.pdf
	const labelW, cellH = 34.0, 12.0
	cellW := (contentW - labelW) / float64(max(1, m.ImpactLevels))
	need := cellH*float64(m.LikelihoodLevels) + 36
	if p.GetY()+need > bodyBottom {
		d.newPage()
	}
	levels := make([]string, len(m.Bands))
	for i, b := range m.Bands {
		levels[i] = b.Name
	}
	colors := levelColors(len(levels))
	y0 := p.GetY()
	for l := m.LikelihoodLevels; l >= 1; l-- {
		y := y0 + float64(m.LikelihoodLevels-l)*cellH
		d.font("", 6.5)
		d.color(ink)
		lines := d.wrap(scaleLabel(l, m.LikelihoodLabels), labelW-3)
		lines = lines[:min(len(lines), 3)]
		for k, line := range lines {
			p.SetXY(marginL, y+(cellH-float64(len(lines))*3)/2+float64(k)*3)
			p.CellFormat(labelW-3, 3, line, "", 0, "R", false, 0, "")
		}
		for i := 1; i <= m.ImpactLevels; i++ {
			c := h.Cells[l-1][i-1]
			x := marginL + labelW + float64(i-1)*cellW
			k := max(0, slices.Index(levels, c.Level))
			col := colors[k]
			if c.Count == 0 {
				col = rgb{(col.r + 3*255) / 4, (col.g + 3*255) / 4, (col.b + 3*255) / 4}
			}
			d.fill(col)
			d.draw(rgb{255, 255, 255})
			p.SetLineWidth(0.6)
			p.Rect(x, y, cellW, cellH, "FD")
			dark := c.Count > 0 && k >= len(levels)/2
			if dark {
				d.color(rgb{255, 255, 255})
			} else {
				d.color(ink)
			}
			if c.Count > 0 {
				d.font("B", 11)
				p.SetXY(x, y+1.5)
				p.CellFormat(cellW, 6, strconv.Itoa(c.Count), "", 0, "C", false, 0, "")
			}
			d.font("", 6)
			p.SetXY(x, y+cellH-4.5)
			note := "score " + strconv.Itoa(c.Score)
			if c.OverAppetite > 0 {
				note = strconv.Itoa(c.OverAppetite) + " over appetite"
			}
			p.CellFormat(cellW, 3.5, note, "", 0, "C", false, 0, "")
		}
	}
	y := y0 + float64(m.LikelihoodLevels)*cellH + 1
	d.font("", 6.5)
	d.color(ink)
	rows := 1
	for i := 1; i <= m.ImpactLevels; i++ {
		lines := d.wrap(scaleLabel(i, m.ImpactLabels), cellW-2)
		lines = lines[:min(len(lines), 4)]
		rows = max(rows, len(lines))
		for k, line := range lines {
			p.SetXY(marginL+labelW+float64(i-1)*cellW, y+float64(k)*3)
			p.CellFormat(cellW, 3, line, "", 0, "C", false, 0, "")
		}
	}
	d.font("", 7)
	d.color(muted)
	p.SetXY(marginL, y)
	p.CellFormat(labelW-2, 4, "Likelihood ↑  Impact →", "", 0, "R", false, 0, "")
	// Legend of the levels.
	x, ly := marginL+labelW, y+float64(rows)*3+2
	for i, l := range levels {
		d.fill(colors[i])
		p.Rect(x, ly+1, 3, 3, "F")
		d.color(muted)
		p.SetXY(x+4, ly)
		w := d.width(txt(l)) + 1
		p.CellFormat(w, 5, txt(l), "", 0, "L", false, 0, "")
		x += w + 8
	}
	p.SetXY(marginL, ly+9)
	d.note(fmt.Sprintf("%d risks placed; %d not scored; %d over appetite.", h.Total, len(h.Unscored), len(h.Over)))
}

// scaleLabel is "3 Possible" for level 3 of a scale; a label that already starts with its
// number is kept as it is.
func scaleLabel(n int, labels []string) string {
	num := strconv.Itoa(n)
	if n-1 >= len(labels) || strings.TrimSpace(labels[n-1]) == "" {
		return num
	}
	l := strings.TrimSpace(labels[n-1])
	if strings.HasPrefix(l, num) {
		return l
	}
	return num + " " + l
}

func (v *review) live(kind string) []ims.Record { return v.recs[kind] }

// RiskPack renders the risk register and treatment plan: the method, the inherent and
// residual heat maps, every risk and the actions that treat it.
func RiskPack(s Snapshot, o Options) (PDF, error) {
	v := newReview(s, o, ReviewInput{})
	m := meta{
		title:    "Risk register and treatment plan",
		subtitle: "Security, privacy and AI risks on one method (ISO/IEC 27001, 27701 and 42001, clauses 6.1 and 8.2–8.3)",
		subject:  "Risk assessment results and risk treatment plan",
		keywords: "risk register, risk treatment plan, ISO/IEC 27001, ISO/IEC 42001, ISO/IEC 27701",
	}
	return render(s, o, m, func(d *doc) error {
		meth := v.method()
		riskMethod(d, meth, v)
		var as []risk.Assessment
		for _, r := range v.live("risk") {
			as = append(as, risk.FromRecord(r))
		}
		d.h1("Heat maps")
		d.para("Each cell counts the risks at that likelihood and impact, coloured by the level of its score. " +
			"Inherent is before treatment; residual is after it, for the risks whose residual score is assessed.")
		d.h2("Inherent risk", 90)
		d.heatMap(meth, meth.Grid(as, "", false))
		d.h2("Residual risk", 90)
		d.heatMap(meth, meth.Grid(as, "", true))
		riskRegister(d, meth, v)
		riskTreatment(d, v)
		return nil
	})
}

func riskMethod(d *doc, m risk.Method, v *review) {
	d.h1("Risk method")
	name := m.Title
	if m.Default {
		name += " (Keel's default: the workspace records no risk method)"
	}
	kv := [][2]string{{"Method", name}, {"Version", m.Version},
		{"Scales", fmt.Sprintf("Likelihood 1–%d × impact 1–%d; the score is their product (1–%d)", m.LikelihoodLevels, m.ImpactLevels, m.MaxScore())}}
	if rs := v.live("risk_method"); len(rs) > 0 && m.ID != "" {
		if r, ok := v.byID[m.ID]; ok {
			kv = append(kv, [2]string{"Approved by", strings.TrimSpace(str(r, "approved_by") + " " + shortDate(str(r, "approval_date")))},
				[2]string{"Next review", shortDate(str(r, "review_date"))})
		}
	}
	d.keyValues(kv)
	d.h2("Scales", 40)
	rows := [][]string{}
	for i := 0; i < max(m.LikelihoodLevels, m.ImpactLevels); i++ {
		l, im := "", ""
		if i < len(m.LikelihoodLabels) {
			l = m.LikelihoodLabels[i]
		}
		if i < len(m.ImpactLabels) {
			im = m.ImpactLabels[i]
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), l, im})
	}
	d.table([]column{{"Level", 14, "R"}, {"Likelihood", 60, ""}, {"Impact", 60, ""}}, rows)
	d.h2("Risk levels", 30)
	rows = rows[:0]
	lo := 1
	for _, b := range m.Bands {
		rows = append(rows, []string{b.Name, fmt.Sprintf("%d–%d", lo, b.Max)})
		lo = b.Max + 1
	}
	d.table([]column{{"Level", 60, ""}, {"Scores", 30, "R"}}, rows)
	d.h2("Risk appetite by lens", 30)
	rows = rows[:0]
	for _, l := range risk.Lenses {
		a := "Not set"
		if lim, ok := m.Appetite[l]; ok {
			a = "Residual score ≤ " + numText(lim) + " (" + m.Level(int(lim)).Name + ")"
		}
		rows = append(rows, []string{lensName(l), a})
	}
	d.table([]column{{"Lens", 30, ""}, {"Appetite", 90, ""}}, rows)
	d.note("A risk is over appetite when its current score (residual where assessed, else inherent) exceeds the strictest appetite of its lenses.")
	if r, ok := v.byID[m.ID]; ok && str(r, "criteria") != "" {
		d.h2("Risk acceptance criteria", 20)
		d.para(str(r, "criteria"))
	}
}

func lensName(l string) string {
	if l == "ai" {
		return "AI"
	}
	return capitalise(l)
}

// byCurrent orders risks by current score, highest first, then title and ID.
func byCurrent(rs []ims.Record) []ims.Record {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b ims.Record) int {
		return cmp.Or(risk.FromRecord(b).Current()-risk.FromRecord(a).Current(), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	return rs
}

func riskRegister(d *doc, m risk.Method, v *review) {
	d.h1("Risk register")
	rs := byCurrent(v.live("risk"))
	over := 0
	rows := [][]string{}
	for _, r := range rs {
		a := risk.FromRecord(r)
		inh, res := "—", "—"
		if a.Inherent() > 0 {
			inh = strconv.Itoa(a.Inherent())
		}
		if a.HasResidual() {
			res = strconv.Itoa(risk.Score(a.ResidualLikelihood, a.ResidualImpact))
		}
		o := "No"
		if a.Inherent() > 0 && m.OverAppetite(a) {
			o = "Yes"
			over++
		}
		acc := "—"
		if by := str(r, "accepted_by"); by != "" {
			acc = by
			if on := str(r, "accepted_on"); on != "" {
				acc += ", " + shortDate(on)
			}
		}
		rows = append(rows, []string{r.Title, orDash(a.Owner) + "\n" + lensText(r), inh, orDash(capitalise(str(r, "treatment"))), res, o, acc,
			orDash(shortDate(str(r, "review_date")))})
	}
	d.figures([][2]string{
		{strconv.Itoa(len(rs)), "risks in the register"},
		{strconv.Itoa(over), "over appetite"},
		{strconv.Itoa(len(rs) - countIf(rs, func(r ims.Record) bool { return risk.FromRecord(r).HasResidual() })), "without a residual score"},
	})
	d.note("Highest current score first. Scores are likelihood × impact; the levels they fall in are set by the method.")
	if len(rows) == 0 {
		d.para("No risk is recorded.")
		return
	}
	d.table([]column{{"Risk", 60, ""}, {"Owner and lenses", 24, ""}, {"Inherent", 12, ""}, {"Treatment", 16, ""},
		{"Residual", 12, ""}, {"Over appetite", 12, ""}, {"Accepted", 18, ""}, {"Review date", 15, ""}}, rows)
}

func countIf(rs []ims.Record, f func(ims.Record) bool) int {
	n := 0
	for _, r := range rs {
		if f(r) {
			n++
		}
	}
	return n
}

func riskTreatment(d *doc, v *review) {
	d.h1("Treatment plan")
	d.para("The risks being treated (reduce, avoid or transfer) with the plan, the controls and the actions that carry it out.")
	rows := [][]string{}
	for _, r := range byCurrent(v.live("risk")) {
		t := str(r, "treatment")
		if t == "" || t == "accept" {
			continue
		}
		var acts []string
		for _, id := range list(r, "actions") {
			a, ok := v.byID[id]
			if !ok {
				continue
			}
			line := a.Title + " — " + orDash(str(a, "owner"))
			if due := str(a, "due_date"); due != "" {
				line += ", due " + shortDate(due)
			}
			line += " (" + orDash(str(a, "status")) + ")"
			if v.overdue(a, "due_date", actionDone...) {
				line += " (overdue)"
			}
			acts = append(acts, line)
		}
		plan := strings.TrimSpace(str(r, "treatment_plan"))
		if c := controlRefs(str(r, "controls")); c != "" {
			plan = strings.TrimSpace(plan + "\nControls: " + c)
		}
		rows = append(rows, []string{r.Title, capitalise(t), orDash(plan), orDash(strings.Join(acts, "\n"))})
	}
	if len(rows) == 0 {
		d.para("No risk is being treated.")
		return
	}
	d.table([]column{{"Risk", 40, ""}, {"Treatment", 16, ""}, {"Plan and controls", 50, ""}, {"Actions", 60, ""}}, rows)
}

// AIInventoryPack renders the AI system inventory: every system with its owner, stage,
// gate, decision impact and personal data; the impact assessments of each; and the
// monitoring results past their thresholds in the period.
func AIInventoryPack(s Snapshot, o Options) (PDF, error) {
	v := newReview(s, o, ReviewInput{})
	m := meta{
		title:    "AI system inventory",
		subtitle: "AI systems, impact assessments and monitoring (ISO/IEC 42001 A.4, A.5, A.6 and 9.1)",
		subject:  "AI system inventory, impact assessments and monitoring breaches",
		keywords: "AI system inventory, AI impact assessment, ISO/IEC 42001",
	}
	return render(s, o, m, func(d *doc) error {
		systems := v.live("ai_system")
		d.h1("AI systems")
		live, high, pd := 0, 0, 0
		rows := [][]string{}
		for _, r := range systems {
			if slices.Contains(ims.LiveStages, str(r, "stage")) {
				live++
			}
			if str(r, "decision_impact") == "high" {
				high++
			}
			if r.Fields["personal_data"] == true {
				pd++
			}
			rows = append(rows, []string{r.Title, orDash(str(r, "owner")), orDash(capitalise(str(r, "stage"))), gateText(r),
				orDash(capitalise(str(r, "decision_impact"))), boolText(r, "personal_data"), orDash(v.titleOf(str(r, "processing_activity")))})
		}
		d.figures([][2]string{{strconv.Itoa(len(systems)), "AI systems"}, {strconv.Itoa(live), "in deployment or operation"},
			{strconv.Itoa(high), "with high decision impact"}, {strconv.Itoa(pd), "processing personal data"}})
		if len(rows) == 0 {
			d.para("No AI system is recorded.")
		} else {
			d.table([]column{{"AI system", 40, ""}, {"Owner", 22, ""}, {"Stage", 26, ""}, {"Stage gate", 30, ""},
				{"Impact", 14, ""}, {"Personal data", 14, ""}, {"Processing activity", 28, ""}}, rows)
		}
		d.h1("Impact assessments")
		d.para("The AI impact assessments of each system (ISO/IEC 42001 6.1.4, 8.4), newest version first.")
		bySys := map[string][]ims.Record{}
		for _, r := range v.live("impact_assessment") {
			bySys[str(r, "ai_system")] = append(bySys[str(r, "ai_system")], r)
		}
		rows = rows[:0]
		for _, sys := range systems {
			ias := bySys[sys.ID]
			slices.SortFunc(ias, func(a, b ims.Record) int {
				va, _ := number(a, "version")
				vb, _ := number(b, "version")
				return cmp.Or(cmp.Compare(vb, va), strings.Compare(a.ID, b.ID))
			})
			if len(ias) == 0 {
				rows = append(rows, []string{sys.Title, "None recorded", "—", "—", "—", "—"})
			}
			for _, ia := range ias {
				ver, _ := number(ia, "version")
				appr := orDash(str(ia, "approved_by"))
				if on := str(ia, "approved_on"); on != "" {
					appr += ", " + shortDate(on)
				}
				rows = append(rows, []string{sys.Title, ia.Title, numText(ver), orDash(capitalise(str(ia, "status"))), appr,
					orDash(shortDate(str(ia, "review_date")))})
			}
		}
		if len(rows) == 0 {
			d.para("No AI system is recorded.")
		} else {
			d.table([]column{{"AI system", 40, ""}, {"Assessment", 44, ""}, {"Version", 12, "R"}, {"Status", 18, ""},
				{"Approver", 32, ""}, {"Review date", 20, ""}}, rows)
		}
		d.h1("Monitoring breaches")
		var breaches []ims.Record
		total := 0
		for _, r := range v.live("monitoring_record") {
			if !v.inPeriod(str(r, "date")) {
				continue
			}
			total++
			if risk.BreachOf(r) {
				breaches = append(breaches, r)
			}
		}
		slices.SortFunc(breaches, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(str(b, "date"), str(a, "date")), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
		})
		d.para(fmt.Sprintf("%d monitoring results in the period; %d past their threshold.", total, len(breaches)))
		if len(breaches) > 0 {
			rows = rows[:0]
			for _, r := range breaches {
				val, _ := number(r, "value")
				th, _ := number(r, "threshold")
				nc := "—"
				if id := str(r, "nonconformity"); id != "" {
					nc = v.title(id)
				}
				rows = append(rows, []string{v.title(str(r, "ai_system")), r.Title, orDash(capitalise(str(r, "metric_type"))), numText(val),
					strings.TrimPrefix(str(r, "direction"), "breach when ") + " " + numText(th), shortDate(str(r, "date")), nc})
			}
			d.table([]column{{"AI system", 36, ""}, {"Measurement", 34, ""}, {"Metric", 18, ""}, {"Value", 12, "R"},
				{"Threshold", 20, ""}, {"Date", 18, ""}, {"Nonconformity", 28, ""}}, rows)
		}
		return nil
	})
}

// titleOf is the title of a linked record, "" when nothing is linked.
func (v *review) titleOf(id string) string {
	if id == "" {
		return ""
	}
	return v.title(id)
}

// gateText is the state of an AI system's stage gate.
func gateText(r ims.Record) string {
	if by := str(r, "gate_override_by"); by != "" || str(r, "gate_override") != "" {
		return "Overridden by " + orDash(by)
	}
	if by := str(r, "gate_approved_by"); by != "" {
		s := "Approved by " + by
		if on := str(r, "gate_approved_on"); on != "" {
			s += ", " + shortDate(on)
		}
		return s
	}
	return "Not approved"
}

// AuditPack renders the internal audit report of every audit planned, held or reported in
// the period: scope, standards, criteria, auditors, dates, the findings by type and the
// nonconformities raised from them.
func AuditPack(s Snapshot, o Options) (PDF, error) {
	v := newReview(s, o, ReviewInput{})
	m := meta{
		title:    "Internal audit report",
		subtitle: "Internal audits of the integrated management system (ISO/IEC 42001, 27001 and 27701, clause 9.2)",
		subject:  "Internal audit report: scope, criteria, findings and nonconformities",
		keywords: "internal audit, ISO/IEC 42001, ISO/IEC 27001, ISO/IEC 27701, 9.2",
	}
	var audits []ims.Record
	for _, r := range v.live("audit") {
		if v.inPeriod(str(r, "planned_start")) || v.inPeriod(str(r, "planned_end")) || v.changedInPeriod(r) {
			audits = append(audits, r)
		}
	}
	slices.SortFunc(audits, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(str(a, "planned_start"), str(b, "planned_start")), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	return render(s, o, m, func(d *doc) error {
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
	})
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

var findingSegments = []segment{{"Conformity", accent}, {"Observation", tint(0.4)}, {"Minor NC", rgb{222, 150, 60}}, {"Major NC", rgb{176, 58, 46}}}

func auditSection(d *doc, v *review, a ims.Record) {
	d.h1(a.Title)
	dates := auditDates(a)
	var crit []string
	for _, c := range strings.Split(str(a, "criteria"), "\n") {
		if c = strings.TrimSpace(c); c != "" {
			crit = append(crit, shortRef(c))
		}
	}
	d.keyValues([][2]string{
		{"Standards", orDash(strings.Join(list(a, "standards"), ", "))},
		{"Scope", orDash(str(a, "scope"))},
		{"Criteria", orDash(strings.Join(crit, "\n"))},
		{"Lead auditor", orDash(str(a, "lead_auditor"))},
		{"Other auditors", str(a, "auditors")},
		{"Dates", dates},
		{"Status", orDash(capitalise(str(a, "status")))},
	})
	if s := str(a, "summary"); s != "" {
		d.h2("Summary of results", 20)
		d.para(s)
	}
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
		rows = append(rows, []string{capitalise(str(f, "type")), f.Title, orDash(shortRef(str(f, "ref"))), orDash(str(f, "description")), nc})
	}
	d.table([]column{{"Type", 22, ""}, {"Finding", 38, ""}, {"Requirement", 20, ""}, {"Description", 50, ""}, {"Nonconformity", 34, ""}}, rows)
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

// controlRefs shortens the comma- or semicolon-separated catalogue references of a risk's
// controls as a reader names them ("42001 A.6.2.6, 27001 A.8.16"); free text passes through.
func controlRefs(s string) string {
	var refs []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			refs = append(refs, shortRef(f))
		}
	}
	return strings.Join(refs, ", ")
}
