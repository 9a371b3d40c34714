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
	"keel/backend/risk"
)

// KindReview is the management-review pack: the inputs of one management review (clause
// 9.3) gathered across the AIMS, ISMS and PIMS for the period. It is rendered by
// ReviewPack, which takes the AI systems' history besides the snapshot.
const KindReview Kind = "management-review"

// ReviewKinds are the record kinds the management-review pack reads from the snapshot.
var ReviewKinds = []string{"management_review", "action", "context_issue", "interested_party", "nonconformity",
	"objective", "measurement", "audit", "finding", "risk_method", "risk", "ai_system", "incident",
	"monitoring_record", "dpia", "supplier", StatusKind}

// ReviewInput is what the management-review pack reads besides the snapshot.
type ReviewInput struct {
	// Review is the ID of the management_review record the pack reports on; empty picks the
	// latest meeting dated within the period (none when there is no such record).
	Review string
	// History is the history of records by record ID; the pack reads the AI systems'
	// stage changes from it. Records without an entry show no changes.
	History map[string][]ims.HistoryEntry
}

// review is the pack's view of the snapshot: live records by kind in a fixed order.
type review struct {
	s       Snapshot
	o       Options
	in      ReviewInput
	recs    map[string][]ims.Record
	byID    map[string]ims.Record
	current *ims.Record // the review reported on, if any
	from    string      // the period, "" for open ends
	to      string
	asOf    string // the date things are judged overdue on: the period's end, else the generation date
}

func newReview(s Snapshot, o Options, in ReviewInput) *review {
	v := &review{s: s, o: o, in: in, recs: map[string][]ims.Record{}, byID: map[string]ims.Record{},
		from: o.From, to: o.To, asOf: o.To}
	if v.asOf == "" {
		v.asOf = o.Generated.UTC().Format("2006-01-02")
	}
	for _, k := range slices.Concat(ReviewKinds, RegisterKinds) {
		if _, done := v.recs[k]; done {
			continue
		}
		var live []ims.Record
		for _, r := range s.Records[k] {
			if !r.Deleted {
				live = append(live, r)
			}
		}
		// The order records arrive in must not matter: by title, then ID.
		slices.SortFunc(live, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
		})
		v.recs[k] = live
		for _, r := range live {
			v.byID[r.ID] = r
		}
	}
	if in.Review != "" {
		if r, ok := v.byID[in.Review]; ok && r.Kind == "management_review" {
			v.current = &r
		}
	} else {
		for _, r := range v.recs["management_review"] {
			d := str(r, "meeting_date")
			if d == "" || !v.inPeriod(d) {
				continue
			}
			if v.current == nil || d > str(*v.current, "meeting_date") {
				r := r
				v.current = &r
			}
		}
	}
	return v
}

func str(r ims.Record, name string) string {
	s, _ := r.Fields[name].(string)
	return strings.TrimSpace(s)
}

func number(r ims.Record, name string) (float64, bool) {
	f, ok := r.Fields[name].(float64)
	return f, ok
}

func list(r ims.Record, name string) []string {
	l, _ := r.Fields[name].([]string)
	return l
}

func boolText(r ims.Record, name string) string {
	switch r.Fields[name] {
	case true:
		return "Yes"
	case false:
		return "No"
	}
	return "—"
}

// day is the date part of a date or an RFC 3339 time.
func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// inPeriod reports whether a date (or time) falls within the period; open ends match all.
func (v *review) inPeriod(s string) bool {
	d := day(s)
	if d == "" {
		return false
	}
	return (v.from == "" || d >= v.from) && (v.to == "" || d <= v.to)
}

// changedInPeriod reports whether a record was created or last changed within the period.
func (v *review) changedInPeriod(r ims.Record) bool {
	return v.inPeriod(r.UpdatedAt) || v.inPeriod(r.CreatedAt)
}

func shortDate(s string) string {
	t, err := time.Parse("2006-01-02", day(s))
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// numText prints a number without float noise: at most six decimals, no trailing zeros.
func numText(f float64) string { return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64) }

func (v *review) title(id string) string {
	if r, ok := v.byID[id]; ok {
		return r.Title
	}
	return id
}

func (v *review) overdue(r ims.Record, dueField string, done ...string) bool {
	d := str(r, dueField)
	return d != "" && d < v.asOf && !slices.Contains(done, str(r, "status"))
}

