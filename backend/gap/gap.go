// Package gap is Keel's 42001 gap analysis: from the catalogue, the typed crosswalk and the
// implementation status of items, it says for every ISO/IEC 42001 requirement and control
// whether it is done, already met through the 27001/27701 system, to be extended, or new;
// how far each clause and Annex A area is covered; a plan in the 7 steps of DOMAIN.md; and
// readiness on the four things certification comes down to.
//
// Everything here is a pure function of its inputs: no I/O, no clock, no store.
package gap

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"keel/backend/catalog"
)

// Status is the implementation status of one item of any catalogue.
type Status string

const (
	NotStarted    Status = "not-started"
	Planned       Status = "planned"
	Partial       Status = "partial"
	Implemented   Status = "implemented"
	NotApplicable Status = "not-applicable"
)

// Statuses lists every valid Status in the order a person moves through them.
var Statuses = []Status{NotStarted, Planned, Partial, Implemented, NotApplicable}

// ParseStatus accepts a status in its API form ("not-started") or as the record's enum shows
// it ("not started"), in any case.
func ParseStatus(s string) (Status, bool) {
	st := Status(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	return st, slices.Contains(Statuses, st)
}

// Label is the status as the control_status record's enum spells it ("not started").
func (s Status) Label() string { return strings.ReplaceAll(string(s), "-", " ") }

// Result is what is left to do for a 42001 item given what is implemented.
type Result string

const (
	Done             Result = "done"               // the 42001 item itself is implemented
	MetByInheritance Result = "met-by-inheritance" // an implemented 27001/27701 item meets it as it is
	ToExtend         Result = "extend"             // reuse an implemented process and add the AI content
	ToBuild          Result = "new"                // build it: nothing implemented carries it
	Excluded         Result = "not-applicable"     // an Annex A control excluded in the Statement of Applicability
)

// ItemGap is the analysis of one 42001 leaf clause or control.
type ItemGap struct {
	ID    string        `json:"id"`
	Title string        `json:"title"`
	Kind  catalog.Kind  `json:"kind"`  // clause or control
	Group string        `json:"group"` // "4"…"10" for clauses, "A.2"…"A.10" for controls
	Class catalog.Class `json:"class"` // from the crosswalk: the strongest class of its rows
	// Status is the item's own recorded status (not-started when none is recorded).
	Status Status `json:"status"`
	Result Result `json:"result"`
	// InheritedFrom lists the implemented 27001/27701 items the crosswalk relates it to
	// (no-relationship rows excluded), as "catalogue:id".
	InheritedFrom []string `json:"inherited_from"`
	Todo          string   `json:"todo"`
	Step          int      `json:"step"`
	// Basis says why the item counts as it does: "derived" (the records show it),
	// "attested" (a person set it implemented), "inherited" (an implemented 27001/27701 item
	// meets it), "not-applicable" (excluded, with its justification), or "" while open.
	Basis Basis `json:"basis"`
	// Derived is what the evidence rule finds in the records, whatever a person set;
	// Evidence the records that show it; Missing what the records still lack.
	Derived     Derived         `json:"derived"`
	Evidence    []EvidenceRef   `json:"evidence"`
	Missing     []MissingRecord `json:"missing"`
	Next        *NextAction     `json:"next,omitempty"` // the next action while open
	Attestation *Attestation    `json:"attestation,omitempty"`
}

// Basis is why an item counts as done, met or excluded.
type Basis string

const (
	ByRecords     Basis = "derived"
	ByAttestation Basis = "attested"
	ByInheritance Basis = "inherited"
	ByExclusion   Basis = "not-applicable"
	Open          Basis = "" // still to do
)

// Attestation is what a person wrote on an item's status record: why it is implemented or
// excluded, and the evidence.
type Attestation struct {
	RecordID      string `json:"record_id"`
	Justification string `json:"justification,omitempty"`
	Evidence      string `json:"evidence,omitempty"`
}

// Inputs is everything the analysis reads: the implementation statuses (keyed by
// "catalogue:id"; an item with none is not started), what their records say, the evidence
// rules and the workspace's records, and the day it is run for ("2006-01-02").
type Inputs struct {
	Statuses     map[string]Status
	Attestations map[string]Attestation
	Rules        *RuleSet
	Records      *Records
	Now          string
}

// Coverage counts the results of one clause or Annex A area (or a total).
type Coverage struct {
	Group         string `json:"group"` // "4", "A.2", or "clauses", "annex", "all" for totals
	Title         string `json:"title"`
	Total         int    `json:"total"`
	Done          int    `json:"done"`
	Inherited     int    `json:"met_by_inheritance"`
	Extend        int    `json:"extend"`
	New           int    `json:"new"`
	NotApplicable int    `json:"not_applicable"`
	// Covered is done + met by inheritance; Percent is Covered over the applicable items
	// (Total - NotApplicable), to one decimal; 100 when nothing is applicable.
	Covered int     `json:"covered"`
	Percent float64 `json:"percent"`
}

// CoverageReport is coverage per clause (4–10), per Annex A area (A.2–A.10), and totals.
type CoverageReport struct {
	Clauses []Coverage `json:"clauses"`
	Annex   []Coverage `json:"annex"`
	Totals  []Coverage `json:"totals"` // clauses, annex, all
}

// PlanItem is one open item of a step.
type PlanItem struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"`
	Status  Status          `json:"status"`
	Result  Result          `json:"result"`
	Todo    string          `json:"todo"`
	Derived Derived         `json:"derived"`
	Missing []MissingRecord `json:"missing"`
	Next    *NextAction     `json:"next,omitempty"`
}

