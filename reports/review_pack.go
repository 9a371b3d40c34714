package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"keel/backend/ims"
	mreview "keel/backend/review"
	"keel/backend/risk"
)

// KindReview is the management-review pack: the inputs of one management review (clause
// 9.3) gathered across the AIMS, ISMS and PIMS for the period. The pack reads the AI
// systems' history (Snapshot.History) besides the records.
const KindReview Kind = "management-review"

// reviewKinds are the record kinds the management-review pack reads from the snapshot:
// those of the review, and the Statement of Applicability's.
var reviewKinds = append(slices.Clone(mreview.Kinds), StatusKind)

// review is the pack's view of the snapshot: the management review's view (live records
// by kind in a fixed order) with the snapshot and options the pack prints.
type review struct {
	view    *mreview.View
	s       Snapshot
	o       Options
	recs    map[string][]ims.Record
	byID    map[string]ims.Record
	current *ims.Record // the review reported on, if any
	asOf    string      // the date things are judged overdue on: the period's end, else the generation date
}

func newReview(s Snapshot, o Options) *review {
	view := mreview.NewView(mreview.Input{Organisation: s.org(), Records: s.Records, History: s.History,
		From: o.From, To: o.To, AsOf: cmp.Or(o.AsOf, o.To, o.Generated.UTC().Format("2006-01-02")), Review: o.Review})
	return &review{view: view, s: s, o: o, recs: view.Recs, byID: view.ByID, current: view.Current, asOf: view.AsOf}
}

// inputs are the review's inputs, gathered once; the pack's two layout passes share them.
func (v *review) inputs() *mreview.Summary { return v.view.Summary() }

func (v *review) method() risk.Method { return v.view.Method() }

func (v *review) inPeriod(s string) bool { return v.view.InPeriod(s) }

func (v *review) changedInPeriod(r ims.Record) bool { return v.view.ChangedInPeriod(r) }

func (v *review) title(id string) string { return v.view.Title(id) }

// actionDone are the statuses that end an action.
var actionDone = mreview.ActionDone

func (v *review) overdue(r ims.Record, dueField string, done ...string) bool {
	return v.view.Overdue(r, dueField, done...)
}

// str, number and list read a record's field as the management review reads it.
var str, number, list = mreview.Text, mreview.Number, mreview.List

func boolText(r ims.Record, name string) string { return yesNo(mreview.Answer(r, name)) }

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "—"
	case *b:
		return "Yes"
	}
	return "No"
}

// day is the date part of a date or an RFC 3339 time.
func day(s string) string { return mreview.Day(s) }

func shortDate(s string) string { return mreview.ShortDate(s) }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// numText prints a number without float noise: at most six decimals, no trailing zeros.
func numText(f float64) string { return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64) }

// reviewPack renders the management-review pack: the inputs clause 9.3.2 asks top
// management to consider, across the AIMS, ISMS and PIMS, for the period; and the
// decisions and actions of the review itself when the workspace records one
// (Options.Review, else the latest meeting in the period).
func reviewPack(s Snapshot, o Options, m meta) (PDF, error) {
	if s.Standards == nil {
		return PDF{}, fmt.Errorf("reports: the management-review pack needs the standards catalogue in the snapshot")
	}
	if err := o.Validate(); err != nil {
		return PDF{}, err
	}
	v := newReview(s, o)
	// With no period asked for, the pack reports on the latest review over its own period,
	// judged as at its meeting date.
	if v.current != nil && o.From == "" && o.To == "" {
		o.From, o.To = str(*v.current, "period_from"), str(*v.current, "period_to")
		o.AsOf, o.Review = cmp.Or(o.AsOf, str(*v.current, "meeting_date")), v.current.ID
		v = newReview(s, o)
	}
	if v.current != nil {
		m.subtitle = v.current.Title + " — " + m.subtitle
	}
	return render(s, o, m, func(d *doc) error {
		v.body(d)
		return nil
	})
}