// ReviewPack renders the management-review pack: the inputs clause 9.3.2 asks top
// management to consider, across the AIMS, ISMS and PIMS, for the period; and the
// decisions and actions of the review itself when the workspace records one.
func ReviewPack(s Snapshot, o Options, in ReviewInput) (PDF, error) {
	if s.Standards == nil {
		return PDF{}, fmt.Errorf("reports: the management-review pack needs the standards catalogue in the snapshot")
	}
	if err := o.Validate(); err != nil {
		return PDF{}, err
	}
	v := newReview(s, o, in)
	m := meta{
		title:    "Management review",
		subtitle: "Inputs to the integrated management review of the AIMS, ISMS and PIMS (ISO/IEC 42001, 27001 and 27701, clause 9.3)",
		subject:  "Management review inputs, decisions and actions",
		keywords: "management review, ISO/IEC 42001, ISO/IEC 27001, ISO/IEC 27701, 9.3",
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

func (v *review) body(d reviewSink) {
	v.summary(d)
	v.previousActions(d)
	v.context(d)
	v.performance(d)
	v.risks(d)
	v.aiSystems(d)
	v.privacy(d)
	v.suppliers(d)
	v.decisions(d)
	v.evidence(d)
}

var reviewInputs = [][]string{
	{"Status of actions from previous reviews", "9.3.2 a", "Previous reviews and their actions"},
	{"Changes in external and internal issues", "9.3.2 b", "Context and interested parties"},
	{"Changes in interested parties' needs and expectations", "9.3.2 c", "Context and interested parties"},
	{"Nonconformities and corrective actions", "9.3.2 d", "Performance"},
	{"Monitoring and measurement results, objectives", "9.3.2 d", "Performance"},
	{"Audit results", "9.3.2 d", "Performance"},
	{"Risk assessment results and treatment status", "9.3.2 e–f", "Risk"},
	{"AI system changes, incidents and monitoring", "42001 9.3.2", "AI systems"},
	{"Personal-data breaches and DPIAs", "27701 9.3", "Privacy"},
	{"Supplier issues", "8.1", "Suppliers"},
	{"Opportunities for improvement; decisions and actions", "9.3.2 g, 9.3.3", "Decisions and actions of this review"},
}

func (v *review) summary(d reviewSink) {
	d.h1("Summary")
	openNC := 0
	for _, r := range v.recs["nonconformity"] {
		if str(r, "status") != "closed" {
			openNC++
		}
	}
	onTrack := 0
	for _, r := range v.recs["objective"] {
		if st := str(r, "status"); st == "on track" || st == "achieved" {
			onTrack++
		}
	}
	method := v.method()
	over := 0
	for _, r := range v.recs["risk"] {
		if method.OverAppetite(risk.FromRecord(r)) {
			over++
		}
	}
	incidents := 0
	for _, r := range v.recs["incident"] {
		if v.incidentInPeriod(r) {
			incidents++
		}
	}
	d.figures([][2]string{
		{strconv.Itoa(openNC), "nonconformities not yet closed"},
		{fmt.Sprintf("%d of %d", onTrack, len(v.recs["objective"])), "objectives on track or achieved"},
		{strconv.Itoa(over), "risks over appetite"},
		{strconv.Itoa(incidents), "incidents in the period"},
	})
	intro := "This pack gathers what top management considers at the management review, once for the AI, " +
		"information security and privacy management systems, from the workspace's registers for the period " + periodText(v.o) + "."
	if v.current != nil {
		intro += " It reports on " + v.current.Title + ", held on " + longDate(str(*v.current, "meeting_date")) + "."
	}
	d.para(intro)
	d.h2("Review inputs", 40)
	d.table([]column{{"Input", 60, ""}, {"Clause", 18, ""}, {"Section", 40, ""}}, reviewInputs)
	d.note("Clause numbers are those shared by ISO/IEC 42001, 27001 and 27701 unless a standard is named; the wording is Keel's own.")
}

func (v *review) method() risk.Method {
	rs := v.recs["risk_method"]
	if len(rs) == 0 {
		return risk.DefaultMethod()
	}
	first := slices.MinFunc(rs, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return risk.MethodFrom(first, true)
}

var actionDone = []string{"done", "cancelled"}

func (v *review) previousActions(d reviewSink) {
	d.h1("Previous reviews and their actions")
	cut := v.from
	if v.current != nil {
		cut = str(*v.current, "meeting_date")
	}
	var prev []ims.Record
	for _, r := range v.recs["management_review"] {
		if v.current != nil && r.ID == v.current.ID {
			continue
		}
		if md := str(r, "meeting_date"); cut == "" || (md != "" && md < cut) {
			prev = append(prev, r)
		}
	}
	slices.SortFunc(prev, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(str(b, "meeting_date"), str(a, "meeting_date")), strings.Compare(a.ID, b.ID))
	})
	if len(prev) == 0 {
		d.para("No earlier management review is recorded: this is the first.")
	} else {
		rows := [][]string{}
		for _, r := range prev {
			rows = append(rows, []string{r.Title, shortDate(str(r, "meeting_date")), orDash(str(r, "chair")),
				orDash(capitalise(str(r, "status"))), strconv.Itoa(len(list(r, "actions")))})
		}
		d.table([]column{{"Review", 60, ""}, {"Meeting", 22, ""}, {"Chair", 34, ""}, {"Status", 24, ""}, {"Actions", 14, "R"}}, rows)
	}
	// The actions agreed at earlier reviews, and any action raised from a management review
	// that no review links.
	from := map[string]string{}
	for _, r := range prev {
		for _, id := range list(r, "actions") {
			if _, ok := from[id]; !ok {
				from[id] = r.Title
			}
		}
	}
	var current map[string]bool
	if v.current != nil {
		current = map[string]bool{}
		for _, id := range list(*v.current, "actions") {
			current[id] = true
		}
	}
	rows := [][]string{}
	open, late := 0, 0
	for _, r := range v.recs["action"] {
		src, ok := from[r.ID]
		if !ok {
			if str(r, "source_kind") != "management review" || current[r.ID] {
				continue
			}
			src = orDash(str(r, "source_ref"))
		}
		status := orDash(capitalise(str(r, "status")))
		if !slices.Contains(actionDone, str(r, "status")) {
			open++
			if v.overdue(r, "due_date", actionDone...) {
				late++
				status += " (overdue)"
			}
		}
		rows = append(rows, []string{r.Title, src, orDash(str(r, "owner")), shortDate(orDash(str(r, "due_date"))), status})
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
	rows := [][]string{}
	for _, r := range v.recs["context_issue"] {
		if v.changedInPeriod(r) {
			rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "type"))), lensText(r), orDash(capitalise(str(r, "effect"))),
				orDash(capitalise(str(r, "status"))), shortDate(r.UpdatedAt)})
		}
	}
	if len(rows) == 0 {
		d.para("No issue changed in the period.")
	} else {
		d.table([]column{{"Issue", 64, ""}, {"Type", 18, ""}, {"Lens", 26, ""}, {"Effect", 18, ""}, {"Status", 20, ""}, {"Changed", 20, ""}}, rows)
	}
	d.h2("Interested parties", 30)
	rows = rows[:0]
	for _, r := range v.recs["interested_party"] {
		if v.changedInPeriod(r) {
			rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "category"))), lensText(r),
				orDash(capitalise(str(r, "influence"))), boolText(r, "addressed"), shortDate(r.UpdatedAt)})
		}
	}
	if len(rows) == 0 {
		d.para("No interested party changed in the period.")
	} else {
		d.table([]column{{"Party", 60, ""}, {"Category", 26, ""}, {"Lens", 26, ""}, {"Influence", 18, ""}, {"Addressed", 18, ""}, {"Changed", 20, ""}}, rows)
	}
}

