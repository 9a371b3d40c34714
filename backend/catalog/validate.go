package catalog

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits that keep the data to identifiers and short summaries of our own.
const (
	MaxTitle       = 120 // official short titles are identifiers, not text
	MaxDescription = 200 // one line
	MaxRationale   = 300 // one sentence
)

// normative catches the modal verb of ISO requirement text, as a guard against pasted
// requirement wording; our own summaries say "must" or simply state the aim.
var normative = regexp.MustCompile(`(?i)\bshall\b`)

// Problem is one fault in the data, named by the reference of the item or row at fault.
type Problem struct {
	Ref     string `json:"ref"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Ref + ": " + p.Message }

// ValidationError lists every fault found, so one run shows them all.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	const show = 20
	parts := make([]string, 0, show)
	for i, p := range e.Problems {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Problems)-show))
			break
		}
		parts = append(parts, p.String())
	}
	noun := "problems"
	if len(e.Problems) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("%d %s in the standards data: %s", len(e.Problems), noun, strings.Join(parts, "; "))
}

// Validate checks the data and returns a *ValidationError listing every fault, or nil:
//   - the five catalogues are present, each with a title, edition and notice;
//   - item IDs are unique in their catalogue, kinds valid, parents exist, no cycles;
//   - titles, descriptions and rationales are present, one line, short, with no "shall";
//   - every crosswalk endpoint exists, relationships and classes are from the allowed sets,
//     no row is repeated, and every row from iso42001-2023 has a class;
//   - every iso42001-2023 item has at least one row, and every clause and control has rows to
//     27001:2022 and to both editions of 27701;
//   - every process is numbered, described and satisfies items of all four ISO catalogues;
//   - every uk-dp article or section has rows to both editions of 27701;
//   - every recorded title check names an existing item with that title, and the item is
//     unverified unless two sources agree and none conflicts.
func Validate(s *Standards) error {
	v := &validator{s: s}
	v.catalogues()
	v.crosswalk()
	v.coverage()
	v.ukCoverage()
	v.processes()
	v.sourceChecks()
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct {
	s        *Standards
	problems []Problem
}

func (v *validator) add(ref, format string, args ...any) {
	v.problems = append(v.problems, Problem{Ref: ref, Message: fmt.Sprintf(format, args...)})
}

// text checks a one-line text field of our own.
func (v *validator) text(ref, field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		v.add(ref, "%s is empty", field)
	case strings.ContainsAny(s, "\r\n"):
		v.add(ref, "%s must be one line", field)
	case utf8.RuneCountInString(s) > max:
		v.add(ref, "%s is %d characters, over the limit of %d", field, utf8.RuneCountInString(s), max)
	case normative.MatchString(s):
		v.add(ref, "%s contains \"shall\": write Keel's own summary, never the standard's wording", field)
	}
}

func (v *validator) catalogues() {
	seen := map[string]bool{}
	for _, c := range v.s.Catalogues {
		if c.ID == "" || strings.ContainsAny(c.ID, ": ") {
			v.add(c.ID, "catalogue id must be non-empty, without ':' or spaces")
		}
		if seen[c.ID] {
			v.add(c.ID, "duplicate catalogue id")
		}
		seen[c.ID] = true
		for _, f := range [][2]string{{"title", c.Title}, {"edition", c.Edition}, {"notice", c.Notice}} {
			if strings.TrimSpace(f[1]) == "" {
				v.add(c.ID, "catalogue %s is empty", f[0])
			}
		}
		v.items(c)
	}
	for _, id := range Order {
		if !seen[id] {
			v.add(id, "catalogue is missing")
		}
	}
}

func (v *validator) items(c *Catalogue) {
	c.reindex()
	ids := map[string]bool{}
	for _, it := range c.Items {
		ref := Ref(c.ID, it.ID)
		if it.ID == "" || strings.ContainsAny(it.ID, ": \t,") {
			v.add(ref, "item id must be non-empty, without ':', ',' or spaces")
		}
		if ids[it.ID] {
			v.add(ref, "duplicate item id")
		}
		ids[it.ID] = true
		if !validKind(it.Kind) {
			v.add(ref, "kind %q is not one of %s", it.Kind, joinKinds())
		}
		if strings.TrimSpace(it.Title) == "" {
			v.add(ref, "title is empty")
		} else if utf8.RuneCountInString(it.Title) > MaxTitle || strings.ContainsAny(it.Title, "\r\n") {
			v.add(ref, "title must be one short line (at most %d characters)", MaxTitle)
		}
		v.text(ref, "description", it.Description, MaxDescription)
	}
	for _, it := range c.Items {
		if it.Parent == "" {
			continue
		}
		if !ids[it.Parent] {
			v.add(Ref(c.ID, it.ID), "parent %q does not exist", it.Parent)
			continue
		}
		// Walk up: a cycle would come back to the item within len(Items) steps.
		p, steps := it.Parent, 0
		for p != "" && steps <= len(c.Items) {
			if p == it.ID {
				v.add(Ref(c.ID, it.ID), "is its own ancestor (parent cycle)")
				break
			}
			parent, ok := c.Item(p)
			if !ok {
				break
			}
			p, steps = parent.Parent, steps+1
		}
	}
}

func (v *validator) crosswalk() {
	seen := map[[2]string]bool{}
	for _, m := range v.s.Crosswalk {
		ref := m.From + " -> " + m.To
		if _, ok := v.s.Item(m.From); !ok {
			v.add(ref, "source %q does not exist", m.From)
		}
		if _, ok := v.s.Item(m.To); !ok {
			v.add(ref, "target %q does not exist", m.To)
		}
		if m.From == m.To {
			v.add(ref, "row maps an item to itself")
		}
		key := [2]string{m.From, m.To}
		if seen[key] {
			v.add(ref, "duplicate row")
		}
		seen[key] = true
		if !validRelationship(m.Relationship) {
			v.add(ref, "relationship %q is not one of equal, subset, superset, intersect, no-relationship", m.Relationship)
		}
		v.text(ref, "rationale", m.Rationale, MaxRationale)
		from, _, _ := SplitRef(m.From)
		switch {
		case m.Class != "" && !validClass(m.Class):
			v.add(ref, "class %q is not one of inherit, extend, new", m.Class)
		case m.Class == "" && from == ISO42001:
			v.add(ref, "row from %s has no class (inherit, extend or new)", ISO42001)
		}
	}
}

// coverage checks that every 42001 item is placed in the gap analysis.
func (v *validator) coverage() {
	aims, ok := v.s.Catalogue(ISO42001)
	if !ok {
		return
	}
	targets := map[string]map[string]bool{} // 42001 ref -> target catalogues reached
	for _, m := range v.s.Crosswalk {
		if m.Class == "" {
			continue
		}
		if targets[m.From] == nil {
			targets[m.From] = map[string]bool{}
		}
		to, _, _ := SplitRef(m.To)
		targets[m.From][to] = true
	}
	for _, it := range aims.Items {
		ref := Ref(ISO42001, it.ID)
		reached := targets[ref]
		if len(reached) == 0 {
			v.add(ref, "has no crosswalk row with a class")
			continue
		}
		if it.Kind != KindClause && it.Kind != KindControl {
			continue
		}
		for _, want := range []string{ISO27001, ISO27701v2019, ISO27701v2025} {
			if !reached[want] {
				v.add(ref, "has no crosswalk row to %s (a no-relationship row counts)", want)
			}
		}
	}
}

// ukCoverage checks that every UK article or section is placed against both 27701 editions.
func (v *validator) ukCoverage() {
	uk, ok := v.s.Catalogue(UKDP)
	if !ok {
		return
	}
	reached := map[string]map[string]bool{}
	for _, m := range v.s.Crosswalk {
		to, _, _ := SplitRef(m.To)
		if reached[m.From] == nil {
			reached[m.From] = map[string]bool{}
		}
		reached[m.From][to] = true
	}
	for _, it := range uk.Items {
		if it.Kind != KindClause {
			continue
		}
		ref := Ref(UKDP, it.ID)
		for _, want := range []string{ISO27701v2019, ISO27701v2025} {
			if !reached[ref][want] {
				v.add(ref, "has no crosswalk row to %s", want)
			}
		}
	}
}

// sourceChecks checks the recorded title checks against the items they name.
func (v *validator) sourceChecks() {
	seen := map[string]bool{}
	for _, c := range v.s.checks {
		it, ok := v.s.Item(c.Ref)
		switch {
		case !ok:
			v.add(c.Ref, "title check names an item that does not exist")
			continue
		case seen[c.Ref]:
			v.add(c.Ref, "title checked twice")
		case it.Title != c.Title:
			v.add(c.Ref, "title check is for %q but the item is titled %q", c.Title, it.Title)
		case c.Settled() && it.Unverified:
			v.add(c.Ref, "two sources agree on the title and none conflicts: lift the unverified flag")
		case !c.Settled() && !it.Unverified:
			v.add(c.Ref, "title not settled by two agreeing sources without conflict: the item must stay unverified")
		}
		seen[c.Ref] = true
		if len(c.Sources) != len(uniq(c.Sources)) {
			v.add(c.Ref, "title check lists a source twice")
		}
	}
}

func uniq(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func (v *validator) processes() {
	ids, numbers := map[string]bool{}, map[int]bool{}
	for _, p := range v.s.Processes {
		ref := "process:" + p.ID
		if p.ID == "" || ids[p.ID] {
			v.add(ref, "process id is empty or repeated")
		}
		ids[p.ID] = true
		if p.Number < 1 || numbers[p.Number] {
			v.add(ref, "process number %d is not positive or is repeated", p.Number)
		}
		numbers[p.Number] = true
		if strings.TrimSpace(p.Title) == "" {
			v.add(ref, "title is empty")
		}
		v.text(ref, "description", p.Description, MaxDescription)
		reached := map[string]bool{}
		for _, r := range p.Satisfies {
			if _, ok := v.s.Item(r); !ok {
				v.add(ref, "satisfies %q, which does not exist", r)
				continue
			}
			cat, _, _ := SplitRef(r)
			reached[cat] = true
		}
		for _, want := range []string{ISO42001, ISO27001, ISO27701v2019, ISO27701v2025} {
			if !reached[want] {
				v.add(ref, "satisfies nothing in %s", want)
			}
		}
	}
}

func validKind(k Kind) bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

func validRelationship(r Relationship) bool {
	for _, x := range Relationships {
		if r == x {
			return true
		}
	}
	return false
}

func validClass(c Class) bool {
	for _, x := range Classes {
		if c == x {
			return true
		}
	}
	return false
}

func joinKinds() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
