package gap

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// Evidence rules say, as data (assets/evidence-rules.json), which records show that a 42001
// clause or control is met. The language is small on purpose:
//
//   - a Rule names one item and lists conditions, all of which must hold;
//   - a Condition picks the records of one kind that match Where (field → any of the values,
//     "!value" for "not that value"), and asks either that at least one of them (Every
//     false), or that every one of them (Every true: "every AI system in use…"), has the
//     Has fields filled in, is dated within Within days of the day the status is derived
//     for, and has a Related record (a record of another kind that links to it, or that it
//     links to, matching its own Where and Has).
//
// A condition is met when it holds, partly met when some of what it asks is there, not met
// when nothing is. The item is met when all its conditions are met, partly met when any is
// met or partly met, not met otherwise.

// Derived is what the records show for an item.
type Derived string

const (
	Met       Derived = "met"
	PartlyMet Derived = "partly-met"
	NotMet    Derived = "not-met"
)

// RuleSet is the evidence rules, one per 42001 leaf clause and Annex A control.
type RuleSet struct {
	Rules []Rule `json:"rules"`
	byID  map[string]*Rule
}

// Rule is the evidence rule of one 42001 item.
type Rule struct {
	Item string      `json:"item"` // the 42001 id, e.g. "A.6.2.6"
	When []Condition `json:"when"`
	Next NextAction  `json:"next"`
}

// Condition is one thing the records must show.
type Condition struct {
	Text    string              `json:"text"` // what it asks, in our words ("an approved AI policy")
	Kind    string              `json:"kind"`
	Where   map[string][]string `json:"where,omitempty"`
	Has     []string            `json:"has,omitempty"`
	Every   bool                `json:"every,omitempty"`
	Within  *Within             `json:"within,omitempty"`
	Related *Related            `json:"related,omitempty"`
	// EmptyMet says that an Every condition with nothing in scope is met (e.g. "every
	// closed nonconformity was effective" when none is closed yet).
	EmptyMet bool `json:"empty_met,omitempty"`
	// Next is the action that supplies what this condition asks, when it is not the rule's.
	Next *NextAction `json:"next,omitempty"`
}

// Within asks for a date field no older than Days before the day of the derivation.
type Within struct {
	Field string `json:"field"`
	Days  int    `json:"days"`
}

// Related asks for another record joined to this one: one of Kind whose Link field names
// this record, or that this record's From field names.
type Related struct {
	Text   string              `json:"text"`
	Kind   string              `json:"kind"`
	Link   string              `json:"link,omitempty"`
	From   string              `json:"from,omitempty"`
	Where  map[string][]string `json:"where,omitempty"`
	Has    []string            `json:"has,omitempty"`
	Within *Within             `json:"within,omitempty"`
}

// NextAction is what to do next for an open item: a button that opens a register, with a
// new record's fields filled in where that helps ("Name the override authority").
type NextAction struct {
	Label   string         `json:"label"`
	Kind    string         `json:"kind"`
	Prefill map[string]any `json:"prefill,omitempty"`
}