func lensText(r ims.Record) string {
	l := list(r, "lens")
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

var ncStatuses = []string{"open", "action planned", "awaiting check", "closed"}

func (v *review) performance(d reviewSink) {
	d.h1("Performance")
	d.para("Nonconformities and corrective action, objectives and their measurements, internal audit results and " +
		"incidents (clauses 9.1, 9.2, 10.2).")

	// Nonconformities: every one not closed, and those closed in the period.
	d.h2("Nonconformities and corrective action", 50)
	bySource := map[string][]int{}
	var sources []string
	rows := [][]string{}
	for _, r := range v.recs["nonconformity"] {
		st := str(r, "status")
		if st == "closed" && !v.changedInPeriod(r) {
			continue
		}
		src := orDash(capitalise(str(r, "source")))
		if _, ok := bySource[src]; !ok {
			bySource[src] = make([]int, len(ncStatuses))
			sources = append(sources, src)
		}
		if i := slices.Index(ncStatuses, st); i >= 0 {
			bySource[src][i]++
		}
		status := orDash(capitalise(st))
		if v.overdue(r, "due_date", "closed") {
			status += " (overdue)"
		}
		rows = append(rows, []string{r.Title, src, orDash(capitalise(str(r, "severity"))), orDash(str(r, "owner")),
			shortDate(orDash(str(r, "due_date"))), status, boolText(r, "effective")})
	}
	if len(rows) == 0 {
		d.para("No nonconformity open or closed in the period.")
	} else {
		slices.Sort(sources)
		bars := []bar{}
		for _, s := range sources {
			c := bySource[s]
			bars = append(bars, bar{label: s, counts: c, figure: strconv.Itoa(c[0] + c[1] + c[2] + c[3])})
		}
		d.keepChart(len(bars))
		d.barChart([]segment{{"Open", rgb{176, 58, 46}}, {"Action planned", tint(0.35)}, {"Awaiting check", tint(0.65)}, {"Closed", accent}}, bars)
		d.table([]column{{"Nonconformity", 60, ""}, {"Source", 24, ""}, {"Grade", 16, ""}, {"Owner", 28, ""}, {"Due", 18, ""}, {"Status", 22, ""}, {"Effective", 14, ""}}, rows)
	}

	v.objectives(d)
	v.audits(d)

	// Incidents in the period by type and severity.
	d.h2("Incidents", 50)
	types := []string{"security incident", "personal-data breach", "AI system failure"}
	counts := make([][]int, len(types))
	for i := range counts {
		counts[i] = make([]int, len(severityNames))
	}
	rows = rows[:0]
	for _, r := range v.recs["incident"] {
		if !v.incidentInPeriod(r) {
			continue
		}
		t, s := slices.Index(types, str(r, "type")), slices.Index(severityNames, str(r, "severity"))
		if t >= 0 && s >= 0 {
			counts[t][s]++
		}
		if str(r, "type") == "security incident" {
			rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "severity"))), shortDate(orDash(str(r, "became_aware_at"))),
				orDash(str(r, "handler")), orDash(capitalise(str(r, "status")))})
		}
	}
	bars := []bar{}
	for i, t := range types {
		n := 0
		for _, c := range counts[i] {
			n += c
		}
		bars = append(bars, bar{label: capitalise(t), counts: counts[i], figure: strconv.Itoa(n)})
	}
	d.keepChart(len(bars))
	d.barChart(severitySegments, bars)
	d.note("Personal-data breaches are listed under Privacy and AI system failures under AI systems.")
	if len(rows) > 0 {
		d.table([]column{{"Security incident", 70, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"Handled by", 30, ""}, {"Status", 20, ""}}, rows)
	}
}