// reviewSink is what the pack's sections write to: the PDF kit's doc, or (in the
// benchmark) an HTML page with the same content for a browser to print.
type reviewSink interface {
	h1(title string)
	h2(title string, keep float64)
	para(s string)
	note(s string)
	gap(h float64)
	keyValues(rows [][2]string)
	figures(items [][2]string)
	table(cols []column, rows [][]string)
	barChart(segs []segment, bars []bar)
	lineChart(title, unit string, pts []linePoint, target float64, hasTarget bool)
	keepChart(bars int)
}

// tableOr writes the rows as a table, or the sentence none when there are no rows.
func tableOr(d reviewSink, none string, cols []column, rows [][]string) {
	if len(rows) == 0 {
		d.para(none)
		return
	}
	d.table(cols, rows)
}

func (v *review) body(d reviewSink) {
	v.summary(d)
	v.previousActions(d)
	v.context(d)
	v.performance(d)
	v.risks(d)
	v.aiSystems(d)
	v.principles(d)
	v.privacy(d)
	v.suppliers(d)
	v.improvements(d)
	v.decisions(d)
	v.evidence(d)
}

// reviewInputs are the 9.3.2 inputs with each standard's letter (mreview.Letters): 27701
// takes 27001's.
func reviewInputs() [][]string {
	rows := make([][]string, 0, len(mreview.Letters)+1)
	for _, l := range mreview.Letters {
		rows = append(rows, []string{l.Input, orDash(l.ISO27001), orDash(l.ISO42001), orDash(l.ISO27001), l.Section})
	}
	return append(rows, []string{"Decisions on improvement, changes needed and resources", "9.3.3", "9.3.3", "9.3.3", "Decisions and actions of this review"})
}

func (v *review) summary(d reviewSink) {
	d.h1("Summary")
	f := v.inputs().Figures
	d.figures([][2]string{
		{strconv.Itoa(f.OpenNonconformities), "nonconformities not yet closed"},
		{fmt.Sprintf("%d of %d", f.ObjectivesOnTrack, f.Objectives), "objectives on track or achieved"},
		{strconv.Itoa(f.RisksOverAppetite), "risks over appetite"},
		{strconv.Itoa(f.Incidents), "incidents in the period"},
	})
	intro := "This pack gathers what top management considers at the management review, once for the AI, " +
		"information security and privacy management systems, from the workspace's registers for the period " + periodText(v.o) + "."
	if v.current != nil {
		intro += " It reports on " + v.current.Title + ", held on " + longDate(str(*v.current, "meeting_date")) + "."
	}
	d.para(intro)
	d.h2("Review inputs", 40)
	d.table([]column{{"Input (9.3.2)", 62, ""}, {"27001:2022", 16, ""}, {"42001:2023", 16, ""}, {"27701", 14, ""}, {"Section", 42, ""}}, reviewInputs())
	d.note("The letters are each standard's numbering of clause 9.3.2; \"—\" where a standard does not list the input on its own. " +
		"ISO/IEC 27701 adds no inputs: it applies ISO/IEC 27001's clause 9.3 to the PIMS, so its letters are 27001's. The wording is Keel's own.")
}

func (v *review) previousActions(d reviewSink) {
	d.h1("Previous reviews and their actions")
	in := v.inputs()
	if len(in.PreviousReviews) == 0 {
		d.para("No earlier management review is recorded: this is the first.")
	} else {
		rows := [][]string{}
		for _, r := range in.PreviousReviews {
			rows = append(rows, []string{r.Title, shortDate(r.MeetingDate), orDash(r.Chair), orDash(capitalise(r.Status)), strconv.Itoa(len(r.ActionIDs))})
		}
		d.table([]column{{"Review", 60, ""}, {"Meeting", 22, ""}, {"Chair", 34, ""}, {"Status", 24, ""}, {"Actions", 14, "R"}}, rows)
	}
	rows := [][]string{}
	open, late := 0, 0
	for _, a := range in.PreviousActions {
		status := orDash(capitalise(a.Status))
		if a.Open {
			open++
		}
		if a.Overdue {
			late++
			status += " (overdue)"
		}
		rows = append(rows, []string{a.Title, orDash(a.From), orDash(a.Owner), shortDate(orDash(a.Due)), status})
	}
	d.h2("Actions from previous reviews", 30)
	if len(rows) == 0 {
		d.para("No actions from earlier reviews.")
		return
	}
	d.note(fmt.Sprintf("%d actions; %d still open, %d of them overdue at %s.", len(rows), open, late, longDate(v.asOf)))
	d.table([]column{{"Action", 56, ""}, {"From", 36, ""}, {"Owner", 30, ""}, {"Due", 20, ""}, {"Status", 24, ""}}, rows)
}