// Step is one of DOMAIN.md's 7 implementation steps with its open items, in priority order.
type Step struct {
	Step    int        `json:"step"`
	Title   string     `json:"title"`
	Total   int        `json:"total"`   // applicable items assigned to the step
	Covered int        `json:"covered"` // of which done or met by inheritance
	Items   []PlanItem `json:"items"`   // the open ones (extend, new)
}

// Analysis is the whole gap analysis.
type Analysis struct {
	Items     []ItemGap      `json:"items"`
	Coverage  CoverageReport `json:"coverage"`
	Plan      []Step         `json:"plan"`
	Readiness []Proof        `json:"readiness"`
}

// Analyse runs the gap analysis over implementation statuses alone (no records). statuses
// is keyed by "catalogue:id"; an item with no entry is not started. Only "implemented"
// counts towards inheritance.
func Analyse(s *catalog.Standards, statuses map[string]Status) (Analysis, error) {
	return AnalyseWith(s, Inputs{Statuses: statuses})
}

// AnalyseWith runs the gap analysis: every 42001 item's status derived from the records by
// its evidence rule, unless a person attested it or excluded it, or an implemented
// 27001/27701 item meets it.
func AnalyseWith(s *catalog.Standards, in Inputs) (Analysis, error) {
	c, ok := s.Catalogue(catalog.ISO42001)
	if !ok {
		return Analysis{}, fmt.Errorf("gap: the catalogue has no %s", catalog.ISO42001)
	}
	status := func(ref string) Status {
		if st, ok := in.Statuses[ref]; ok && st != "" {
			return st
		}
		return NotStarted
	}
	a := Analysis{Items: []ItemGap{}}
	for _, it := range c.Items {
		if !assessable(c, it) {
			continue
		}
		g := analyseItem(s, c, it, status, in.Rules.Derive(it.ID, in.Records, in.Now))
		if at, ok := in.Attestations[catalog.Ref(c.ID, it.ID)]; ok && (g.Basis == ByAttestation || g.Basis == ByExclusion) {
			g.Attestation = &at
		}
		if g.Basis == Open || g.Basis == ByInheritance {
			g.Next = in.Rules.next(it.ID, in.Records, in.Now)
		}
		a.Items = append(a.Items, g)
	}
	a.Coverage = coverage(c, a.Items)
	a.Plan = plan(a.Items)
	a.Readiness = readiness(s, a.Items, status)
	return a, nil
}