var severityNames = []string{"low", "medium", "high", "critical"}

var severitySegments = []segment{
	{"Low", tint(0.2)}, {"Medium", tint(0.5)}, {"High", accent}, {"Critical", rgb{176, 58, 46}},
}

func (v *review) incidentInPeriod(r ims.Record) bool {
	for _, f := range []string{"became_aware_at", "occurred_at"} {
		if s := str(r, f); s != "" {
			return v.inPeriod(s)
		}
	}
	return v.inPeriod(r.CreatedAt)
}

func (v *review) objectives(d reviewSink) {
	d.h2("Objectives and measurements", 40)
	objs := v.recs["objective"]
	if len(objs) == 0 {
		d.para("No objectives are recorded.")
		return
	}
	readings := map[string][]ims.Record{}
	for _, r := range v.recs["measurement"] {
		if dt := str(r, "date"); dt != "" && (v.to == "" || dt <= v.to) {
			readings[str(r, "objective")] = append(readings[str(r, "objective")], r)
		}
	}
	for id := range readings {
		slices.SortFunc(readings[id], func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(str(a, "date"), str(b, "date")), strings.Compare(a.ID, b.ID))
		})
	}
	rows := [][]string{}
	for _, r := range objs {
		latest := "—"
		if rs := readings[r.ID]; len(rs) > 0 {
			val, _ := number(rs[len(rs)-1], "value")
			latest = numText(val) + unitText(r) + " (" + shortDate(str(rs[len(rs)-1], "date")) + ")"
		}
		target := "—"
		if t, ok := number(r, "target"); ok {
			target = numText(t) + unitText(r)
			if str(r, "direction") == "lower" {
				target = "≤ " + target
			} else if str(r, "direction") == "higher" {
				target = "≥ " + target
			}
		}
		rows = append(rows, []string{r.Title, lensText(r), target, latest, orDash(str(r, "owner")), orDash(capitalise(str(r, "status")))})
	}
	d.table([]column{{"Objective", 62, ""}, {"Lens", 22, ""}, {"Target", 18, ""}, {"Latest", 30, ""}, {"Owner", 28, ""}, {"Status", 18, ""}}, rows)
	for _, r := range objs {
		rs := readings[r.ID]
		if len(rs) < 2 {
			continue
		}
		pts := make([]linePoint, 0, len(rs))
		for _, m := range rs {
			t, err := time.Parse("2006-01-02", day(str(m, "date")))
			val, ok := number(m, "value")
			if err != nil || !ok {
				continue
			}
			pts = append(pts, linePoint{t: t, v: val})
		}
		target, hasTarget := number(r, "target")
		d.lineChart(r.Title, unitText(r), pts, target, hasTarget)
	}
}