func (v *review) context(d reviewSink) {
	d.h1("Context and interested parties")
	d.para("Issues and interested parties created or changed in the period (clauses 4.1 and 4.2): what has moved since the last review.")
	d.h2("External and internal issues", 30)
	in := v.inputs()
	rows := [][]string{}
	for _, r := range in.Issues {
		rows = append(rows, []string{r.Title, orDash(capitalise(r.Type)), lensNames(r.Lens), orDash(capitalise(r.Effect)),
			orDash(capitalise(r.Status)), shortDate(r.Changed)})
	}
	tableOr(d, "No issue changed in the period.", []column{{"Issue", 64, ""}, {"Type", 18, ""}, {"Lens", 26, ""}, {"Effect", 18, ""}, {"Status", 20, ""}, {"Changed", 20, ""}}, rows)
	d.h2("Interested parties", 30)
	rows = rows[:0]
	for _, r := range in.Parties {
		what := strings.Join(r.What, ", ")
		if what != "" {
			what = "\nChanged: " + what
		}
		rows = append(rows, []string{r.Title + "\n" + capitalise(r.Category), orDash(r.Needs), orDash(capitalise(r.Influence)),
			yesNo(r.Addressed), shortDate(r.Changed) + what})
	}
	tableOr(d, "No interested party changed in the period.", []column{{"Party", 40, ""}, {"Needs and expectations", 66, ""},
		{"Influence", 16, ""}, {"Addressed", 16, ""}, {"Changed", 32, ""}}, rows)
	d.h2("Feedback from interested parties", 24)
	rows = rows[:0]
	for _, f := range in.Feedback {
		rows = append(rows, []string{f.Title, orDash(capitalise(f.Category)), f.Feedback, shortDate(f.Changed)})
	}
	tableOr(d, "No feedback from an interested party was recorded in the period (interested parties › feedback received).",
		[]column{{"Party", 44, ""}, {"Category", 24, ""}, {"Feedback", 84, ""}, {"Recorded", 20, ""}}, rows)
}

func lensText(r ims.Record) string { return lensNames(list(r, "lens")) }

// lensNames prints lenses as "Security, AI".
func lensNames(l []string) string {
	out := make([]string, len(l))
	for i, s := range l {
		switch s {
		case "ai":
			out[i] = "AI"
		default:
			out[i] = capitalise(s)
		}
	}
	return orDash(strings.Join(out, ", "))
}

