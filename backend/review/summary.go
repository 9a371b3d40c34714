package review

import (
	"cmp"
	"slices"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
	"keel/backend/risk"
)

// Summary is what top management considers at one management review (clause 9.3.2),
// gathered from the records of the period once for the AIMS, ISMS and PIMS. The
// management-review pack renders it; the app's review screen shows it. Values are the
// records' own (dates YYYY-MM-DD or RFC 3339, enum values as stored); lists are in a
// fixed order, so the same input gives the same summary.
type Summary struct {
	Organisation string `json:"organisation"`
	From         string `json:"from"` // the period; "" for an open end
	To           string `json:"to"`
	// AsOf is the date things are judged overdue on: the period's end, else the day the
	// summary was made.
	AsOf    string   `json:"asOf"`
	Review  *Meeting `json:"review"` // the review reported on; nil when there is none
	Keys    Keys     `json:"keys"`
	Figures Figures  `json:"figures"`

	// 9.3.2 a: earlier reviews, newest first, and the actions they agreed (with any action
	// raised from a management review that no review links), by title.
	PreviousReviews []Meeting `json:"previousReviews"`
	PreviousActions []Action  `json:"previousActions"`
	// 9.3.2 b, c: issues and interested parties created or changed in the period.
	Issues  []Issue `json:"issues"`
	Parties []Party `json:"parties"`
	// 9.3.2 e (27001): feedback from interested parties recorded in the period.
	Feedback []Feedback `json:"feedback,omitempty"`
	// 9.3.2 d: trends, per quarter of the period, in nonconformities, audit results and
	// monitoring (View.Trends).
	Trends []Trend `json:"trends,omitempty"`
	// 9.3.2 d: nonconformities not closed or closed in the period, with counts by source
	// (Keys.NonconformityStatuses); objectives; audits in the period and their findings;
	// incidents in the period, with counts by type (Keys.IncidentTypes × Keys.Severities).
	Nonconformities         []Nonconformity `json:"nonconformities"`
	NonconformitiesBySource []Tally         `json:"nonconformitiesBySource"`
	Objectives              []Objective     `json:"objectives"`
	Audits                  []Audit         `json:"audits"`
	Findings                []Finding       `json:"findings"`
	Incidents               []Incident      `json:"incidents"`
	IncidentsByType         []Tally         `json:"incidentsByType"`
	// 9.3.2 e, f: risk assessment results and treatment.
	Risks Risks `json:"risks"`
	// 42001: the AI systems with their stage changes in the period, and monitoring results
	// in the period past their thresholds, newest first.
	AISystems         []AISystem `json:"aiSystems"`
	MonitoringResults int        `json:"monitoringResults"`
	Breaches          []Breach   `json:"breaches"`
	// 42001 5.2, 6.2: the responsible-AI principles created or changed in the period, by
	// name, each with the breaches in the period of the metrics that evidence it.
	Principles []PrincipleChange `json:"principles"`
	// 27701: DPIAs (personal-data breaches are Incidents of that type).
	DPIAs []DPIA `json:"dpias"`
	// 8.1: suppliers that need attention, of Suppliers in all.
	Suppliers      int             `json:"suppliers"`
	SupplierIssues []SupplierIssue `json:"supplierIssues"`
	// 9.3.2 g: opportunities for improvement (the improvement log, 10.1): open ones, and
	// those logged, changed or finished in the period; open first, soonest target first.
	Improvements []Improvement `json:"improvements"`
}

// Keys name the columns of the summary's counts, in order.
type Keys struct {
	NonconformityStatuses []string `json:"nonconformityStatuses"`
	FindingTypes          []string `json:"findingTypes"`
	IncidentTypes         []string `json:"incidentTypes"`
	Severities            []string `json:"severities"`
	RiskLevels            []string `json:"riskLevels"` // the risk method's bands, lowest first
}

// Figures are the headline numbers.
type Figures struct {
	OpenNonconformities int `json:"openNonconformities"` // not yet closed, whenever raised
	Objectives          int `json:"objectives"`
	ObjectivesOnTrack   int `json:"objectivesOnTrack"` // on track or achieved
	RisksOverAppetite   int `json:"risksOverAppetite"`
	Incidents           int `json:"incidents"` // in the period
}

// Item is the record an entry of the summary stands for.
type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func item(r ims.Record) Item { return Item{r.ID, r.Title} }

// Tally counts the records of one group by the keys of its kind of count.
type Tally struct {
	Label  string `json:"label"`
	Counts []int  `json:"counts"`
	Total  int    `json:"total"`
}