func unitText(r ims.Record) string {
	u := str(r, "unit")
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
	var audits []ims.Record
	inScope := map[string]bool{}
	for _, r := range v.recs["audit"] {
		if v.inPeriod(str(r, "planned_start")) || v.inPeriod(str(r, "planned_end")) || v.changedInPeriod(r) {
			audits = append(audits, r)
			inScope[r.ID] = true
		}
	}
	if len(audits) == 0 {
		d.para("No internal audit was planned, held or reported in the period.")
		return
	}
	slices.SortFunc(audits, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(str(a, "planned_start"), str(b, "planned_start")), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	byAudit := map[string][]int{}
	var findings []ims.Record
	for _, f := range v.recs["finding"] {
		a := str(f, "audit")
		if !inScope[a] {
			continue
		}
		findings = append(findings, f)
		if byAudit[a] == nil {
			byAudit[a] = make([]int, len(ims.FindingTypes))
		}
		if i := slices.Index(ims.FindingTypes, str(f, "type")); i >= 0 {
			byAudit[a][i]++
		}
	}
	rows := [][]string{}
	bars := []bar{}
	for _, a := range audits {
		c := byAudit[a.ID]
		if c == nil {
			c = make([]int, len(ims.FindingTypes))
		}
		dates := shortDate(orDash(str(a, "planned_start")))
		if e := str(a, "planned_end"); e != "" && e != str(a, "planned_start") {
			dates += " – " + shortDate(e)
		}
		stds := strings.ReplaceAll(strings.Join(list(a, "standards"), ", "), "ISO/IEC ", "")
		n := c[0] + c[1] + c[2] + c[3]
		rows = append(rows, []string{a.Title, orDash(stds), orDash(str(a, "lead_auditor")), dates, orDash(capitalise(str(a, "status"))), strconv.Itoa(n)})
		bars = append(bars, bar{label: a.Title, counts: c, figure: strconv.Itoa(n)})
	}
	d.table([]column{{"Audit", 56, ""}, {"Standards", 26, ""}, {"Lead auditor", 28, ""}, {"Dates", 30, ""}, {"Status", 18, ""}, {"Findings", 14, "R"}}, rows)
	d.keepChart(len(bars))
	d.note("Findings by type:")
	d.barChart(findingSegments, bars)
	if len(findings) == 0 {
		return
	}
	slices.SortFunc(findings, func(a, b ims.Record) int {
		ia, ib := slices.Index(ims.FindingTypes, str(a, "type")), slices.Index(ims.FindingTypes, str(b, "type"))
		return cmp.Or(ib-ia, strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	rows = rows[:0]
	for _, f := range findings {
		nc := "—"
		if id := str(f, "nonconformity"); id != "" {
			nc = v.title(id)
			if r, ok := v.byID[id]; ok {
				nc += " (" + orDash(str(r, "status")) + ")"
			}
		}
		rows = append(rows, []string{f.Title, v.title(str(f, "audit")), orDash(capitalise(str(f, "type"))), orDash(shortRef(str(f, "ref"))), nc})
	}
	d.table([]column{{"Finding", 56, ""}, {"Audit", 40, ""}, {"Type", 26, ""}, {"Requirement", 22, ""}, {"Nonconformity raised", 40, ""}}, rows)
}

func (v *review) risks(d reviewSink) {
	d.h1("Risk")
	m := v.method()
	d.para(fmt.Sprintf("Risk assessment results and treatment status on the workspace's risk method (%s, %d×%d). "+
		"Inherent is the score before treatment; current is the residual score where assessed, else the inherent.",
		m.Title, m.LikelihoodLevels, m.ImpactLevels))
	levels := make([]string, len(m.Bands))
	for i, b := range m.Bands {
		levels[i] = b.Name
	}
	inherent := make([]int, len(levels))
	current := make([]int, len(levels))
	type overRow struct {
		a     risk.Assessment
		r     ims.Record
		score int
	}
	var over []overRow
	unscored := 0
	byTreatment := map[string]int{}
	for _, r := range v.recs["risk"] {
		a := risk.FromRecord(r)
		if a.Inherent() == 0 {
			unscored++
			continue
		}
		inherent[slices.Index(levels, m.Level(a.Inherent()).Name)]++
		current[slices.Index(levels, m.Level(a.Current()).Name)]++
		byTreatment[orDash(str(r, "treatment"))]++
		if m.OverAppetite(a) {
			over = append(over, overRow{a, r, a.Current()})
		}
	}
	d.figures([][2]string{
		{strconv.Itoa(len(v.recs["risk"])), "risks in the register"},
		{strconv.Itoa(len(over)), "over appetite"},
		{strconv.Itoa(current[len(current)-1]), "at the highest level now"},
		{strconv.Itoa(unscored), "not yet scored"},
	})
	d.h2("Risks by level", 40)
	segs := make([]segment, len(levels))
	for i, c := range levelColors(len(levels)) {
		segs[i] = segment{levels[i], c}
	}
	d.barChart(segs, []bar{
		{label: "Inherent", counts: inherent, figure: strconv.Itoa(sum(inherent))},
		{label: "Current", counts: current, figure: strconv.Itoa(sum(current))},
	})
	rows := [][]string{}
	for i, l := range levels {
		rows = append(rows, []string{l, strconv.Itoa(inherent[i]), strconv.Itoa(current[i])})
	}
	d.table([]column{{"Level", 50, ""}, {"Inherent", 20, "R"}, {"Current", 20, "R"}}, rows)
	tr := [][]string{}
	for _, t := range append(slices.Clone([]string{"reduce", "avoid", "transfer", "accept"}), "—") {
		if n := byTreatment[t]; n > 0 {
			label := capitalise(t)
			if t == "—" {
				label = "Not yet chosen"
			}
			tr = append(tr, []string{label, strconv.Itoa(n)})
		}
	}
	if len(tr) > 0 {
		d.h2("Treatment chosen", 30)
		d.table([]column{{"Treatment", 50, ""}, {"Risks", 20, "R"}}, tr)
	}
	d.h2("Risks over appetite", 30)
	if len(over) == 0 {
		d.para("No risk is over the appetite set for its lenses.")
	} else {
		slices.SortFunc(over, func(a, b overRow) int {
			return cmp.Or(b.score-a.score, strings.Compare(a.r.Title, b.r.Title), strings.Compare(a.r.ID, b.r.ID))
		})
		rows = rows[:0]
		for _, o := range over {
			limit, _ := m.AppetiteFor(o.a.Lenses)
			rows = append(rows, []string{o.r.Title, lensText(o.r), orDash(o.a.Owner), strconv.Itoa(o.a.Inherent()),
				strconv.Itoa(o.score) + " " + m.Level(o.score).Name, numText(limit), orDash(capitalise(str(o.r, "treatment"))), orDash(capitalise(o.a.Status))})
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
	systems := v.recs["ai_system"]
	rows := [][]string{}
	changed := 0
	for _, r := range systems {
		changes := v.stageChanges(r.ID)
		if len(changes) > 0 {
			changed++
		}
		rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "provenance"))), orDash(capitalise(str(r, "stage"))),
			orDash(capitalise(str(r, "decision_impact"))), orDash(strings.Join(changes, "\n"))})
	}
	d.h2("Inventory and lifecycle changes", 30)
	if len(rows) == 0 {
		d.para("No AI system is recorded.")
	} else {
		d.note(fmt.Sprintf("%d AI systems; %d changed stage in the period.", len(systems), changed))
		d.table([]column{{"AI system", 52, ""}, {"Provenance", 20, ""}, {"Stage", 34, ""}, {"Impact", 16, ""}, {"Stage changes in the period", 48, ""}}, rows)
	}
	d.h2("AI system failures", 30)
	rows = rows[:0]
	for _, r := range v.recs["incident"] {
		if str(r, "type") == "AI system failure" && v.incidentInPeriod(r) {
			rows = append(rows, []string{r.Title, orDash(str(r, "ai_system")), orDash(capitalise(str(r, "severity"))),
				shortDate(orDash(str(r, "became_aware_at"))), orDash(capitalise(str(r, "status")))})
		}
	}
	if len(rows) == 0 {
		d.para("No AI system failure in the period.")
	} else {
		d.table([]column{{"Incident", 60, ""}, {"AI system", 40, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"Status", 20, ""}}, rows)
	}
	d.h2("Monitoring past threshold", 30)
	var breaches []ims.Record
	total := 0
	for _, r := range v.recs["monitoring_record"] {
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
	d.note(fmt.Sprintf("%d monitoring results in the period; %d past their threshold.", total, len(breaches)))
	if len(breaches) > 0 {
		rows = rows[:0]
		for _, r := range breaches {
			val, _ := number(r, "value")
			th, _ := number(r, "threshold")
			rows = append(rows, []string{v.title(str(r, "ai_system")), r.Title, orDash(capitalise(str(r, "metric_type"))), numText(val),
				strings.TrimPrefix(str(r, "direction"), "breach when ") + " " + numText(th), shortDate(str(r, "date"))})
		}
		d.table([]column{{"AI system", 40, ""}, {"Measurement", 44, ""}, {"Metric", 22, ""}, {"Value", 14, "R"}, {"Threshold", 22, ""}, {"Date", 20, ""}}, rows)
	}
}

// stageChanges lists an AI system's stage changes in the period, oldest first, as
// "→ deployment, 12 Mar 2026".
func (v *review) stageChanges(id string) []string {
	hist := slices.Clone(v.in.History[id])
	slices.SortFunc(hist, func(a, b ims.HistoryEntry) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.OpID, b.OpID))
	})
	var out []string
	for _, h := range hist {
		if h.Field != "stage" || !v.inPeriod(h.At) {
			continue
		}
		s, _ := h.Value.(string)
		if s == "" {
			continue
		}
		out = append(out, "→ "+s+", "+shortDate(h.At))
	}
	return out
}