func (v *review) performance(d reviewSink) {
	d.h1("Performance")
	d.para("Nonconformities and corrective action, objectives and their measurements, internal audit results and " +
		"incidents (clauses 9.1, 9.2, 10.2).")
	in := v.inputs()
	if len(in.Trends) > 0 && len(in.Trends[0].Periods) > 0 {
		d.h2("Trends by quarter", 30)
		cols := []column{{"Measure", 60, ""}}
		for _, p := range in.Trends[0].Periods {
			cols = append(cols, column{p, 14, "R"})
		}
		rows := [][]string{}
		for _, t := range in.Trends {
			row := []string{t.Measure}
			for _, c := range t.Counts {
				row = append(row, strconv.Itoa(c))
			}
			rows = append(rows, row)
		}
		d.table(cols, rows)
		d.note("Counted in the quarter each was raised, found or measured, within the period.")
	}

	// Nonconformities: every one not closed, and those closed in the period.
	d.h2("Nonconformities and corrective action", 50)
	rows := [][]string{}
	for _, r := range in.Nonconformities {
		status := orDash(capitalise(r.Status))
		if r.Overdue {
			status += " (overdue)"
		}
		rows = append(rows, []string{r.Title, orDash(capitalise(r.Source)), orDash(capitalise(r.Severity)), orDash(r.Owner),
			shortDate(orDash(r.Due)), status, yesNo(r.Effective)})
	}
	if len(rows) == 0 {
		d.para("No nonconformity open or closed in the period.")
	} else {
		bars := []bar{}
		for _, t := range in.NonconformitiesBySource {
			bars = append(bars, bar{label: orDash(capitalise(t.Label)), counts: t.Counts, figure: strconv.Itoa(t.Total)})
		}
		d.keepChart(len(bars))
		d.barChart([]segment{{"Open", rgb{176, 58, 46}}, {"Action planned", tint(0.35)}, {"Awaiting check", tint(0.65)}, {"Closed", accent}}, bars)
		d.table([]column{{"Nonconformity", 60, ""}, {"Source", 24, ""}, {"Grade", 16, ""}, {"Owner", 28, ""}, {"Due", 18, ""}, {"Status", 22, ""}, {"Effective", 14, ""}}, rows)
	}

	v.objectives(d)
	v.audits(d)

	// Incidents in the period by type and severity.
	d.h2("Incidents", 50)
	rows = rows[:0]
	for _, r := range in.Incidents {
		if r.Type == "security incident" {
			rows = append(rows, []string{r.Title, orDash(capitalise(r.Severity)), shortDate(orDash(r.AwareAt)), orDash(r.Handler), orDash(capitalise(r.Status))})
		}
	}
	bars := []bar{}
	for _, t := range in.IncidentsByType {
		bars = append(bars, bar{label: capitalise(t.Label), counts: t.Counts, figure: strconv.Itoa(t.Total)})
	}
	d.keepChart(len(bars))
	d.barChart(severitySegments, bars)
	d.note("Personal-data breaches are listed under Privacy and AI system failures under AI systems.")
	if len(rows) > 0 {
		d.table([]column{{"Security incident", 70, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"Handled by", 30, ""}, {"Status", 20, ""}}, rows)
	}
}

var severitySegments = []segment{
	{"Low", tint(0.2)}, {"Medium", tint(0.5)}, {"High", accent}, {"Critical", rgb{176, 58, 46}},
}

func (v *review) objectives(d reviewSink) {
	d.h2("Objectives and measurements", 40)
	objs := v.inputs().Objectives
	if len(objs) == 0 {
		d.para("No objectives are recorded.")
		return
	}
	rows := [][]string{}
	for _, o := range objs {
		latest := "—"
		if m := o.Latest; m != nil {
			val := 0.0
			if m.Value != nil {
				val = *m.Value
			}
			latest = numText(val) + unitText(o.Unit) + " (" + shortDate(m.Date) + ")"
		}
		target := "—"
		if o.Target != nil {
			target = numText(*o.Target) + unitText(o.Unit)
			if o.Direction == "lower" {
				target = "≤ " + target
			} else if o.Direction == "higher" {
				target = "≥ " + target
			}
		}
		rows = append(rows, []string{o.Title, lensNames(o.Lens), target, latest, orDash(o.Owner), orDash(capitalise(o.Status))})
	}
	d.table([]column{{"Objective", 62, ""}, {"Lens", 22, ""}, {"Target", 18, ""}, {"Latest", 30, ""}, {"Owner", 28, ""}, {"Status", 18, ""}}, rows)
	for _, o := range objs {
		if len(o.Readings) < 2 {
			continue
		}
		pts := make([]linePoint, 0, len(o.Readings))
		for _, m := range o.Readings {
			t, err := time.Parse("2006-01-02", day(m.Date))
			if err != nil || m.Value == nil {
				continue
			}
			pts = append(pts, linePoint{t: t, v: *m.Value})
		}
		target := 0.0
		if o.Target != nil {
			target = *o.Target
		}
		d.lineChart(o.Title, unitText(o.Unit), pts, target, o.Target != nil)
	}
}

// unitText prints a unit after a number: "%" close up, any other unit spaced.
func unitText(u string) string {
	switch {
	case u == "":
		return ""
	case u == "%":
		return "%"
	}
	return " " + u
}