// assessable says whether an item is a requirement one implements: a leaf clause or an
// Annex A control. Headings (4, 6.1, 7.5…), areas and objectives are rolled up in coverage.
func assessable(c *catalog.Catalogue, it catalog.Item) bool {
	switch it.Kind {
	case catalog.KindControl:
		return true
	case catalog.KindClause:
		return c.Leaf(it.ID)
	}
	return false
}

// classRank orders classes strongest first, as catalog.Classes does.
func classRank(cl catalog.Class) int {
	if i := slices.Index(catalog.Classes, cl); i >= 0 {
		return i
	}
	return len(catalog.Classes)
}

func analyseItem(s *catalog.Standards, c *catalog.Catalogue, it catalog.Item, status func(string) Status, f Finding) ItemGap {
	ref := catalog.Ref(c.ID, it.ID)
	g := ItemGap{ID: it.ID, Title: it.Title, Kind: it.Kind, Group: topOf(c, it), Status: status(ref),
		InheritedFrom: []string{}, Step: stepOf(it.ID), Derived: f.Derived, Evidence: f.Evidence, Missing: f.Missing}
	rows := s.MappingsFrom(ref)
	// The item's class is the strongest class the crosswalk offers; its effective class is
	// the strongest among rows whose targets are implemented. A no-relationship row says
	// the target does not help, so it never carries anything.
	g.Class = catalog.New
	effective, firstBase := catalog.Class(""), ""
	for _, m := range rows {
		if classRank(m.Class) < classRank(g.Class) {
			g.Class = m.Class
		}
		if m.Relationship == catalog.NoRelationship {
			continue
		}
		if firstBase == "" && m.Class != catalog.New {
			firstBase = m.To
		}
		if status(m.To) != Implemented {
			continue
		}
		if !slices.Contains(g.InheritedFrom, m.To) {
			g.InheritedFrom = append(g.InheritedFrom, m.To)
		}
		if effective == "" || classRank(m.Class) < classRank(effective) {
			effective = m.Class
		}
	}
	clauseExcluded := it.Kind == catalog.KindClause && g.Status == NotApplicable
	switch {
	case g.Status == Implemented:
		g.Result, g.Basis = Done, ByAttestation
	case g.Status == NotApplicable && !clauseExcluded:
		g.Result, g.Basis = Excluded, ByExclusion
	case f.Derived == Met:
		g.Result, g.Basis = Done, ByRecords
	case effective == catalog.Inherit:
		g.Result, g.Basis = MetByInheritance, ByInheritance
	case effective == catalog.Extend:
		g.Result = ToExtend
	default:
		g.Result = ToBuild
	}
	g.Todo = todo(g, firstBase)
	if clauseExcluded {
		g.Todo = "Clauses 4–10 cannot be excluded: only Annex A controls may be not applicable. " + g.Todo
	}
	return g
}

// todo is the line of work for an item, in our words.
func todo(g ItemGap, firstBase string) string {
	what := aiWork[g.ID]
	if what == "" {
		what = "cover AI systems"
	}
	from := strings.Join(g.InheritedFrom, ", ")
	switch g.Result {
	case Done:
		return ""
	case Excluded:
		return "Excluded: keep the justification in the Statement of Applicability and review it."
	case MetByInheritance:
		return "Met through " + from + ": confirm its scope covers AI systems and keep the evidence."
	case ToExtend:
		return "Extend " + from + ": " + what + "."
	}
	switch {
	case from != "":
		return "Build for AI: " + what + " (reuse what " + from + " gives)."
	case firstBase != "" && g.Class != catalog.New:
		if strings.HasPrefix(firstBase, catalog.ISO27001+":") {
			return "Implement " + firstBase + " (or its 27701 match) first, then " + what + "."
		}
		return "Implement " + firstBase + " first, then " + what + "."
	}
	return "Build for AI: " + what + "."
}