func (v *review) privacy(d reviewSink) {
	d.h1("Privacy")
	d.para("Personal-data breaches in the period and the data protection impact assessments (UK GDPR Art 33–35; ISO/IEC 27701).")
	d.h2("Personal-data breaches", 30)
	rows := [][]string{}
	for _, r := range v.recs["incident"] {
		if str(r, "type") == "personal-data breach" && v.incidentInPeriod(r) {
			reported := orDash(str(r, "ico_reported_at"))
			if reported != "—" {
				reported = shortDate(reported)
			}
			rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "severity"))), shortDate(orDash(str(r, "became_aware_at"))),
				orDash(capitalise(str(r, "ico_reportable"))), reported, orDash(capitalise(str(r, "status")))})
		}
	}
	if len(rows) == 0 {
		d.para("No personal-data breach in the period.")
	} else {
		d.table([]column{{"Breach", 58, ""}, {"Severity", 18, ""}, {"Aware", 20, ""}, {"ICO reportable", 20, ""}, {"Reported", 20, ""}, {"Status", 18, ""}}, rows)
	}
	d.h2("DPIAs", 30)
	rows = rows[:0]
	for _, r := range v.recs["dpia"] {
		rows = append(rows, []string{r.Title, orDash(capitalise(str(r, "required"))), orDash(capitalise(str(r, "residual_risk"))),
			orDash(capitalise(str(r, "outcome"))), orDash(capitalise(str(r, "status"))), shortDate(orDash(str(r, "review_date")))})
	}
	if len(rows) == 0 {
		d.para("No DPIA is recorded.")
	} else {
		d.table([]column{{"DPIA", 58, ""}, {"Required", 16, ""}, {"Residual risk", 18, ""}, {"Outcome", 30, ""}, {"Status", 18, ""}, {"Next review", 20, ""}}, rows)
	}
}

