package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/ims"
	"keel/backend/risk"
)

// KindRisk is the risk register and treatment plan.
const KindRisk Kind = "risk"

// riskPack lays out the risk register and treatment plan: the method, the inherent and
// residual heat maps, every risk and the actions that treat it.
func riskPack(d *doc, v *review) error {
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
	riskFlags(d, meth, v)
	riskRegister(d, meth, v)
	riskTreatment(d, v)
	return nil
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

// riskFlags is the section of the risks an auditor challenges first (risk.Flags): a review
// date past due, over appetite and neither accepted nor escalated.
func riskFlags(d *doc, m risk.Method, v *review) {
	d.h1("Risk flags")
	nums := risk.Numbers(v.live("risk"))
	rows := [][]string{}
	for _, r := range byCurrent(v.live("risk")) {
		if flags := m.Flags(r, linkedActions(v, r), v.asOf); len(flags) > 0 {
			rows = append(rows, []string{nums[r.ID], r.Title, capitalise(strings.Join(flags, "; "))})
		}
	}
	d.para("Risks past their review date on " + longDate(v.asOf) + ", and risks over appetite that nobody has accepted " +
		"and no open action treats (escalated means an open action is linked to the risk).")
	tableOr(d, "No risk is flagged.", []column{{"Risk", 14, ""}, {"Title", 70, ""}, {"Flag", 70, ""}}, rows)
}

// linkedActions are the action records a risk links.
func linkedActions(v *review, r ims.Record) []ims.Record {
	var acts []ims.Record
	for _, id := range list(r, "actions") {
		if x, ok := v.byID[id]; ok {
			acts = append(acts, x)
		}
	}
	return acts
}

func riskRegister(d *doc, m risk.Method, v *review) {
	d.h1("Risk register")
	rs := byCurrent(v.live("risk"))
	nums := risk.Numbers(v.live("risk"))
	over := 0
	rows, flagged := [][]string{}, 0
	for _, r := range rs {
		a := risk.FromRecord(r)
		inh, res := orDash(m.ScoreText(a.InherentLikelihood, a.InherentImpact)), "—"
		if a.HasResidual() {
			res = m.ScoreText(a.ResidualLikelihood, a.ResidualImpact)
		}
		flags := m.Flags(r, linkedActions(v, r), v.asOf)
		o := "No"
		if a.Inherent() > 0 && m.OverAppetite(a) {
			o = "Yes"
			over++
			if slices.Contains(flags, risk.FlagUnaccepted) {
				o += "\nFlag: not accepted or escalated"
			}
		}
		acc := "—"
		if by := str(r, "accepted_by"); by != "" {
			acc = by
			if on := str(r, "accepted_on"); on != "" {
				acc += ", " + shortDate(on)
			}
		}
		review := orDash(shortDate(str(r, "review_date")))
		if slices.Contains(flags, risk.FlagReviewOverdue) {
			review += "\nFlag: overdue"
		}
		treat := orDash(capitalise(str(r, "treatment")))
		if c := controlRefs(str(r, "controls")); c != "" {
			treat += "\nControls: " + c
		}
		rows = append(rows, []string{nums[r.ID] + "\n" + r.Title, orDash(a.Owner) + "\n" + lensText(r), inh, treat, res, o, acc, review})
		if len(flags) > 0 {
			flagged++
		}
	}
	d.figures([][2]string{
		{strconv.Itoa(len(rs)), "risks in the register"},
		{strconv.Itoa(over), "over appetite"},
		{strconv.Itoa(len(rs) - countIf(rs, func(r ims.Record) bool { return risk.FromRecord(r).HasResidual() })), "without a residual score"},
		{strconv.Itoa(flagged), "flagged: review overdue, or over appetite and neither accepted nor escalated"},
	})
	d.note("Highest current score first. Scores are likelihood × impact with the method's labels, then the level the score falls in; " +
		"risk numbers follow the order the risks were recorded in. Escalated means an open action is linked to the risk.")
	if len(rows) == 0 {
		d.para("No risk is recorded.")
		return
	}
	d.table([]column{{"Risk", 42, ""}, {"Owner and lenses", 22, ""}, {"Inherent", 24, ""}, {"Treatment", 22, ""},
		{"Residual", 24, ""}, {"Over appetite", 14, ""}, {"Accepted", 16, ""}, {"Review date", 15, ""}}, rows)
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

// heatMap draws a likelihood × impact grid as vectors: each cell coloured by its level,
// with the count of risks in it (and how many of them are over appetite).
func (d *doc) heatMap(m risk.Method, h risk.HeatMap) {
	d.flush(0)
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
			// Every cell in its level's colour with its count, 0 included: the level reads
			// from the colour's lightness, the count from the number.
			col := colors[k]
			d.fill(col)
			d.draw(rgb{255, 255, 255})
			p.SetLineWidth(0.6)
			p.Rect(x, y, cellW, cellH, "FD")
			if luminance(col) < 0.45 {
				d.color(rgb{255, 255, 255})
			} else {
				d.color(ink)
			}
			d.font("B", 11)
			if c.Count == 0 {
				d.font("", 10)
			}
			p.SetXY(x, y+1.5)
			p.CellFormat(cellW, 6, strconv.Itoa(c.Count), "", 0, "C", false, 0, "")
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

// luminance is a colour's relative lightness, 0 black to 1 white (sRGB weights, without
// the gamma curve: enough to choose white or dark text).
func luminance(c rgb) float64 {
	return (0.2126*float64(c.r) + 0.7152*float64(c.g) + 0.0722*float64(c.b)) / 255
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