func (v *review) audits(d reviewSink) {
	d.h2("Internal audit results", 40)
	in := v.inputs()
	if len(in.Audits) == 0 {
		d.para("No internal audit was planned, held or reported in the period.")
		return
	}
	rows := [][]string{}
	bars := []bar{}
	for _, a := range in.Audits {
		dates := shortDate(orDash(a.Start))
		if a.End != "" && a.End != a.Start {
			dates += " – " + shortDate(a.End)
		}
		stds := strings.ReplaceAll(strings.Join(a.Standards, ", "), "ISO/IEC ", "")
		n := sum(a.Findings)
		rows = append(rows, []string{a.Title, orDash(stds), orDash(a.LeadAuditor), dates, orDash(capitalise(a.Status)), strconv.Itoa(n)})
		bars = append(bars, bar{label: a.Title, counts: a.Findings, figure: strconv.Itoa(n)})
	}
	d.table([]column{{"Audit", 56, ""}, {"Standards", 26, ""}, {"Lead auditor", 28, ""}, {"Dates", 30, ""}, {"Status", 18, ""}, {"Findings", 14, "R"}}, rows)
	d.keepChart(len(bars))
	d.note("Findings by type:")
	d.barChart(findingSegments, bars)
	if len(in.Findings) == 0 {
		return
	}
	rows = rows[:0]
	for _, f := range in.Findings {
		nc := "—"
		if r := f.Nonconformity; r != nil {
			nc = r.Title
			if !r.Missing {
				nc += " (" + orDash(r.Status) + ")"
			}
		}
		rows = append(rows, []string{f.Title, f.Audit, orDash(capitalise(f.Type)), orDash(f.RefName), nc})
	}
	d.table([]column{{"Finding", 56, ""}, {"Audit", 40, ""}, {"Type", 26, ""}, {"Requirement", 22, ""}, {"Nonconformity raised", 40, ""}}, rows)
}

func (v *review) risks(d reviewSink) {
	d.h1("Risk")
	in := v.inputs()
	rk, levels := in.Risks, in.Keys.RiskLevels
	d.para(fmt.Sprintf("Risk assessment results and treatment status on the workspace's risk method (%s, %d×%d). "+
		"Inherent is the score before treatment; current is the residual score where assessed, else the inherent.",
		rk.Method, rk.LikelihoodLevels, rk.ImpactLevels))
	d.figures([][2]string{
		{strconv.Itoa(rk.Total), "risks in the register"},
		{strconv.Itoa(len(rk.OverAppetite)), "over appetite"},
		{strconv.Itoa(rk.Current[len(rk.Current)-1]), "at the highest level now"},
		{strconv.Itoa(rk.Unscored), "not yet scored"},
	})
	d.h2("Risks by level", 40)
	segs := make([]segment, len(levels))
	for i, c := range levelColors(len(levels)) {
		segs[i] = segment{levels[i], c}
	}
	d.barChart(segs, []bar{
		{label: "Inherent", counts: rk.Inherent, figure: strconv.Itoa(sum(rk.Inherent))},
		{label: "Current", counts: rk.Current, figure: strconv.Itoa(sum(rk.Current))},
	})
	rows := [][]string{}
	for i, l := range levels {
		rows = append(rows, []string{l, strconv.Itoa(rk.Inherent[i]), strconv.Itoa(rk.Current[i])})
	}
	d.table([]column{{"Level", 50, ""}, {"Inherent", 20, "R"}, {"Current", 20, "R"}}, rows)
	if len(rk.Treatments) > 0 {
		tr := [][]string{}
		for _, t := range rk.Treatments {
			label := capitalise(t.Label)
			if t.Label == "" {
				label = "Not yet chosen"
			}
			tr = append(tr, []string{label, strconv.Itoa(t.Count)})
		}
		d.h2("Treatment chosen", 30)
		d.table([]column{{"Treatment", 50, ""}, {"Risks", 20, "R"}}, tr)
	}
	d.h2("Risks over appetite", 30)
	if len(rk.OverAppetite) == 0 {
		d.para("No risk is over the appetite set for its lenses.")
	} else {
		rows = rows[:0]
		for _, r := range rk.OverAppetite {
			rows = append(rows, []string{r.Title, lensNames(r.Lens), orDash(r.Owner), strconv.Itoa(r.Inherent),
				strconv.Itoa(r.Current) + " " + r.Level, numText(r.Appetite), orDash(capitalise(r.Treatment)), orDash(capitalise(r.Status))})
		}
		d.table([]column{{"Risk", 56, ""}, {"Lens", 20, ""}, {"Owner", 26, ""}, {"Inherent", 14, "R"}, {"Current", 22, ""}, {"Appetite", 15, "R"}, {"Treatment", 18, ""}, {"Status", 20, ""}}, rows)
	}
	if stds, err := soaStandards(v.s); err == nil && len(v.recs[StatusKind]) > 0 {
		d.h2("Control implementation", 40)
		d.note("The share implemented of applicable Annex A controls, by standard (the Statement of Applicability).")
		bars := []bar{}
		for _, st := range stds {
			var c soaCounts
			for _, g := range st.groups {
				for _, r := range g.rows {
					c.add(r)
				}
			}
			bars = append(bars, c.bar(st.name))
		}
		d.barChart(soaSegments, bars)
	}
}