// Count is a count with its label.
type Count struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Meeting is a management_review record.
type Meeting struct {
	Item
	MeetingDate string `json:"meetingDate"`
	PeriodFrom  string `json:"periodFrom"`
	PeriodTo    string `json:"periodTo"`
	Chair       string `json:"chair"`
	Attendees   string `json:"attendees"`
	Status      string `json:"status"`
	// Decisions are the decisions field's lines, without list marks.
	Decisions []string `json:"decisions"`
	// The outputs of 9.3.3 as the record structures them, one entry per line: decisions
	// on improvement opportunities, changes needed to the management system, resources.
	ImprovementDecisions []string `json:"improvementDecisions,omitempty"`
	Changes              []string `json:"changes,omitempty"`
	Resources            []string `json:"resources,omitempty"`
	Notes                string   `json:"notes"`
	// ActionIDs are the actions linked, as stored; Actions the live ones, by title.
	ActionIDs []string `json:"actionIds"`
	Actions   []Action `json:"actions"`
}

// Action is an action record as a review sees it.
type Action struct {
	Item
	Owner    string `json:"owner"`
	Due      string `json:"due"`
	Priority string `json:"priority"`
	Status   string `json:"status"`
	// From is the review that agreed it (FromReview its ID), or the action's source
	// reference when no earlier review links it.
	From       string `json:"from"`
	FromReview string `json:"fromReview,omitempty"`
	Open       bool   `json:"open"`    // neither done nor cancelled
	Overdue    bool   `json:"overdue"` // open and due before AsOf
}

// Issue is a context issue changed in the period.
type Issue struct {
	Item
	Type    string   `json:"type"`
	Lens    []string `json:"lens"`
	Effect  string   `json:"effect"`
	Status  string   `json:"status"`
	Changed string   `json:"changed"`
}

// Party is an interested party changed in the period.
type Party struct {
	Item
	Category  string   `json:"category"`
	Lens      []string `json:"lens"`
	Influence string   `json:"influence"`
	Addressed *bool    `json:"addressed"`
	Changed   string   `json:"changed"`
	// Needs are the party's needs and expectations (its requirements); What lists the
	// fields changed in the period, by label, from its history (empty without one).
	Needs string   `json:"needs,omitempty"`
	What  []string `json:"what,omitempty"`
}

// Feedback is what an interested party told the organisation (9.3.2 e), recorded or
// changed in the period.
type Feedback struct {
	Item
	Category string `json:"category"`
	Feedback string `json:"feedback"`
	Changed  string `json:"changed"`
}

// Nonconformity is a nonconformity and its corrective action.
type Nonconformity struct {
	Item
	Source    string `json:"source"`
	Severity  string `json:"severity"`
	Owner     string `json:"owner"`
	Due       string `json:"due"`
	Status    string `json:"status"`
	Overdue   bool   `json:"overdue"`
	Effective *bool  `json:"effective"`
}

// Objective is an objective with its measurements up to the period's end.
type Objective struct {
	Item
	Lens      []string `json:"lens"`
	Target    *float64 `json:"target"`
	Direction string   `json:"direction"` // higher, lower or ""
	Unit      string   `json:"unit"`
	Owner     string   `json:"owner"`
	Status    string   `json:"status"`
	// Readings are oldest first; Latest is the last of them.
	Readings []Measurement `json:"readings"`
	Latest   *Measurement  `json:"latest"`
}

// Measurement is one measurement of an objective.
type Measurement struct {
	ID    string   `json:"id"`
	Date  string   `json:"date"`
	Value *float64 `json:"value"`
}