// EvidenceRef is a record that shows an item is met.
type EvidenceRef struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ParseRules reads and checks the evidence rules against the catalogue and the schema:
// exactly one rule per assessable 42001 item, every kind and field known.
func ParseRules(data []byte, s *catalog.Standards) (*RuleSet, error) {
	var rs RuleSet
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("evidence rules: %w", err)
	}
	c, ok := s.Catalogue(catalog.ISO42001)
	if !ok {
		return nil, fmt.Errorf("evidence rules: no %s catalogue", catalog.ISO42001)
	}
	rs.byID = map[string]*Rule{}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		it, ok := c.Item(r.Item)
		if !ok || !assessable(c, it) {
			return nil, fmt.Errorf("evidence rules: %q is not a 42001 leaf clause or control", r.Item)
		}
		if rs.byID[r.Item] != nil {
			return nil, fmt.Errorf("evidence rules: two rules for %s", r.Item)
		}
		if len(r.When) == 0 {
			return nil, fmt.Errorf("evidence rules: %s has no condition", r.Item)
		}
		for _, cd := range r.When {
			if cd.Text == "" {
				return nil, fmt.Errorf("evidence rules: %s: a condition without its text", r.Item)
			}
			if err := checkFields(cd.Kind, cd.Where, cd.Has); err != nil {
				return nil, fmt.Errorf("evidence rules: %s: %w", r.Item, err)
			}
			if cd.Within != nil {
				if err := checkFields(cd.Kind, nil, []string{cd.Within.Field}); err != nil || cd.Within.Days <= 0 {
					return nil, fmt.Errorf("evidence rules: %s: within %+v: %v", r.Item, *cd.Within, err)
				}
			}
			if rel := cd.Related; rel != nil {
				if err := checkFields(rel.Kind, rel.Where, rel.Has); err != nil {
					return nil, fmt.Errorf("evidence rules: %s: related: %w", r.Item, err)
				}
				if (rel.Link == "") == (rel.From == "") || rel.Text == "" {
					return nil, fmt.Errorf("evidence rules: %s: related needs its text and one of link or from", r.Item)
				}
				if rel.Link != "" {
					if err := checkFields(rel.Kind, nil, []string{rel.Link}); err != nil {
						return nil, fmt.Errorf("evidence rules: %s: related: %w", r.Item, err)
					}
				} else if err := checkFields(cd.Kind, nil, []string{rel.From}); err != nil {
					return nil, fmt.Errorf("evidence rules: %s: related: %w", r.Item, err)
				}
			}
		}
		if r.Next.Label == "" {
			return nil, fmt.Errorf("evidence rules: %s has no next action", r.Item)
		}
		if _, err := ims.KindByName(r.Next.Kind); err != nil {
			return nil, fmt.Errorf("evidence rules: %s: next action: %w", r.Item, err)
		}
		rs.byID[r.Item] = r
	}
	for _, it := range c.Items {
		if assessable(c, it) && rs.byID[it.ID] == nil {
			return nil, fmt.Errorf("evidence rules: no rule for %s", it.ID)
		}
	}
	return &rs, nil
}

func checkFields(kind string, where map[string][]string, has []string) error {
	k, err := ims.KindByName(kind)
	if err != nil {
		return err
	}
	for f := range where {
		if _, ok := k.Field(f); !ok {
			return fmt.Errorf("%s has no field %q", kind, f)
		}
	}
	for _, f := range has {
		if _, ok := k.Field(f); !ok {
			return fmt.Errorf("%s has no field %q", kind, f)
		}
	}
	return nil
}

// Rule returns the rule of a 42001 item.
func (rs *RuleSet) Rule(id string) (*Rule, bool) {
	if rs == nil {
		return nil, false
	}
	r, ok := rs.byID[id]
	return r, ok
}

// next is the action that supplies the first unmet condition of an item's rule (the
// rule's own when the condition names none; nil without a rule).
func (rs *RuleSet) next(id string, recs *Records, now string) *NextAction {
	r, ok := rs.Rule(id)
	if !ok {
		return nil
	}
	if recs == nil {
		recs = NewRecords(nil)
	}
	n := r.Next
	for i := range r.When {
		c := &r.When[i]
		if res := recs.evalOnce(c, now); res.st != Met {
			if c.Next != nil {
				n = *c.Next
			}
			break
		}
	}
	return &n
}

// Finding is what the records show for one item.
type Finding struct {
	Derived  Derived         `json:"derived"`
	Evidence []EvidenceRef   `json:"evidence"`
	Missing  []MissingRecord `json:"missing"`
}

// Records is a workspace's live records by kind, with the joins the rules ask for worked
// out once, lazily.
type Records struct {
	byKind map[string][]ims.Record
	byID   map[string]ims.Record
	back   map[string]map[string][]ims.Record // kind.link → target id → records
	memo   map[memoKey]evalResult             // conditions shared by several rules are evaluated once
}

type memoKey struct {
	c   *Condition
	now string
}

type evalResult struct {
	st   Derived
	ev   []EvidenceRef
	miss []MissingRecord
}

// shown caps how many records a condition names as evidence or as missing; the rest are
// counted in one more entry ("and 1,990 more").
const shown = 20