// keepChart starts a new page when a bar chart of n bars (each up to two lines of label)
// would not fit whole on this one; charts longer than half a page break as they must.
func (d *doc) keepChart(n int) {
	need := 16 + float64(n)*9.6
	d.flush(min(need, (bodyBottom-marginT)/2))
	if need < (bodyBottom-marginT)/2 && d.pdf.GetY()+need > bodyBottom {
		d.newPage()
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func (v *review) aiSystems(d reviewSink) {
	d.h1("AI systems")
	d.para("The AI system inventory with lifecycle changes in the period, AI system failures and monitoring results " +
		"past their thresholds (ISO/IEC 42001 8, 9.1, A.6).")
	in := v.inputs()
	rows := [][]string{}
	changed := 0
	for _, r := range in.AISystems {
		changes := make([]string, len(r.StageChanges))
		for i, c := range r.StageChanges {
			changes[i] = "→ " + c.Stage + ", " + shortDate(c.At)
		}
		if len(changes) > 0 {
			changed++
		}
		rows = append(rows, []string{r.Title, orDash(capitalise(r.Provenance)), orDash(capitalise(r.Stage)),
			orDash(capitalise(r.DecisionImpact)), orDash(strings.Join(changes, "\n"))})
	}
	d.h2("Inventory and lifecycle changes", 30)
	if len(rows) == 0 {
		d.para("No AI system is recorded.")
	} else {
		d.note(fmt.Sprintf("%d AI systems; %d changed stage in the period.", len(in.AISystems), changed))
		d.table([]column{{"AI system", 52, ""}, {"Provenance", 20, ""}, {"Stage", 34, ""}, {"Impact", 16, ""}, {"Stage changes in the period", 48, ""}}, rows)
	}
	d.h2("AI system failures", 30)
	rows = rows[:0]
	for _, r := range in.Incidents {
		if r.Type == "AI system failure" {
			rows = append(rows, []string{r.Title, orDash(r.AISystem), orDash(capitalise(r.Severity)),
				shortDate(orDash(r.AwareAt)), orDash(capitalise(r.Status))})
		}
	}
	tableOr(d, "No AI system failure in the period.", []column{{"Incident", 60, ""}, {"AI system", 40, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"Status", 20, ""}}, rows)
	d.h2("Monitoring past threshold", 30)
	d.note(breachesText(in.MonitoringResults, len(in.Breaches)))
	if len(in.Breaches) > 0 {
		rows = rows[:0]
		for _, r := range in.Breaches {
			rows = append(rows, []string{r.AISystem, r.Title, orDash(capitalise(r.Metric)), numText(r.Value), thresholdText(r), shortDate(r.Date)})
		}
		d.table([]column{{"AI system", 40, ""}, {"Measurement", 44, ""}, {"Metric", 22, ""}, {"Value", 14, "R"}, {"Threshold", 22, ""}, {"Date", 20, ""}}, rows)
	}
}

// principles is the responsible-AI principles section: the principles created or changed in
// the period and the breaches of the monitoring metrics that evidence them (42001 5.2, 6.2).
func (v *review) principles(d reviewSink) {
	in := v.inputs()
	d.h2("Responsible-AI principles", 30)
	rows := [][]string{}
	for _, p := range in.Principles {
		change := "Changed"
		if p.New {
			change = "New"
		}
		rows = append(rows, []string{p.Title, orDash(capitalise(p.Status)), change, strconv.Itoa(p.Breaches)})
	}
	tableOr(d, "No responsible-AI principle was created or changed in the period.",
		[]column{{"Principle", 70, ""}, {"Status", 24, ""}, {"In the period", 26, ""}, {"Metric breaches", 30, "R"}}, rows)
	rows = [][]string{}
	for _, b := range in.Breaches {
		if b.Principle != "" {
			rows = append(rows, []string{b.Principle, b.AISystem, b.Title, numText(b.Value), thresholdText(b), shortDate(b.Date)})
		}
	}
	d.h2("Breaches of the principles' metrics", 30)
	tableOr(d, "No monitoring metric that evidences a principle was past its threshold in the period.",
		[]column{{"Principle", 36, ""}, {"AI system", 34, ""}, {"Measurement", 44, ""}, {"Value", 14, "R"}, {"Threshold", 22, ""}, {"Date", 20, ""}}, rows)
}

// breachesText says how many monitoring results the period has and how many of them are
// past their threshold (the AI inventory and the management review).
func breachesText(results, breaches int) string {
	return fmt.Sprintf("%d monitoring results in the period; %d past their threshold.", results, breaches)
}

// thresholdText is a breach's threshold with its direction: "above 0.25".
func thresholdText(b mreview.Breach) string {
	return strings.TrimPrefix(b.Direction, "breach when ") + " " + numText(b.Threshold)
}

func (v *review) privacy(d reviewSink) {
	d.h1("Privacy")
	d.para("Personal-data breaches in the period and the data protection impact assessments (UK GDPR Art 33–35; ISO/IEC 27701).")
	d.h2("Personal-data breaches", 30)
	in := v.inputs()
	rows := [][]string{}
	for _, r := range in.Incidents {
		if r.Type == "personal-data breach" {
			reported := orDash(r.ICOReportedAt)
			if reported != "—" {
				reported = shortDate(reported)
			}
			rows = append(rows, []string{r.Title, orDash(capitalise(r.Severity)), shortDate(orDash(r.AwareAt)),
				orDash(capitalise(r.ICOReportable)), reported, orDash(capitalise(r.Status))})
		}
	}
	tableOr(d, "No personal-data breach in the period.", []column{{"Breach", 58, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"ICO reportable", 20, ""}, {"Reported", 20, ""}, {"Status", 18, ""}}, rows)
	d.h2("DPIAs", 30)
	rows = rows[:0]
	for _, r := range in.DPIAs {
		rows = append(rows, []string{r.Title, orDash(capitalise(r.Required)), orDash(capitalise(r.ResidualRisk)),
			orDash(capitalise(r.Outcome)), orDash(capitalise(r.Status)), shortDate(orDash(r.ReviewDate))})
	}
	tableOr(d, "No DPIA is recorded.", []column{{"DPIA", 58, ""}, {"Required", 16, ""}, {"Residual risk", 18, ""}, {"Outcome", 30, ""}, {"Status", 18, ""}, {"Next review", 20, ""}}, rows)
}

func (v *review) suppliers(d reviewSink) {
	d.h1("Suppliers")
	d.para("Suppliers whose due diligence found issues or is unfinished, whose review is overdue, or who were involved in an incident in the period (clause 8.1; 27001 A.5.19–A.5.22; 42001 A.10).")
	in := v.inputs()
	if len(in.SupplierIssues) == 0 {
		d.para(fmt.Sprintf("No supplier issue among the %d suppliers.", in.Suppliers))
		return
	}
	rows := [][]string{}
	for _, r := range in.SupplierIssues {
		rows = append(rows, []string{r.Title, orDash(r.Service), orDash(capitalise(r.Criticality)), strings.Join(r.Issues, "\n")})
	}
	d.note(fmt.Sprintf("%d of %d suppliers need attention.", len(rows), in.Suppliers))
	d.table([]column{{"Supplier", 44, ""}, {"Service", 44, ""}, {"Criticality", 18, ""}, {"Issue", 60, ""}}, rows)
}

func (v *review) improvements(d reviewSink) {
	d.h1("Opportunities for improvement")
	d.para("Improvements still open, and those logged, changed or finished in the period (clauses 9.3.2 g and 10.1), " +
		"for the review to decide on. Open ones come first, soonest target first.")
	in := v.inputs()
	if len(in.Improvements) == 0 {
		d.para("No opportunity for improvement is logged.")
		return
	}
	rows := [][]string{}
	open, overdue := 0, 0
	for _, r := range in.Improvements {
		status := capitalise(r.Status)
		if r.Open {
			open++
		}
		if r.Overdue {
			overdue++
			status += " (overdue)"
		}
		rows = append(rows, []string{r.Title, orDash(capitalise(r.Source)), orDash(r.Owner), shortDate(orDash(r.TargetDate)), orDash(status)})
	}
	d.note(fmt.Sprintf("%d improvements; %d open, %d of them past their target date.", len(rows), open, overdue))
	d.table([]column{{"Improvement", 70, ""}, {"Source", 24, ""}, {"Owner", 30, ""}, {"Target", 20, ""}, {"Status", 24, ""}}, rows)
}

func (v *review) decisions(d reviewSink) {
	d.h1("Decisions and actions of this review")
	r := v.inputs().Review
	if r == nil {
		d.para("No management review meeting is recorded in the period. Record one (Performance → Management reviews) " +
			"with its attendees, decisions and actions, and regenerate this pack to include them.")
		return
	}
	period := ""
	if r.PeriodFrom != "" || r.PeriodTo != "" {
		period = longDate(r.PeriodFrom) + " – " + longDate(r.PeriodTo)
	}
	d.keyValues([][2]string{
		{"Meeting", r.Title},
		{"Date", longDate(r.MeetingDate)},
		{"Chair", r.Chair},
		{"Attendees", r.Attendees},
		{"Period reviewed", period},
		{"Status", capitalise(r.Status)},
	})
	d.gap(3)
	d.h2("Decisions", 24)
	if len(r.Decisions) == 0 {
		d.para("No decisions are recorded yet.")
	} else {
		rows := make([][]string, len(r.Decisions))
		for i, l := range r.Decisions {
			rows[i] = []string{strconv.Itoa(i + 1), l}
		}
		d.table([]column{{"#", 6, "R"}, {"Decision", 160, ""}}, rows)
	}
	for _, out := range []struct {
		title string
		lines []string
	}{{"Decisions on improvement opportunities (9.3.3)", r.ImprovementDecisions}, {"Changes needed to the management system (9.3.3)", r.Changes},
		{"Resources needed (9.3.3)", r.Resources}} {
		d.h2(out.title, 20)
		rows := make([][]string, len(out.lines))
		for i, l := range out.lines {
			rows[i] = []string{strconv.Itoa(i + 1), l}
		}
		tableOr(d, "None recorded.", []column{{"#", 6, "R"}, {"Output", 160, ""}}, rows)
	}
	d.h2("Actions agreed", 24)
	rows := [][]string{}
	for _, a := range r.Actions {
		rows = append(rows, []string{a.Title, orDash(a.Owner), shortDate(orDash(a.Due)), orDash(capitalise(a.Priority)), orDash(capitalise(a.Status))})
	}
	tableOr(d, "No actions are linked to this review yet.", []column{{"Action", 70, ""}, {"Owner", 30, ""}, {"Due", 20, ""}, {"Priority", 16, ""}, {"Status", 20, ""}}, rows)
	if r.Notes != "" {
		d.h2("Notes", 20)
		d.para(r.Notes)
	}
}

// evidence is the appendix: every evidence reference recorded for a control, so the
// reviewers can see what the implementation rests on.
func (v *review) evidence(d reviewSink) {
	stds, err := soaStandards(v.s)
	if err != nil {
		return
	}
	rows := [][]string{}
	for _, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				for i, e := range r.evidence {
					rows = append(rows, []string{strings.TrimPrefix(st.name, "ISO/IEC "), r.item.ID, strconv.Itoa(i + 1), e})
				}
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	d.h1("Appendix: evidence references")
	d.note(fmt.Sprintf("%d evidence references recorded against the controls of the Statement of Applicability.", len(rows)))
	d.table([]column{{"Standard", 30, ""}, {"Control", 18, ""}, {"#", 8, "R"}, {"Reference", 110, ""}}, rows)
}