// Audit is an internal audit planned, held or reported in the period, with its
// findings counted by Keys.FindingTypes.
type Audit struct {
	Item
	Standards   []string `json:"standards"`
	LeadAuditor string   `json:"leadAuditor"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Status      string   `json:"status"`
	Findings    []int    `json:"findings"`
}

// Finding is a finding of an audit in the period, gravest first.
type Finding struct {
	Item
	AuditID string `json:"auditId"`
	Audit   string `json:"audit"` // its title
	Type    string `json:"type"`
	Ref     string `json:"ref"`     // catalogue:id
	RefName string `json:"refName"` // as people write it, "42001 A.10.3"
	// Nonconformity is the nonconformity it raised, if any.
	Nonconformity *Ref `json:"nonconformity"`
}

// Ref is a linked record: its title and status, or its ID alone when the workspace
// has no live record by that ID (Missing).
type Ref struct {
	Item
	Status  string `json:"status"`
	Missing bool   `json:"missing,omitempty"`
}

// Incident is an incident in the period.
type Incident struct {
	Item
	Type          string `json:"type"`
	Severity      string `json:"severity"`
	AwareAt       string `json:"awareAt"`
	Handler       string `json:"handler"`
	AISystem      string `json:"aiSystem"`
	ICOReportable string `json:"icoReportable"`
	ICOReportedAt string `json:"icoReportedAt"`
	Status        string `json:"status"`
}

// Risks are the risk assessment results on the workspace's risk method.
type Risks struct {
	Method           string `json:"method"`
	LikelihoodLevels int    `json:"likelihoodLevels"`
	ImpactLevels     int    `json:"impactLevels"`
	Total            int    `json:"total"`
	Unscored         int    `json:"unscored"`
	// Inherent and Current count the scored risks by Keys.RiskLevels.
	Inherent []int `json:"inherent"`
	Current  []int `json:"current"`
	// Treatments count the scored risks by treatment chosen ("" for none yet), those with any.
	Treatments   []Count `json:"treatments"`
	OverAppetite []Risk  `json:"overAppetite"` // highest current score first
}

// Risk is a risk over the appetite of its lenses.
type Risk struct {
	Item
	Lens      []string `json:"lens"`
	Owner     string   `json:"owner"`
	Inherent  int      `json:"inherent"`
	Current   int      `json:"current"`
	Level     string   `json:"level"` // of the current score
	Appetite  float64  `json:"appetite"`
	Treatment string   `json:"treatment"`
	Status    string   `json:"status"`
}

// AISystem is an AI system with its stage changes in the period, oldest first.
type AISystem struct {
	Item
	Provenance     string        `json:"provenance"`
	Stage          string        `json:"stage"`
	DecisionImpact string        `json:"decisionImpact"`
	StageChanges   []StageChange `json:"stageChanges"`
}

// StageChange is an AI system entering a lifecycle stage.
type StageChange struct {
	Stage string `json:"stage"`
	At    string `json:"at"`
}

// Breach is a monitoring result past its threshold.
type Breach struct {
	Item
	AISystemID    string  `json:"aiSystemId"`
	AISystem      string  `json:"aiSystem"` // its title
	Metric        string  `json:"metric"`
	Value         float64 `json:"value"`
	Threshold     float64 `json:"threshold"`
	Direction     string  `json:"direction"`
	Date          string  `json:"date"`
	Nonconformity string  `json:"nonconformity"` // the ID of the one it raised, if any
	Principle     string  `json:"principle"`     // the title of the principle it evidences, if any
}

// PrincipleChange is a responsible-AI principle created or changed in the period.
type PrincipleChange struct {
	Item
	Status string `json:"status"`
	New    bool   `json:"new"` // created in the period
	// Breaches counts the results in the period of the metrics evidencing it past their threshold.
	Breaches int `json:"breaches"`
}

// DPIA is a data protection impact assessment.
type DPIA struct {
	Item
	Required     string `json:"required"`
	ResidualRisk string `json:"residualRisk"`
	Outcome      string `json:"outcome"`
	Status       string `json:"status"`
	ReviewDate   string `json:"reviewDate"`
}

// Improvement is an opportunity for improvement from the improvement log.
type Improvement struct {
	Item
	Source     string   `json:"source"`
	Lens       []string `json:"lens"`
	Owner      string   `json:"owner"`
	TargetDate string   `json:"targetDate"`
	Status     string   `json:"status"`
	Open       bool     `json:"open"`    // not done or declined
	Overdue    bool     `json:"overdue"` // open and past its target date
}

// SupplierIssue is a supplier that needs attention, with why, in words.
type SupplierIssue struct {
	Item
	Service     string   `json:"service"`
	Criticality string   `json:"criticality"`
	Issues      []string `json:"issues"`
}

// Gather gathers the inputs of a management review: the review in.Review (empty: the
// latest meeting dated in the period, if any), for the period of in. It never reads the
// clock: in.AsOf stands for now.
func Gather(in Input) Summary {
	return *NewView(in).Summary()
}

// Summary gathers the summary once; a pack's two layout passes share it.
func (v *View) Summary() *Summary {
	if v.sum != nil {
		return v.sum
	}
	m := v.Method()
	levels := make([]string, len(m.Bands))
	for i, b := range m.Bands {
		levels[i] = b.Name
	}
	s := &Summary{Organisation: v.Organisation, From: v.From, To: v.To, AsOf: v.AsOf,
		Keys: Keys{NonconformityStatuses: ncStatuses, FindingTypes: ims.FindingTypes, IncidentTypes: incidentTypes,
			Severities: severityNames, RiskLevels: levels}}
	if v.Current != nil {
		cur := v.meeting(*v.Current)
		s.Review = &cur
	}
	v.gatherFigures(s, m)
	v.gatherPrevious(s)
	v.gatherContext(s)
	v.gatherNonconformities(s)
	v.gatherObjectives(s)
	v.gatherAudits(s)
	v.gatherIncidents(s)
	v.gatherRisks(s, m, levels)
	v.gatherAI(s)
	v.gatherPrivacy(s)
	v.gatherSuppliers(s)
	v.gatherImprovements(s)
	s.Trends = v.Trends()
	v.sum = s
	return s
}

func (v *View) gatherFigures(s *Summary, m risk.Method) {
	for _, r := range v.Recs["nonconformity"] {
		if Text(r, "status") != "closed" {
			s.Figures.OpenNonconformities++
		}
	}
	s.Figures.Objectives = len(v.Recs["objective"])
	for _, r := range v.Recs["objective"] {
		if st := Text(r, "status"); st == "on track" || st == "achieved" {
			s.Figures.ObjectivesOnTrack++
		}
	}
	as := make([]risk.Assessment, 0, len(v.Recs["risk"]))
	for _, r := range v.Recs["risk"] {
		as = append(as, risk.FromRecord(r))
	}
	s.Figures.RisksOverAppetite = len(m.OverAppetiteIDs(as))
	for _, r := range v.Recs["incident"] {
		if v.incidentInPeriod(r) {
			s.Figures.Incidents++
		}
	}
}

// meeting is a review record with its decisions split and its live actions by title.
func (v *View) meeting(r ims.Record) Meeting {
	m := Meeting{Item: item(r), MeetingDate: Text(r, "meeting_date"), PeriodFrom: Text(r, "period_from"),
		PeriodTo: Text(r, "period_to"), Chair: Text(r, "chair"), Attendees: Text(r, "attendees"), Status: Text(r, "status"),
		Notes: Text(r, "notes"), Decisions: []string{}, ActionIDs: slices.Clone(List(r, "actions")), Actions: []Action{}}
	if m.ActionIDs == nil {
		m.ActionIDs = []string{}
	}
	m.Decisions = listLines(Text(r, "decisions"))
	m.ImprovementDecisions, m.Changes, m.Resources = listLines(Text(r, "improvement_decisions")),
		listLines(Text(r, "ims_changes")), listLines(Text(r, "resource_needs"))
	ids := slices.Clone(m.ActionIDs)
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(strings.Compare(v.Title(a), v.Title(b)), strings.Compare(a, b)) })
	for _, id := range ids {
		if a, ok := v.ByID[id]; ok {
			m.Actions = append(m.Actions, v.action(a, r.Title, r.ID))
		}
	}
	return m
}

// ActionDone are the statuses that end an action.
var ActionDone = []string{"done", "cancelled"}

func (v *View) action(r ims.Record, from, fromReview string) Action {
	open := !slices.Contains(ActionDone, Text(r, "status"))
	return Action{Item: item(r), Owner: Text(r, "owner"), Due: Text(r, "due_date"), Priority: Text(r, "priority"),
		Status: Text(r, "status"), From: from, FromReview: fromReview, Open: open, Overdue: open && v.Overdue(r, "due_date", ActionDone...)}
}

// gatherPrevious finds the reviews before the one reported on (before the period when
// there is none) and the actions they agreed.
func (v *View) gatherPrevious(s *Summary) {
	cut := v.From
	if v.Current != nil {
		cut = Text(*v.Current, "meeting_date")
	}
	var prev []ims.Record
	for _, r := range v.Recs["management_review"] {
		if v.Current != nil && r.ID == v.Current.ID {
			continue
		}
		if md := Text(r, "meeting_date"); cut == "" || (md != "" && md < cut) {
			prev = append(prev, r)
		}
	}
	slices.SortFunc(prev, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(Text(b, "meeting_date"), Text(a, "meeting_date")), strings.Compare(a.ID, b.ID))
	})
	s.PreviousReviews = make([]Meeting, 0, len(prev))
	for _, r := range prev {
		s.PreviousReviews = append(s.PreviousReviews, v.meeting(r))
	}
	// The actions agreed at earlier reviews, and any action raised from a management review
	// that no review links.
	from := map[string]ims.Record{}
	for _, r := range prev {
		for _, id := range List(r, "actions") {
			if _, ok := from[id]; !ok {
				from[id] = r
			}
		}
	}
	var current map[string]bool
	if v.Current != nil {
		current = map[string]bool{}
		for _, id := range List(*v.Current, "actions") {
			current[id] = true
		}
	}
	s.PreviousActions = []Action{}
	for _, r := range v.Recs["action"] {
		if rv, ok := from[r.ID]; ok {
			s.PreviousActions = append(s.PreviousActions, v.action(r, rv.Title, rv.ID))
		} else if Text(r, "source_kind") == "management review" && !current[r.ID] && !v.raisedByCurrent(r) {
			s.PreviousActions = append(s.PreviousActions, v.action(r, Text(r, "source_ref"), ""))
		}
	}
}

// listLines are a long text's lines without list marks; never nil.
func listLines(s string) []string {
	out := []string{}
	for _, l := range ims.Lines(s) {
		out = append(out, strings.TrimSpace(strings.TrimLeft(l, "-•*")))
	}
	return out
}

// raisedByCurrent says whether an action names the review reported on as its source (by
// title or ID): this review's own actions are never actions from previous reviews.
func (v *View) raisedByCurrent(r ims.Record) bool {
	if v.Current == nil {
		return false
	}
	ref := Text(r, "source_ref")
	return ref != "" && (strings.EqualFold(ref, v.Current.Title) || ref == v.Current.ID)
}

func (v *View) gatherContext(s *Summary) {
	s.Issues, s.Parties = []Issue{}, []Party{}
	for _, r := range v.Recs["context_issue"] {
		if v.ChangedInPeriod(r) {
			s.Issues = append(s.Issues, Issue{Item: item(r), Type: Text(r, "type"), Lens: lensOf(r),
				Effect: Text(r, "effect"), Status: Text(r, "status"), Changed: r.UpdatedAt})
		}
	}
	for _, r := range v.Recs["interested_party"] {
		if v.ChangedInPeriod(r) {
			s.Parties = append(s.Parties, Party{Item: item(r), Category: Text(r, "category"), Lens: lensOf(r),
				Influence: Text(r, "influence"), Addressed: Answer(r, "addressed"), Changed: r.UpdatedAt,
				Needs: Text(r, "requirements"), What: v.changedFields("interested_party", r.ID)})
		}
	}
	s.Feedback = []Feedback{}
	for _, r := range v.Recs["interested_party"] {
		if f := Text(r, "feedback"); f != "" && v.fieldChangedInPeriod(r, "feedback") {
			s.Feedback = append(s.Feedback, Feedback{Item: item(r), Category: Text(r, "category"), Feedback: f, Changed: r.UpdatedAt})
		}
	}
}

// changedFields are the labels of a record's fields written within the period, in the
// schema's order, from its history.
func (v *View) changedFields(kind, id string) []string {
	k, err := ims.KindByName(kind)
	if err != nil {
		return []string{}
	}
	out := []string{}
	for _, f := range k.Fields {
		for _, e := range v.history[id] {
			if e.Field == f.Name && v.InPeriod(e.At) {
				out = append(out, f.Label)
				break
			}
		}
	}
	return out
}

// fieldChangedInPeriod says whether a field was written in the period: from the record's
// history when there is one, else from when the record was created or last changed.
func (v *View) fieldChangedInPeriod(r ims.Record, field string) bool {
	h, ok := v.history[r.ID]
	if !ok {
		return v.ChangedInPeriod(r)
	}
	for _, e := range h {
		if e.Field == field && v.InPeriod(e.At) {
			return true
		}
	}
	return false
}

var ncStatuses = []string{"open", "action planned", "awaiting check", "closed"}

// gatherNonconformities takes every nonconformity not closed, and those closed in the period.
func (v *View) gatherNonconformities(s *Summary) {
	s.Nonconformities = []Nonconformity{}
	bySource := map[string]*Tally{}
	for _, r := range v.Recs["nonconformity"] {
		st := Text(r, "status")
		if st == "closed" && !v.ChangedInPeriod(r) {
			continue
		}
		src := Text(r, "source")
		t := bySource[src]
		if t == nil {
			t = &Tally{Label: src, Counts: make([]int, len(ncStatuses))}
			bySource[src] = t
		}
		if i := slices.Index(ncStatuses, st); i >= 0 {
			t.Counts[i]++
			t.Total++
		}
		s.Nonconformities = append(s.Nonconformities, Nonconformity{Item: item(r), Source: src,
			Severity: Text(r, "severity"), Owner: Text(r, "owner"), Due: Text(r, "due_date"), Status: st,
			Overdue: v.Overdue(r, "due_date", "closed"), Effective: Answer(r, "effective")})
	}
	s.NonconformitiesBySource = []Tally{}
	for _, t := range bySource {
		s.NonconformitiesBySource = append(s.NonconformitiesBySource, *t)
	}
	// In the order the pack lists them: by the source as printed.
	slices.SortFunc(s.NonconformitiesBySource, func(a, b Tally) int {
		return strings.Compare(printed(a.Label), printed(b.Label))
	})
}

func (v *View) gatherObjectives(s *Summary) {
	readings := map[string][]ims.Record{}
	for _, r := range v.Recs["measurement"] {
		if dt := Text(r, "date"); dt != "" && (v.To == "" || dt <= v.To) {
			readings[Text(r, "objective")] = append(readings[Text(r, "objective")], r)
		}
	}
	s.Objectives = []Objective{}
	for _, r := range v.Recs["objective"] {
		rs := readings[r.ID]
		slices.SortFunc(rs, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(Text(a, "date"), Text(b, "date")), strings.Compare(a.ID, b.ID))
		})
		o := Objective{Item: item(r), Lens: lensOf(r), Target: numberOf(r, "target"), Direction: Text(r, "direction"),
			Unit: Text(r, "unit"), Owner: Text(r, "owner"), Status: Text(r, "status"), Readings: make([]Measurement, len(rs))}
		for i, m := range rs {
			o.Readings[i] = Measurement{ID: m.ID, Date: Text(m, "date"), Value: numberOf(m, "value")}
		}
		if len(o.Readings) > 0 {
			o.Latest = &o.Readings[len(o.Readings)-1]
		}
		s.Objectives = append(s.Objectives, o)
	}
}

func (v *View) gatherAudits(s *Summary) {
	var audits []ims.Record
	inScope := map[string]bool{}
	for _, r := range v.Recs["audit"] {
		if v.InPeriod(Text(r, "planned_start")) || v.InPeriod(Text(r, "planned_end")) || v.ChangedInPeriod(r) {
			audits = append(audits, r)
			inScope[r.ID] = true
		}
	}
	slices.SortFunc(audits, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(Text(a, "planned_start"), Text(b, "planned_start")), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	byAudit := map[string][]int{}
	var findings []ims.Record
	for _, f := range v.Recs["finding"] {
		a := Text(f, "audit")
		if !inScope[a] {
			continue
		}
		findings = append(findings, f)
		if byAudit[a] == nil {
			byAudit[a] = make([]int, len(ims.FindingTypes))
		}
		if i := slices.Index(ims.FindingTypes, Text(f, "type")); i >= 0 {
			byAudit[a][i]++
		}
	}
	s.Audits = make([]Audit, 0, len(audits))
	for _, a := range audits {
		c := byAudit[a.ID]
		if c == nil {
			c = make([]int, len(ims.FindingTypes))
		}
		s.Audits = append(s.Audits, Audit{Item: item(a), Standards: nonNil(List(a, "standards")),
			LeadAuditor: Text(a, "lead_auditor"), Start: Text(a, "planned_start"), End: Text(a, "planned_end"), Status: Text(a, "status"), Findings: c})
	}
	slices.SortFunc(findings, func(a, b ims.Record) int {
		ia, ib := slices.Index(ims.FindingTypes, Text(a, "type")), slices.Index(ims.FindingTypes, Text(b, "type"))
		return cmp.Or(ib-ia, strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	s.Findings = make([]Finding, 0, len(findings))
	for _, f := range findings {
		rf := Finding{Item: item(f), AuditID: Text(f, "audit"), Audit: v.Title(Text(f, "audit")), Type: Text(f, "type"),
			Ref: Text(f, "ref"), RefName: catalog.ShortRef(Text(f, "ref"))}
		if id := Text(f, "nonconformity"); id != "" {
			rf.Nonconformity = &Ref{Item: Item{id, v.Title(id)}, Missing: true}
			if r, ok := v.ByID[id]; ok {
				rf.Nonconformity.Status, rf.Nonconformity.Missing = Text(r, "status"), false
			}
		}
		s.Findings = append(s.Findings, rf)
	}
}

var incidentTypes = []string{"security incident", "personal-data breach", "AI system failure"}

var severityNames = []string{"low", "medium", "high", "critical"}

// gatherIncidents takes the incidents in the period and counts them by type and severity.
func (v *View) gatherIncidents(s *Summary) {
	s.Incidents = []Incident{}
	s.IncidentsByType = make([]Tally, len(incidentTypes))
	for i, t := range incidentTypes {
		s.IncidentsByType[i] = Tally{Label: t, Counts: make([]int, len(severityNames))}
	}
	for _, r := range v.Recs["incident"] {
		if !v.incidentInPeriod(r) {
			continue
		}
		t, sv := slices.Index(incidentTypes, Text(r, "type")), slices.Index(severityNames, Text(r, "severity"))
		if t >= 0 && sv >= 0 {
			s.IncidentsByType[t].Counts[sv]++
			s.IncidentsByType[t].Total++
		}
		s.Incidents = append(s.Incidents, Incident{Item: item(r), Type: Text(r, "type"), Severity: Text(r, "severity"),
			AwareAt: Text(r, "became_aware_at"), Handler: Text(r, "handler"), AISystem: Text(r, "ai_system"),
			ICOReportable: Text(r, "ico_reportable"), ICOReportedAt: Text(r, "ico_reported_at"), Status: Text(r, "status")})
	}
}

func (v *View) incidentInPeriod(r ims.Record) bool {
	for _, f := range []string{"became_aware_at", "occurred_at"} {
		if s := Text(r, f); s != "" {
			return v.InPeriod(s)
		}
	}
	return v.InPeriod(r.CreatedAt)
}

func (v *View) gatherRisks(s *Summary, m risk.Method, levels []string) {
	rs := &s.Risks
	*rs = Risks{Method: m.Title, LikelihoodLevels: m.LikelihoodLevels, ImpactLevels: m.ImpactLevels, Total: len(v.Recs["risk"]),
		Inherent: make([]int, len(levels)), Current: make([]int, len(levels)), Treatments: []Count{}, OverAppetite: []Risk{}}
	byTreatment := map[string]int{}
	for _, r := range v.Recs["risk"] {
		a := risk.FromRecord(r)
		if a.Inherent() == 0 {
			rs.Unscored++
			continue
		}
		rs.Inherent[slices.Index(levels, m.Level(a.Inherent()).Name)]++
		rs.Current[slices.Index(levels, m.Level(a.Current()).Name)]++
		byTreatment[Text(r, "treatment")]++
		if m.OverAppetite(a) {
			limit, _ := m.AppetiteFor(a.Lenses)
			rs.OverAppetite = append(rs.OverAppetite, Risk{Item: item(r), Lens: lensOf(r), Owner: a.Owner,
				Inherent: a.Inherent(), Current: a.Current(), Level: m.Level(a.Current()).Name, Appetite: limit,
				Treatment: Text(r, "treatment"), Status: a.Status})
		}
	}
	for _, t := range []string{"reduce", "avoid", "transfer", "accept", ""} {
		if n := byTreatment[t]; n > 0 {
			rs.Treatments = append(rs.Treatments, Count{Label: t, Count: n})
		}
	}
	slices.SortFunc(rs.OverAppetite, func(a, b Risk) int {
		return cmp.Or(b.Current-a.Current, strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
}

func (v *View) gatherAI(s *Summary) {
	s.AISystems = make([]AISystem, 0, len(v.Recs["ai_system"]))
	for _, r := range v.Recs["ai_system"] {
		s.AISystems = append(s.AISystems, AISystem{Item: item(r), Provenance: Text(r, "provenance"), Stage: Text(r, "stage"),
			DecisionImpact: Text(r, "decision_impact"), StageChanges: v.stageChanges(r.ID)})
	}
	s.MonitoringResults, s.Breaches = v.MonitoringBreaches()
	s.Principles = []PrincipleChange{}
	for _, p := range v.Recs["ai_principle"] {
		if !v.ChangedInPeriod(p) {
			continue
		}
		n := 0
		for _, b := range s.Breaches {
			if Text(v.ByID[b.ID], "principle") == p.ID {
				n++
			}
		}
		s.Principles = append(s.Principles, PrincipleChange{Item: item(p), Status: Text(p, "status"), New: v.InPeriod(p.CreatedAt), Breaches: n})
	}
}

// MonitoringBreaches counts the monitoring results dated in the period and lists those past
// their threshold, newest first.
func (v *View) MonitoringBreaches() (results int, breaches []Breach) {
	breaches = []Breach{}
	for _, r := range v.Recs["monitoring_record"] {
		if !v.InPeriod(Text(r, "date")) {
			continue
		}
		results++
		if !risk.BreachOf(r) {
			continue
		}
		val, _ := Number(r, "value")
		th, _ := Number(r, "threshold")
		breaches = append(breaches, Breach{Item: item(r), AISystemID: Text(r, "ai_system"), AISystem: v.Title(Text(r, "ai_system")),
			Metric: Text(r, "metric_type"), Value: val, Threshold: th, Direction: Text(r, "direction"), Date: Text(r, "date"),
			Nonconformity: Text(r, "nonconformity"), Principle: v.TitleOf(Text(r, "principle"))})
	}
	slices.SortFunc(breaches, func(a, b Breach) int {
		return cmp.Or(strings.Compare(b.Date, a.Date), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	return results, breaches
}

// TitleOf is the title of a linked record, "" when nothing is linked.
func (v *View) TitleOf(id string) string {
	if id == "" {
		return ""
	}
	return v.Title(id)
}

// stageChanges lists an AI system's stage changes in the period, oldest first.
func (v *View) stageChanges(id string) []StageChange {
	hist := slices.Clone(v.history[id])
	slices.SortFunc(hist, func(a, b ims.HistoryEntry) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.OpID, b.OpID))
	})
	out := []StageChange{}
	for _, h := range hist {
		if h.Field != "stage" || !v.InPeriod(h.At) {
			continue
		}
		if s, _ := h.Value.(string); s != "" {
			out = append(out, StageChange{Stage: s, At: h.At})
		}
	}
	return out
}

func (v *View) gatherPrivacy(s *Summary) {
	s.DPIAs = make([]DPIA, 0, len(v.Recs["dpia"]))
	for _, r := range v.Recs["dpia"] {
		s.DPIAs = append(s.DPIAs, DPIA{Item: item(r), Required: Text(r, "required"), ResidualRisk: Text(r, "residual_risk"),
			Outcome: Text(r, "outcome"), Status: Text(r, "status"), ReviewDate: Text(r, "review_date")})
	}
}

// gatherSuppliers finds the suppliers whose due diligence found issues or is unfinished,
// whose review is overdue, or who were involved in an incident in the period.
func (v *View) gatherSuppliers(s *Summary) {
	involved := map[string][]string{}
	for _, r := range v.Recs["incident"] {
		if v.incidentInPeriod(r) {
			for _, id := range List(r, "suppliers") {
				involved[id] = append(involved[id], r.Title)
			}
		}
	}
	s.Suppliers = len(v.Recs["supplier"])
	s.SupplierIssues = []SupplierIssue{}
	for _, r := range v.Recs["supplier"] {
		var why []string
		switch dd := Text(r, "due_diligence"); dd {
		case "issues found":
			why = append(why, "Due diligence found issues")
		case "not started", "in progress":
			why = append(why, "Due diligence "+dd)
		}
		if nr := Text(r, "next_review"); nr != "" && nr < v.AsOf {
			why = append(why, "Review overdue since "+ShortDate(nr))
		}
		for _, t := range involved[r.ID] {
			why = append(why, "Incident: "+t)
		}
		if len(why) > 0 {
			s.SupplierIssues = append(s.SupplierIssues, SupplierIssue{Item: item(r), Service: Text(r, "service"),
				Criticality: Text(r, "criticality"), Issues: why})
		}
	}
}

// improvementClosed are the statuses that end an improvement.
var improvementClosed = []string{"done", "declined"}

// gatherImprovements lists the open improvements and those logged, changed or finished in
// the period.
func (v *View) gatherImprovements(s *Summary) {
	s.Improvements = []Improvement{}
	for _, r := range v.Recs["improvement"] {
		open := !slices.Contains(improvementClosed, Text(r, "status"))
		if !open && !v.ChangedInPeriod(r) && !v.InPeriod(Text(r, "logged_on")) {
			continue
		}
		s.Improvements = append(s.Improvements, Improvement{Item: item(r), Source: Text(r, "source"), Lens: lensOf(r),
			Owner: Text(r, "owner"), TargetDate: Text(r, "target_date"), Status: Text(r, "status"), Open: open,
			Overdue: v.Overdue(r, "target_date", improvementClosed...)})
	}
	slices.SortFunc(s.Improvements, func(a, b Improvement) int {
		if a.Open != b.Open {
			if a.Open {
				return -1
			}
			return 1
		}
		ta, tb := cmp.Or(a.TargetDate, "9999"), cmp.Or(b.TargetDate, "9999")
		return cmp.Or(strings.Compare(ta, tb), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
}

// lensOf is a record's lens field, never nil.
func lensOf(r ims.Record) []string { return nonNil(List(r, "lens")) }

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// Answer is a yes/no field, nil when unanswered.
func Answer(r ims.Record, name string) *bool {
	if b, ok := r.Fields[name].(bool); ok {
		return &b
	}
	return nil
}

// numberOf is a number field, nil when empty.
func numberOf(r ims.Record, name string) *float64 {
	if f, ok := Number(r, name); ok {
		return &f
	}
	return nil
}

// printed is a label as a pack prints it: capitalised, a dash for none.
func printed(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
