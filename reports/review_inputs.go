package reports

import (
	"cmp"
	"slices"
	"strings"

	"keel/backend/ims"
	"keel/backend/risk"
)

// ReviewSummary is what top management considers at one management review (clause 9.3.2),
// gathered from the snapshot for the period once for the AIMS, ISMS and PIMS. The
// management-review pack renders it; the app's review screen shows it. Values are the
// records' own (dates YYYY-MM-DD or RFC 3339, enum values as stored); lists are in a
// fixed order, so the same snapshot gives the same summary.
type ReviewSummary struct {
	Organisation string `json:"organisation"`
	From         string `json:"from"` // the period; "" for an open end
	To           string `json:"to"`
	// AsOf is the date things are judged overdue on: the period's end, else the day the
	// summary was made.
	AsOf    string         `json:"asOf"`
	Review  *ReviewMeeting `json:"review"` // the review reported on; nil when there is none
	Keys    ReviewKeys     `json:"keys"`
	Figures ReviewFigures  `json:"figures"`

	// 9.3.2 a: earlier reviews, newest first, and the actions they agreed (with any action
	// raised from a management review that no review links), by title.
	PreviousReviews []ReviewMeeting `json:"previousReviews"`
	PreviousActions []ReviewAction  `json:"previousActions"`
	// 9.3.2 b, c: issues and interested parties created or changed in the period.
	Issues  []ReviewIssue `json:"issues"`
	Parties []ReviewParty `json:"parties"`
	// 9.3.2 d: nonconformities not closed or closed in the period, with counts by source
	// (Keys.NonconformityStatuses); objectives; audits in the period and their findings;
	// incidents in the period, with counts by type (Keys.IncidentTypes × Keys.Severities).
	Nonconformities         []ReviewNonconformity `json:"nonconformities"`
	NonconformitiesBySource []ReviewTally         `json:"nonconformitiesBySource"`
	Objectives              []ReviewObjective     `json:"objectives"`
	Audits                  []ReviewAudit         `json:"audits"`
	Findings                []ReviewFinding       `json:"findings"`
	Incidents               []ReviewIncident      `json:"incidents"`
	IncidentsByType         []ReviewTally         `json:"incidentsByType"`
	// 9.3.2 e, f: risk assessment results and treatment.
	Risks ReviewRisks `json:"risks"`
	// 42001: the AI systems with their stage changes in the period, and monitoring results
	// in the period past their thresholds, newest first.
	AISystems         []ReviewAISystem `json:"aiSystems"`
	MonitoringResults int              `json:"monitoringResults"`
	Breaches          []ReviewBreach   `json:"breaches"`
	// 27701: DPIAs (personal-data breaches are Incidents of that type).
	DPIAs []ReviewDPIA `json:"dpias"`
	// 8.1: suppliers that need attention, of Suppliers in all.
	Suppliers      int                   `json:"suppliers"`
	SupplierIssues []ReviewSupplierIssue `json:"supplierIssues"`
	// 9.3.2 g: opportunities for improvement (the improvement log, 10.1): open ones, and
	// those logged, changed or finished in the period; open first, soonest target first.
	Improvements []ReviewImprovement `json:"improvements"`
}

// ReviewKeys name the columns of the summary's counts, in order.
type ReviewKeys struct {
	NonconformityStatuses []string `json:"nonconformityStatuses"`
	FindingTypes          []string `json:"findingTypes"`
	IncidentTypes         []string `json:"incidentTypes"`
	Severities            []string `json:"severities"`
	RiskLevels            []string `json:"riskLevels"` // the risk method's bands, lowest first
}

// ReviewFigures are the headline numbers.
type ReviewFigures struct {
	OpenNonconformities int `json:"openNonconformities"` // not yet closed, whenever raised
	Objectives          int `json:"objectives"`
	ObjectivesOnTrack   int `json:"objectivesOnTrack"` // on track or achieved
	RisksOverAppetite   int `json:"risksOverAppetite"`
	Incidents           int `json:"incidents"` // in the period
}

// ReviewItem is the record an entry of the summary stands for.
type ReviewItem struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func item(r ims.Record) ReviewItem { return ReviewItem{r.ID, r.Title} }

// ReviewTally counts the records of one group by the keys of its kind of count.
type ReviewTally struct {
	Label  string `json:"label"`
	Counts []int  `json:"counts"`
	Total  int    `json:"total"`
}