// NewRecords indexes live records by kind (deleted ones are left out).
func NewRecords(byKind map[string][]ims.Record) *Records {
	rs := &Records{byKind: map[string][]ims.Record{}, byID: map[string]ims.Record{}, back: map[string]map[string][]ims.Record{},
		memo: map[memoKey]evalResult{}}
	for k, l := range byKind {
		for _, r := range l {
			if r.Deleted {
				continue
			}
			rs.byKind[k] = append(rs.byKind[k], r)
			rs.byID[r.ID] = r
		}
	}
	return rs
}

// Kinds lists the record kinds the rules read.
func (rs *RuleSet) Kinds() []string {
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, r := range rs.Rules {
		for _, c := range r.When {
			add(c.Kind)
			if c.Related != nil {
				add(c.Related.Kind)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Derive works out what the records show for one item on the day now ("2006-01-02").
func (rs *RuleSet) Derive(id string, recs *Records, now string) Finding {
	f := Finding{Derived: NotMet, Evidence: []EvidenceRef{}, Missing: []MissingRecord{}}
	r, ok := rs.Rule(id)
	if !ok || recs == nil {
		return f
	}
	met, some := 0, false
	seen := map[EvidenceRef]bool{}
	for i := range r.When {
		res := recs.evalOnce(&r.When[i], now)
		st, ev := res.st, res.ev
		for _, e := range ev {
			if !seen[e] {
				seen[e] = true
				f.Evidence = append(f.Evidence, e)
			}
		}
		f.Missing = append(f.Missing, res.miss...)
		// A condition met only because nothing is in its scope (EmptyMet) shows no work.
		switch {
		case st == Met:
			met++
			some = some || len(ev) > 0
		case st == PartlyMet:
			some = true
		}
	}
	switch {
	case met == len(r.When):
		f.Derived = Met
	case some:
		f.Derived = PartlyMet
	}
	return f
}

// evalOnce is eval, remembered for the condition and day: several rules share conditions.
// Evidence and missing records are capped at shown, with the rest counted.
func (recs *Records) evalOnce(c *Condition, now string) evalResult {
	k := memoKey{c, now}
	if r, ok := recs.memo[k]; ok {
		return r
	}
	st, ev, miss := recs.eval(*c, now)
	r := evalResult{st, ev, miss}
	recs.memo[k] = r
	return r
}

// eval says how far one condition holds, the records that show it, and what is missing.
func (recs *Records) eval(c Condition, now string) (Derived, []EvidenceRef, []MissingRecord) {
	var scope []ims.Record
	for _, r := range recs.byKind[c.Kind] {
		if matches(r, c.Where) {
			scope = append(scope, r)
		}
	}
	// Only the first few records are named, as evidence or as missing; the rest are counted.
	var ev []EvidenceRef
	var miss []MissingRecord
	good, bad := 0, 0
	for _, r := range scope {
		if lack := recs.lacks(c, r, now, bad < shown); len(lack) > 0 {
			if bad < shown {
				miss = append(miss, MissingRecord{Kind: r.Kind, ID: r.ID, Title: r.Title, Reason: c.Text + ": " + strings.Join(lack, ", ")})
			}
			bad++
		} else {
			if good < shown {
				ev = append(ev, EvidenceRef{Kind: r.Kind, ID: r.ID, Title: r.Title})
			}
			good++
		}
	}
	if good > shown {
		ev = append(ev, EvidenceRef{Kind: c.Kind, Title: fmt.Sprintf("and %d more", good-shown)})
	}
	if bad > shown {
		miss = append(miss, MissingRecord{Kind: c.Kind, Title: fmt.Sprintf("and %d more", bad-shown), Reason: c.Text})
	}
	if c.Every {
		switch {
		case len(scope) == 0 && c.EmptyMet:
			return Met, nil, nil
		case len(scope) == 0:
			return NotMet, nil, []MissingRecord{{Kind: c.Kind, Title: c.Text, Reason: "none recorded yet"}}
		case bad == 0:
			return Met, ev, nil
		case good > 0:
			return PartlyMet, ev, miss
		}
		return NotMet, nil, miss
	}
	switch {
	case good > 0:
		return Met, ev, nil
	case len(scope) > 0:
		return PartlyMet, nil, miss
	}
	return NotMet, nil, []MissingRecord{{Kind: c.Kind, Title: c.Text, Reason: "none recorded yet"}}
}

// lacks lists what a record in a condition's scope still lacks; with words false it only
// says whether anything is lacking (one entry), without the words.
func (recs *Records) lacks(c Condition, r ims.Record, now string, words bool) []string {
	var out []string
	say := func(f func() string) bool {
		if !words {
			out = append(out, "")
			return true
		}
		out = append(out, f())
		return false
	}
	for _, f := range c.Has {
		if !filled(r.Fields[f]) && say(func() string { return "no " + fieldLabel(r.Kind, f) }) {
			return out
		}
	}
	if w := c.Within; w != nil && !within(str(r.Fields[w.Field]), now, w.Days) &&
		say(func() string { return fmt.Sprintf("%s not within %d days", fieldLabel(r.Kind, w.Field), w.Days) }) {
		return out
	}
	if rel := c.Related; rel != nil && !recs.related(rel, r, now) {
		say(func() string { return "no " + rel.Text })
	}
	return out
}

func (recs *Records) related(rel *Related, r ims.Record, now string) bool {
	ok := func(o ims.Record) bool {
		if o.Kind != rel.Kind || !matches(o, rel.Where) {
			return false
		}
		if w := rel.Within; w != nil && !within(str(o.Fields[w.Field]), now, w.Days) {
			return false
		}
		for _, f := range rel.Has {
			if !filled(o.Fields[f]) {
				return false
			}
		}
		return true
	}
	if rel.From != "" {
		for _, id := range values(r.Fields[rel.From]) {
			if o, found := recs.byID[id]; found && ok(o) {
				return true
			}
		}
		return false
	}
	key := rel.Kind + "." + rel.Link
	idx, built := recs.back[key]
	if !built {
		idx = map[string][]ims.Record{}
		for _, o := range recs.byKind[rel.Kind] {
			for _, id := range values(o.Fields[rel.Link]) {
				idx[id] = append(idx[id], o)
			}
		}
		recs.back[key] = idx
	}
	return slices.ContainsFunc(idx[r.ID], ok)
}

// matches says whether a record's fields are among the values Where allows.
func matches(r ims.Record, where map[string][]string) bool {
	for f, want := range where {
		have := values(r.Fields[f])
		if len(have) == 0 {
			have = []string{""}
		}
		pos, hit := false, false
		for _, w := range want {
			if neg, ok := strings.CutPrefix(w, "!"); ok {
				if slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, neg) }) {
					return false
				}
				continue
			}
			pos = true
			if slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, w) }) {
				hit = true
			}
		}
		if pos && !hit {
			return false
		}
	}
	return true
}