func (v *review) suppliers(d reviewSink) {
	d.h1("Suppliers")
	d.para("Suppliers whose due diligence found issues or is unfinished, whose review is overdue, or who were involved in an incident in the period (clause 8.1; 27001 A.5.19–A.5.22; 42001 A.10).")
	involved := map[string][]string{}
	for _, r := range v.recs["incident"] {
		if v.incidentInPeriod(r) {
			for _, id := range list(r, "suppliers") {
				involved[id] = append(involved[id], r.Title)
			}
		}
	}
	rows := [][]string{}
	for _, r := range v.recs["supplier"] {
		var why []string
		switch dd := str(r, "due_diligence"); dd {
		case "issues found":
			why = append(why, "Due diligence found issues")
		case "not started", "in progress":
			why = append(why, "Due diligence "+dd)
		}
		if nr := str(r, "next_review"); nr != "" && nr < v.asOf {
			why = append(why, "Review overdue since "+shortDate(nr))
		}
		for _, t := range involved[r.ID] {
			why = append(why, "Incident: "+t)
		}
		if len(why) == 0 {
			continue
		}
		rows = append(rows, []string{r.Title, orDash(str(r, "service")), orDash(capitalise(str(r, "criticality"))), strings.Join(why, "\n")})
	}
	if len(rows) == 0 {
		d.para(fmt.Sprintf("No supplier issue among the %d suppliers.", len(v.recs["supplier"])))
		return
	}
	d.note(fmt.Sprintf("%d of %d suppliers need attention.", len(rows), len(v.recs["supplier"])))
	d.table([]column{{"Supplier", 44, ""}, {"Service", 44, ""}, {"Criticality", 18, ""}, {"Issue", 60, ""}}, rows)
}