// ReviewCount is a count with its label.
type ReviewCount struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

// ReviewMeeting is a management_review record.
type ReviewMeeting struct {
	ReviewItem
	MeetingDate string `json:"meetingDate"`
	PeriodFrom  string `json:"periodFrom"`
	PeriodTo    string `json:"periodTo"`
	Chair       string `json:"chair"`
	Attendees   string `json:"attendees"`
	Status      string `json:"status"`
	// Decisions are the decisions field's lines, without list marks.
	Decisions []string `json:"decisions"`
	Notes     string   `json:"notes"`
	// ActionIDs are the actions linked, as stored; Actions the live ones, by title.
	ActionIDs []string       `json:"actionIds"`
	Actions   []ReviewAction `json:"actions"`
}

// ReviewAction is an action record as a review sees it.
type ReviewAction struct {
	ReviewItem
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

// ReviewIssue is a context issue changed in the period.
type ReviewIssue struct {
	ReviewItem
	Type    string   `json:"type"`
	Lens    []string `json:"lens"`
	Effect  string   `json:"effect"`
	Status  string   `json:"status"`
	Changed string   `json:"changed"`
}

// ReviewParty is an interested party changed in the period.
type ReviewParty struct {
	ReviewItem
	Category  string   `json:"category"`
	Lens      []string `json:"lens"`
	Influence string   `json:"influence"`
	Addressed *bool    `json:"addressed"`
	Changed   string   `json:"changed"`
}

// ReviewNonconformity is a nonconformity and its corrective action.
type ReviewNonconformity struct {
	ReviewItem
	Source    string `json:"source"`
	Severity  string `json:"severity"`
	Owner     string `json:"owner"`
	Due       string `json:"due"`
	Status    string `json:"status"`
	Overdue   bool   `json:"overdue"`
	Effective *bool  `json:"effective"`
}

// ReviewObjective is an objective with its measurements up to the period's end.
type ReviewObjective struct {
	ReviewItem
	Lens      []string `json:"lens"`
	Target    *float64 `json:"target"`
	Direction string   `json:"direction"` // higher, lower or ""
	Unit      string   `json:"unit"`
	Owner     string   `json:"owner"`
	Status    string   `json:"status"`
	// Readings are oldest first; Latest is the last of them.
	Readings []ReviewMeasurement `json:"readings"`
	Latest   *ReviewMeasurement  `json:"latest"`
}

// ReviewMeasurement is one measurement of an objective.
type ReviewMeasurement struct {
	ID    string   `json:"id"`
	Date  string   `json:"date"`
	Value *float64 `json:"value"`
}

// ReviewAudit is an internal audit planned, held or reported in the period, with its
// findings counted by Keys.FindingTypes.
type ReviewAudit struct {
	ReviewItem
	Standards   []string `json:"standards"`
	LeadAuditor string   `json:"leadAuditor"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Status      string   `json:"status"`
	Findings    []int    `json:"findings"`
}

// ReviewFinding is a finding of an audit in the period, gravest first.
type ReviewFinding struct {
	ReviewItem
	AuditID string `json:"auditId"`
	Audit   string `json:"audit"` // its title
	Type    string `json:"type"`
	Ref     string `json:"ref"`     // catalogue:id
	RefName string `json:"refName"` // as people write it, "42001 A.10.3"
	// Nonconformity is the nonconformity it raised, if any.
	Nonconformity *ReviewRef `json:"nonconformity"`
}

// ReviewRef is a linked record: its title and status, or its ID alone when the workspace
// has no live record by that ID (Missing).
type ReviewRef struct {
	ReviewItem
	Status  string `json:"status"`
	Missing bool   `json:"missing,omitempty"`
}

// ReviewIncident is an incident in the period.
type ReviewIncident struct {
	ReviewItem
	Type          string `json:"type"`
	Severity      string `json:"severity"`
	AwareAt       string `json:"awareAt"`
	Handler       string `json:"handler"`
	AISystem      string `json:"aiSystem"`
	ICOReportable string `json:"icoReportable"`
	ICOReportedAt string `json:"icoReportedAt"`
	Status        string `json:"status"`
}

// ReviewRisks are the risk assessment results on the workspace's risk method.
type ReviewRisks struct {
	Method           string `json:"method"`
	LikelihoodLevels int    `json:"likelihoodLevels"`
	ImpactLevels     int    `json:"impactLevels"`
	Total            int    `json:"total"`
	Unscored         int    `json:"unscored"`
	// Inherent and Current count the scored risks by Keys.RiskLevels.
	Inherent []int `json:"inherent"`
	Current  []int `json:"current"`
	// Treatments count the scored risks by treatment chosen ("" for none yet), those with any.
	Treatments   []ReviewCount `json:"treatments"`
	OverAppetite []ReviewRisk  `json:"overAppetite"` // highest current score first
}

// ReviewRisk is a risk over the appetite of its lenses.
type ReviewRisk struct {
	ReviewItem
	Lens      []string `json:"lens"`
	Owner     string   `json:"owner"`
	Inherent  int      `json:"inherent"`
	Current   int      `json:"current"`
	Level     string   `json:"level"` // of the current score
	Appetite  float64  `json:"appetite"`
	Treatment string   `json:"treatment"`
	Status    string   `json:"status"`
}

// ReviewAISystem is an AI system with its stage changes in the period, oldest first.
type ReviewAISystem struct {
	ReviewItem
	Provenance     string              `json:"provenance"`
	Stage          string              `json:"stage"`
	DecisionImpact string              `json:"decisionImpact"`
	StageChanges   []ReviewStageChange `json:"stageChanges"`
}

// ReviewStageChange is an AI system entering a lifecycle stage.
type ReviewStageChange struct {
	Stage string `json:"stage"`
	At    string `json:"at"`
}

// ReviewBreach is a monitoring result past its threshold.
type ReviewBreach struct {
	ReviewItem
	AISystemID    string  `json:"aiSystemId"`
	AISystem      string  `json:"aiSystem"` // its title
	Metric        string  `json:"metric"`
	Value         float64 `json:"value"`
	Threshold     float64 `json:"threshold"`
	Direction     string  `json:"direction"`
	Date          string  `json:"date"`
	Nonconformity string  `json:"nonconformity"` // the ID of the one it raised, if any
}

// ReviewDPIA is a data protection impact assessment.
type ReviewDPIA struct {
	ReviewItem
	Required     string `json:"required"`
	ResidualRisk string `json:"residualRisk"`
	Outcome      string `json:"outcome"`
	Status       string `json:"status"`
	ReviewDate   string `json:"reviewDate"`
}

// ReviewImprovement is an opportunity for improvement from the improvement log.
type ReviewImprovement struct {
	ReviewItem
	Source     string   `json:"source"`
	Lens       []string `json:"lens"`
	Owner      string   `json:"owner"`
	TargetDate string   `json:"targetDate"`
	Status     string   `json:"status"`
	Open       bool     `json:"open"`    // not done or declined
	Overdue    bool     `json:"overdue"` // open and past its target date
}

// ReviewSupplierIssue is a supplier that needs attention, with why, in words.
type ReviewSupplierIssue struct {
	ReviewItem
	Service     string   `json:"service"`
	Criticality string   `json:"criticality"`
	Issues      []string `json:"issues"`
}

// GatherReview gathers the inputs of a management review from the snapshot: the review
// in.Review (empty: the latest meeting dated in the period, if any), for the period of o.
// Like a pack it never reads the clock: o.Generated stands for now.
func GatherReview(s Snapshot, o Options, in ReviewInput) ReviewSummary {
	return *newReview(s, o, in).inputs()
}

// inputs gathers the summary once; the pack's two layout passes share it.
func (v *review) inputs() *ReviewSummary {
	if v.sum != nil {
		return v.sum
	}
	m := v.method()
	levels := make([]string, len(m.Bands))
	for i, b := range m.Bands {
		levels[i] = b.Name
	}
	s := &ReviewSummary{Organisation: v.s.Organisation, From: v.from, To: v.to, AsOf: v.asOf,
		Keys: ReviewKeys{NonconformityStatuses: ncStatuses, FindingTypes: ims.FindingTypes, IncidentTypes: incidentTypes,
			Severities: severityNames, RiskLevels: levels}}
	if v.current != nil {
		cur := v.meeting(*v.current)
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
	v.sum = s
	return s
}

func (v *review) gatherFigures(s *ReviewSummary, m risk.Method) {
	for _, r := range v.recs["nonconformity"] {
		if str(r, "status") != "closed" {
			s.Figures.OpenNonconformities++
		}
	}
	s.Figures.Objectives = len(v.recs["objective"])
	for _, r := range v.recs["objective"] {
		if st := str(r, "status"); st == "on track" || st == "achieved" {
			s.Figures.ObjectivesOnTrack++
		}
	}
	for _, r := range v.recs["risk"] {
		if m.OverAppetite(risk.FromRecord(r)) {
			s.Figures.RisksOverAppetite++
		}
	}
	for _, r := range v.recs["incident"] {
		if v.incidentInPeriod(r) {
			s.Figures.Incidents++
		}
	}
}

// meeting is a review record with its decisions split and its live actions by title.
func (v *review) meeting(r ims.Record) ReviewMeeting {
	m := ReviewMeeting{ReviewItem: item(r), MeetingDate: str(r, "meeting_date"), PeriodFrom: str(r, "period_from"),
		PeriodTo: str(r, "period_to"), Chair: str(r, "chair"), Attendees: str(r, "attendees"), Status: str(r, "status"),
		Notes: str(r, "notes"), Decisions: []string{}, ActionIDs: slices.Clone(list(r, "actions")), Actions: []ReviewAction{}}
	if m.ActionIDs == nil {
		m.ActionIDs = []string{}
	}
	for _, l := range ims.Lines(str(r, "decisions")) {
		m.Decisions = append(m.Decisions, strings.TrimSpace(strings.TrimLeft(l, "-•*")))
	}
	ids := slices.Clone(m.ActionIDs)
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(strings.Compare(v.title(a), v.title(b)), strings.Compare(a, b)) })
	for _, id := range ids {
		if a, ok := v.byID[id]; ok {
			m.Actions = append(m.Actions, v.action(a, r.Title, r.ID))
		}
	}
	return m
}

var actionDone = []string{"done", "cancelled"}

func (v *review) action(r ims.Record, from, fromReview string) ReviewAction {
	open := !slices.Contains(actionDone, str(r, "status"))
	return ReviewAction{ReviewItem: item(r), Owner: str(r, "owner"), Due: str(r, "due_date"), Priority: str(r, "priority"),
		Status: str(r, "status"), From: from, FromReview: fromReview, Open: open, Overdue: open && v.overdue(r, "due_date", actionDone...)}
}

// gatherPrevious finds the reviews before the one reported on (before the period when
// there is none) and the actions they agreed.
func (v *review) gatherPrevious(s *ReviewSummary) {
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
	s.PreviousReviews = make([]ReviewMeeting, 0, len(prev))
	for _, r := range prev {
		s.PreviousReviews = append(s.PreviousReviews, v.meeting(r))
	}
	// The actions agreed at earlier reviews, and any action raised from a management review
	// that no review links.
	from := map[string]ims.Record{}
	for _, r := range prev {
		for _, id := range list(r, "actions") {
			if _, ok := from[id]; !ok {
				from[id] = r
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
	s.PreviousActions = []ReviewAction{}
	for _, r := range v.recs["action"] {
		if rv, ok := from[r.ID]; ok {
			s.PreviousActions = append(s.PreviousActions, v.action(r, rv.Title, rv.ID))
		} else if str(r, "source_kind") == "management review" && !current[r.ID] {
			s.PreviousActions = append(s.PreviousActions, v.action(r, str(r, "source_ref"), ""))
		}
	}
}

func (v *review) gatherContext(s *ReviewSummary) {
	s.Issues, s.Parties = []ReviewIssue{}, []ReviewParty{}
	for _, r := range v.recs["context_issue"] {
		if v.changedInPeriod(r) {
			s.Issues = append(s.Issues, ReviewIssue{ReviewItem: item(r), Type: str(r, "type"), Lens: lensOf(r),
				Effect: str(r, "effect"), Status: str(r, "status"), Changed: r.UpdatedAt})
		}
	}
	for _, r := range v.recs["interested_party"] {
		if v.changedInPeriod(r) {
			s.Parties = append(s.Parties, ReviewParty{ReviewItem: item(r), Category: str(r, "category"), Lens: lensOf(r),
				Influence: str(r, "influence"), Addressed: boolOf(r, "addressed"), Changed: r.UpdatedAt})
		}
	}
}

var ncStatuses = []string{"open", "action planned", "awaiting check", "closed"}

// gatherNonconformities takes every nonconformity not closed, and those closed in the period.
func (v *review) gatherNonconformities(s *ReviewSummary) {
	s.Nonconformities = []ReviewNonconformity{}
	bySource := map[string]*ReviewTally{}
	for _, r := range v.recs["nonconformity"] {
		st := str(r, "status")
		if st == "closed" && !v.changedInPeriod(r) {
			continue
		}
		src := str(r, "source")
		t := bySource[src]
		if t == nil {
			t = &ReviewTally{Label: src, Counts: make([]int, len(ncStatuses))}
			bySource[src] = t
		}
		if i := slices.Index(ncStatuses, st); i >= 0 {
			t.Counts[i]++
			t.Total++
		}
		s.Nonconformities = append(s.Nonconformities, ReviewNonconformity{ReviewItem: item(r), Source: src,
			Severity: str(r, "severity"), Owner: str(r, "owner"), Due: str(r, "due_date"), Status: st,
			Overdue: v.overdue(r, "due_date", "closed"), Effective: boolOf(r, "effective")})
	}
	s.NonconformitiesBySource = []ReviewTally{}
	for _, t := range bySource {
		s.NonconformitiesBySource = append(s.NonconformitiesBySource, *t)
	}
	// In the order the pack lists them: by the source as printed.
	slices.SortFunc(s.NonconformitiesBySource, func(a, b ReviewTally) int {
		return strings.Compare(orDash(capitalise(a.Label)), orDash(capitalise(b.Label)))
	})
}

func (v *review) gatherObjectives(s *ReviewSummary) {
	readings := map[string][]ims.Record{}
	for _, r := range v.recs["measurement"] {
		if dt := str(r, "date"); dt != "" && (v.to == "" || dt <= v.to) {
			readings[str(r, "objective")] = append(readings[str(r, "objective")], r)
		}
	}
	s.Objectives = []ReviewObjective{}
	for _, r := range v.recs["objective"] {
		rs := readings[r.ID]
		slices.SortFunc(rs, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(str(a, "date"), str(b, "date")), strings.Compare(a.ID, b.ID))
		})
		o := ReviewObjective{ReviewItem: item(r), Lens: lensOf(r), Target: numberOf(r, "target"), Direction: str(r, "direction"),
			Unit: str(r, "unit"), Owner: str(r, "owner"), Status: str(r, "status"), Readings: make([]ReviewMeasurement, len(rs))}
		for i, m := range rs {
			o.Readings[i] = ReviewMeasurement{ID: m.ID, Date: str(m, "date"), Value: numberOf(m, "value")}
		}
		if len(o.Readings) > 0 {
			o.Latest = &o.Readings[len(o.Readings)-1]
		}
		s.Objectives = append(s.Objectives, o)
	}
}

func (v *review) gatherAudits(s *ReviewSummary) {
	var audits []ims.Record
	inScope := map[string]bool{}
	for _, r := range v.recs["audit"] {
		if v.inPeriod(str(r, "planned_start")) || v.inPeriod(str(r, "planned_end")) || v.changedInPeriod(r) {
			audits = append(audits, r)
			inScope[r.ID] = true
		}
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
	s.Audits = make([]ReviewAudit, 0, len(audits))
	for _, a := range audits {
		c := byAudit[a.ID]
		if c == nil {
			c = make([]int, len(ims.FindingTypes))
		}
		s.Audits = append(s.Audits, ReviewAudit{ReviewItem: item(a), Standards: nonNil(list(a, "standards")),
			LeadAuditor: str(a, "lead_auditor"), Start: str(a, "planned_start"), End: str(a, "planned_end"), Status: str(a, "status"), Findings: c})
	}
	slices.SortFunc(findings, func(a, b ims.Record) int {
		ia, ib := slices.Index(ims.FindingTypes, str(a, "type")), slices.Index(ims.FindingTypes, str(b, "type"))
		return cmp.Or(ib-ia, strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
	s.Findings = make([]ReviewFinding, 0, len(findings))
	for _, f := range findings {
		rf := ReviewFinding{ReviewItem: item(f), AuditID: str(f, "audit"), Audit: v.title(str(f, "audit")), Type: str(f, "type"),
			Ref: str(f, "ref"), RefName: shortRef(str(f, "ref"))}
		if id := str(f, "nonconformity"); id != "" {
			rf.Nonconformity = &ReviewRef{ReviewItem: ReviewItem{id, v.title(id)}, Missing: true}
			if r, ok := v.byID[id]; ok {
				rf.Nonconformity.Status, rf.Nonconformity.Missing = str(r, "status"), false
			}
		}
		s.Findings = append(s.Findings, rf)
	}
}

var incidentTypes = []string{"security incident", "personal-data breach", "AI system failure"}

var severityNames = []string{"low", "medium", "high", "critical"}

// gatherIncidents takes the incidents in the period and counts them by type and severity.
func (v *review) gatherIncidents(s *ReviewSummary) {
	s.Incidents = []ReviewIncident{}
	s.IncidentsByType = make([]ReviewTally, len(incidentTypes))
	for i, t := range incidentTypes {
		s.IncidentsByType[i] = ReviewTally{Label: t, Counts: make([]int, len(severityNames))}
	}
	for _, r := range v.recs["incident"] {
		if !v.incidentInPeriod(r) {
			continue
		}
		t, sv := slices.Index(incidentTypes, str(r, "type")), slices.Index(severityNames, str(r, "severity"))
		if t >= 0 && sv >= 0 {
			s.IncidentsByType[t].Counts[sv]++
			s.IncidentsByType[t].Total++
		}
		s.Incidents = append(s.Incidents, ReviewIncident{ReviewItem: item(r), Type: str(r, "type"), Severity: str(r, "severity"),
			AwareAt: str(r, "became_aware_at"), Handler: str(r, "handler"), AISystem: str(r, "ai_system"),
			ICOReportable: str(r, "ico_reportable"), ICOReportedAt: str(r, "ico_reported_at"), Status: str(r, "status")})
	}
}

func (v *review) incidentInPeriod(r ims.Record) bool {
	for _, f := range []string{"became_aware_at", "occurred_at"} {
		if s := str(r, f); s != "" {
			return v.inPeriod(s)
		}
	}
	return v.inPeriod(r.CreatedAt)
}

func (v *review) gatherRisks(s *ReviewSummary, m risk.Method, levels []string) {
	rs := &s.Risks
	*rs = ReviewRisks{Method: m.Title, LikelihoodLevels: m.LikelihoodLevels, ImpactLevels: m.ImpactLevels, Total: len(v.recs["risk"]),
		Inherent: make([]int, len(levels)), Current: make([]int, len(levels)), Treatments: []ReviewCount{}, OverAppetite: []ReviewRisk{}}
	byTreatment := map[string]int{}
	for _, r := range v.recs["risk"] {
		a := risk.FromRecord(r)
		if a.Inherent() == 0 {
			rs.Unscored++
			continue
		}
		rs.Inherent[slices.Index(levels, m.Level(a.Inherent()).Name)]++
		rs.Current[slices.Index(levels, m.Level(a.Current()).Name)]++
		byTreatment[str(r, "treatment")]++
		if m.OverAppetite(a) {
			limit, _ := m.AppetiteFor(a.Lenses)
			rs.OverAppetite = append(rs.OverAppetite, ReviewRisk{ReviewItem: item(r), Lens: lensOf(r), Owner: a.Owner,
				Inherent: a.Inherent(), Current: a.Current(), Level: m.Level(a.Current()).Name, Appetite: limit,
				Treatment: str(r, "treatment"), Status: a.Status})
		}
	}
	for _, t := range []string{"reduce", "avoid", "transfer", "accept", ""} {
		if n := byTreatment[t]; n > 0 {
			rs.Treatments = append(rs.Treatments, ReviewCount{Label: t, Count: n})
		}
	}
	slices.SortFunc(rs.OverAppetite, func(a, b ReviewRisk) int {
		return cmp.Or(b.Current-a.Current, strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
}

func (v *review) gatherAI(s *ReviewSummary) {
	s.AISystems = make([]ReviewAISystem, 0, len(v.recs["ai_system"]))
	for _, r := range v.recs["ai_system"] {
		s.AISystems = append(s.AISystems, ReviewAISystem{ReviewItem: item(r), Provenance: str(r, "provenance"), Stage: str(r, "stage"),
			DecisionImpact: str(r, "decision_impact"), StageChanges: v.stageChanges(r.ID)})
	}
	s.Breaches = []ReviewBreach{}
	for _, r := range v.recs["monitoring_record"] {
		if !v.inPeriod(str(r, "date")) {
			continue
		}
		s.MonitoringResults++
		if !risk.BreachOf(r) {
			continue
		}
		val, _ := number(r, "value")
		th, _ := number(r, "threshold")
		s.Breaches = append(s.Breaches, ReviewBreach{ReviewItem: item(r), AISystemID: str(r, "ai_system"), AISystem: v.title(str(r, "ai_system")),
			Metric: str(r, "metric_type"), Value: val, Threshold: th, Direction: str(r, "direction"), Date: str(r, "date"),
			Nonconformity: str(r, "nonconformity")})
	}
	slices.SortFunc(s.Breaches, func(a, b ReviewBreach) int {
		return cmp.Or(strings.Compare(b.Date, a.Date), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
	})
}

// stageChanges lists an AI system's stage changes in the period, oldest first.
func (v *review) stageChanges(id string) []ReviewStageChange {
	hist := slices.Clone(v.in.History[id])
	slices.SortFunc(hist, func(a, b ims.HistoryEntry) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.OpID, b.OpID))
	})
	out := []ReviewStageChange{}
	for _, h := range hist {
		if h.Field != "stage" || !v.inPeriod(h.At) {
			continue
		}
		if s, _ := h.Value.(string); s != "" {
			out = append(out, ReviewStageChange{Stage: s, At: h.At})
		}
	}
	return out
}

func (v *review) gatherPrivacy(s *ReviewSummary) {
	s.DPIAs = make([]ReviewDPIA, 0, len(v.recs["dpia"]))
	for _, r := range v.recs["dpia"] {
		s.DPIAs = append(s.DPIAs, ReviewDPIA{ReviewItem: item(r), Required: str(r, "required"), ResidualRisk: str(r, "residual_risk"),
			Outcome: str(r, "outcome"), Status: str(r, "status"), ReviewDate: str(r, "review_date")})
	}
}

// gatherSuppliers finds the suppliers whose due diligence found issues or is unfinished,
// whose review is overdue, or who were involved in an incident in the period.
func (v *review) gatherSuppliers(s *ReviewSummary) {
	involved := map[string][]string{}
	for _, r := range v.recs["incident"] {
		if v.incidentInPeriod(r) {
			for _, id := range list(r, "suppliers") {
				involved[id] = append(involved[id], r.Title)
			}
		}
	}
	s.Suppliers = len(v.recs["supplier"])
	s.SupplierIssues = []ReviewSupplierIssue{}
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
		if len(why) > 0 {
			s.SupplierIssues = append(s.SupplierIssues, ReviewSupplierIssue{ReviewItem: item(r), Service: str(r, "service"),
				Criticality: str(r, "criticality"), Issues: why})
		}
	}
}

// improvementClosed are the statuses that end an improvement.
var improvementClosed = []string{"done", "declined"}

// gatherImprovements lists the open improvements and those logged, changed or finished in
// the period.
func (v *review) gatherImprovements(s *ReviewSummary) {
	s.Improvements = []ReviewImprovement{}
	for _, r := range v.recs["improvement"] {
		open := !slices.Contains(improvementClosed, str(r, "status"))
		if !open && !v.changedInPeriod(r) && !v.inPeriod(str(r, "logged_on")) {
			continue
		}
		s.Improvements = append(s.Improvements, ReviewImprovement{ReviewItem: item(r), Source: str(r, "source"), Lens: lensOf(r),
			Owner: str(r, "owner"), TargetDate: str(r, "target_date"), Status: str(r, "status"), Open: open,
			Overdue: v.overdue(r, "target_date", improvementClosed...)})
	}
	slices.SortFunc(s.Improvements, func(a, b ReviewImprovement) int {
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
func lensOf(r ims.Record) []string { return nonNil(list(r, "lens")) }

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// boolOf is a yes/no field, nil when unanswered.
func boolOf(r ims.Record, name string) *bool {
	if b, ok := r.Fields[name].(bool); ok {
		return &b
	}
	return nil
}

// numberOf is a number field, nil when empty.
func numberOf(r ims.Record, name string) *float64 {
	if f, ok := number(r, name); ok {
		return &f
	}
	return nil
}