// values is a field's value as text values (ims.ValueStrings).
func values(v any) []string { return ims.ValueStrings(v) }

func filled(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x) != ""
	case bool:
		return x
	case nil:
		return false
	}
	return len(values(v)) > 0
}

// within says whether date (a date or date-time) is at most days before now, and not after
// it. Dates compare as text ("2006-01-02"), against a cut-off worked out once per day and
// period.
func within(date, now string, days int) bool {
	if len(date) < 10 || len(now) < 10 {
		return false
	}
	d, n := date[:10], now[:10]
	return d <= n && d >= cutoff(n, days)
}

var cutoffs sync.Map // "now/days" → the earliest date within the period

func cutoff(now string, days int) string {
	key := now + "/" + strconv.Itoa(days)
	if c, ok := cutoffs.Load(key); ok {
		return c.(string)
	}
	c := "9999-99-99" // a day that does not parse is never within
	if t, err := time.Parse(time.DateOnly, now); err == nil {
		c = t.AddDate(0, 0, -days).Format(time.DateOnly)
	}
	cutoffs.Store(key, c)
	return c
}

var labels sync.Map // "kind.field" → its label in lower case

func fieldLabel(kind, field string) string {
	key := kind + "." + field
	if l, ok := labels.Load(key); ok {
		return l.(string)
	}
	l := field
	if k, err := ims.KindByName(kind); err == nil {
		if f, ok := k.Field(field); ok {
			l = strings.ToLower(f.Label)
		}
	}
	labels.Store(key, l)
	return l
}