// topOf returns the top-level clause or Annex A area an item sits in.
func topOf(c *catalog.Catalogue, it catalog.Item) string {
	for i := 0; it.Parent != "" && i < 10; i++ {
		p, ok := c.Item(it.Parent)
		if !ok {
			break
		}
		it = p
	}
	return it.ID
}

func percent(covered, of int) float64 {
	if of <= 0 {
		return 100
	}
	return math.Round(float64(covered)*1000/float64(of)) / 10
}

func (cv *Coverage) add(g ItemGap) {
	cv.Total++
	switch g.Result {
	case Done:
		cv.Done++
	case MetByInheritance:
		cv.Inherited++
	case ToExtend:
		cv.Extend++
	case ToBuild:
		cv.New++
	case Excluded:
		cv.NotApplicable++
	}
	cv.Covered = cv.Done + cv.Inherited
	cv.Percent = percent(cv.Covered, cv.Total-cv.NotApplicable)
}

func coverage(c *catalog.Catalogue, items []ItemGap) CoverageReport {
	r := CoverageReport{Clauses: []Coverage{}, Annex: []Coverage{}}
	clauses := Coverage{Group: "clauses", Title: "Clauses 4–10"}
	annex := Coverage{Group: "annex", Title: "Annex A controls"}
	all := Coverage{Group: "all", Title: "All requirements and controls"}
	for _, top := range c.Children("") {
		cv := Coverage{Group: top.ID, Title: top.Title, Percent: 100}
		for _, g := range items {
			if g.Group != top.ID {
				continue
			}
			cv.add(g)
			all.add(g)
			if top.Kind == catalog.KindClause {
				clauses.add(g)
			} else {
				annex.add(g)
			}
		}
		if top.Kind == catalog.KindClause {
			r.Clauses = append(r.Clauses, cv)
		} else {
			r.Annex = append(r.Annex, cv)
		}
	}
	r.Totals = []Coverage{clauses, annex, all}
	return r
}

func plan(items []ItemGap) []Step {
	out := make([]Step, len(Steps))
	for i, title := range Steps {
		out[i] = Step{Step: i + 1, Title: title, Items: []PlanItem{}}
	}
	for _, g := range items {
		if g.Step < 1 || g.Step > len(out) || g.Result == Excluded {
			continue
		}
		st := &out[g.Step-1]
		st.Total++
		switch g.Result {
		case Done, MetByInheritance:
			st.Covered++
		default:
			st.Items = append(st.Items, PlanItem{ID: g.ID, Title: g.Title, Status: g.Status, Result: g.Result, Todo: g.Todo,
				Derived: g.Derived, Missing: g.Missing, Next: g.Next})
		}
	}
	return out
}

// Implementation is a 42001 item's status as the Statement of Applicability prints it, from
// the analysis: implemented when it is done (the records show it, or a person attested it)
// or met through an implemented 27001/27701 item, otherwise its recorded status; evidence
// names the records, or the items it is met through. ok is false for a reference the
// analysis does not hold (other catalogues keep their recorded status).
func (a *Analysis) Implementation(ref string) (st Status, evidence []string, ok bool) {
	cat, id, _ := catalog.SplitRef(ref)
	if a == nil || cat != catalog.ISO42001 {
		return "", nil, false
	}
	for _, g := range a.Items {
		if g.ID != id {
			continue
		}
		switch g.Result {
		case Done:
			for _, e := range g.Evidence {
				evidence = append(evidence, e.Title)
			}
			return Implemented, evidence, true
		case MetByInheritance:
			return Implemented, slices.Clone(g.InheritedFrom), true
		}
		return g.Status, nil, true
	}
	return "", nil, false
}