func (v *review) decisions(d reviewSink) {
	d.h1("Decisions and actions of this review")
	if v.current == nil {
		d.para("No management review meeting is recorded in the period. Record one (Performance → Management reviews) " +
			"with its attendees, decisions and actions, and regenerate this pack to include them.")
		return
	}
	r := *v.current
	period := ""
	if f, t := str(r, "period_from"), str(r, "period_to"); f != "" || t != "" {
		period = longDate(f) + " – " + longDate(t)
	}
	d.keyValues([][2]string{
		{"Meeting", r.Title},
		{"Date", longDate(str(r, "meeting_date"))},
		{"Chair", str(r, "chair")},
		{"Attendees", str(r, "attendees")},
		{"Period reviewed", period},
		{"Status", capitalise(str(r, "status"))},
	})
	d.gap(3)
	d.h2("Decisions", 24)
	dec := ims.Lines(str(r, "decisions"))
	if len(dec) == 0 {
		d.para("No decisions are recorded yet.")
	} else {
		rows := make([][]string, len(dec))
		for i, l := range dec {
			rows[i] = []string{strconv.Itoa(i + 1), strings.TrimSpace(strings.TrimLeft(l, "-•*"))}
		}
		d.table([]column{{"#", 6, "R"}, {"Decision", 160, ""}}, rows)
	}
	d.h2("Actions agreed", 24)
	rows := [][]string{}
	ids := slices.Clone(list(r, "actions"))
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(strings.Compare(v.title(a), v.title(b)), strings.Compare(a, b)) })
	for _, id := range ids {
		a, ok := v.byID[id]
		if !ok {
			continue
		}
		rows = append(rows, []string{a.Title, orDash(str(a, "owner")), shortDate(orDash(str(a, "due_date"))), orDash(capitalise(str(a, "priority"))), orDash(capitalise(str(a, "status")))})
	}
	if len(rows) == 0 {
		d.para("No actions are linked to this review yet.")
	} else {
		d.table([]column{{"Action", 70, ""}, {"Owner", 30, ""}, {"Due", 20, ""}, {"Priority", 16, ""}, {"Status", 20, ""}}, rows)
	}
	if n := str(r, "notes"); n != "" {
		d.h2("Notes", 20)
		d.para(n)
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
