// Package conflict checks the domain rules on a merged workspace. A person's write is
// checked when it is made; ops from another device are always applied (refusing them would
// leave devices disagreeing for ever), so a merge can leave a state no single write could
// have made: one AI system at two stages, a system live while its impact assessment was
// withdrawn elsewhere, two risk methods. Flags says what is wrong and what to do; nothing
// here repairs anything.
//
// Everything here is a pure function of the records given: no I/O, no clock, no store.
package conflict

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"keel/backend/ims"
)

// Rule names the rule a flag is raised by.
type Rule string

const (
	RuleStage            Rule = "stage"             // one AI system at two different stages
	RuleImpactAssessment Rule = "impact-assessment" // a live AI system whose impact assessment is not (or no longer) approved
	RuleGate             Rule = "gate"              // a live AI system short of its stage gate otherwise
	RuleRiskMethod       Rule = "risk-method"       // more than one risk method
	RuleCheck            Rule = "check"             // a record that breaks a rule its kind declares (ims.CheckRecord)
	RuleFollowUp         Rule = "follow-up"         // a follow-up the merged values set off that no device ran (ims.FollowUp)
)

// Flag is one broken rule in the merged state, on one record.
type Flag struct {
	Rule      Rule   `json:"rule"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kindLabel"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	Field     string `json:"field,omitempty"` // the field to look at, when there is one
	Problem   string `json:"problem"`
	Fix       string `json:"fix"` // what to do
}

// Flags checks the live records of a workspace (every kind) against the domain's rules and
// the follow-ups the store runs, and returns what breaks one, by kind then creation order.
func Flags(records []ims.Record, followUps []ims.FollowUp) []Flag {
	live := slices.DeleteFunc(slices.Clone(records), func(r ims.Record) bool { return r.Deleted })
	slices.SortStableFunc(live, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	look := ims.LookupIn(live)
	var out []Flag
	for _, r := range live {
		if r.Kind == "ai_system" {
			out = append(out, aiSystemFlags(r, look)...)
		}
		// prev is the record itself, so a rule about a change (a skipped stage) stays quiet
		// and only what the state breaks is flagged.
		if err := ims.CheckRecord(r, r, look); err != nil {
			e := ims.AsError(err)
			out = append(out, flag(r, RuleCheck, e.Field, e.Message,
				"Open the record and correct it (or resolve the conflict that caused it); saving checks the rule again."))
		}
		for _, fu := range followUps {
			if !fu.Due(r) {
				continue
			}
			if kind, fields, ok := fu.Raise(r, ims.Actor{}, finder{look, live}); ok {
				raised := kindLabel(kind)
				if t, _ := fields["title"].(string); t != "" {
					raised += fmt.Sprintf(" (“%s”)", t)
				}
				out = append(out, flag(r, RuleFollowUp, fu.Link,
					fmt.Sprintf("The merged values call for a %s that no device raised: the change that sets it off came from the merge.", strings.ToLower(raised[:1])+raised[1:]),
					fmt.Sprintf("Save a change to this record and Keel raises it, or record it yourself and link it from “%s”.", fieldLabel(r.Kind, fu.Link))))
			}
		}
	}
	methods := ims.All(look, "risk_method")
	for _, m := range methods[min(1, len(methods)):] {
		out = append(out, flag(m, RuleRiskMethod, "",
			fmt.Sprintf("There are %d risk methods; the workspace scores every risk by one, the earliest: “%s”.", len(methods), methods[0].Title),
			fmt.Sprintf("Move what this one adds into “%s”, then delete this one.", methods[0].Title)))
	}
	return out
}

func aiSystemFlags(r ims.Record, look ims.Lookup) []Flag {
	var out []Flag
	if stages := distinct(r.Conflicts["stage"]); len(stages) > 1 {
		out = append(out, flag(r, RuleStage, "stage",
			fmt.Sprintf("Two devices moved this AI system to different stages: %s.", strings.Join(stages, " and ")),
			"Pick the stage it is really at in the conflict above; the stage gate is checked when you pick."))
	}
	stage, _ := r.Fields["stage"].(string)
	if !slices.Contains(ims.LiveStages, stage) {
		return out
	}
	g := ims.GateOf(r, look)
	if g.State != ims.GateBlocked {
		return out
	}
	var ia, other []string
	otherField := ""
	for _, gap := range g.Gaps {
		if gap.Field == "impact_assessment" {
			ia = append(ia, gap.Needs)
			continue
		}
		if otherField == "" {
			otherField = gap.Field
		}
		other = append(other, gap.Needs)
	}
	if len(ia) > 0 {
		out = append(out, flag(r, RuleImpactAssessment, "impact_assessment",
			fmt.Sprintf("Live (%s) without %s.", stage, strings.Join(ia, ", ")),
			"Approve the impact assessment again, or link an approved one; or move the system back out of live use, or record a justified gate override."))
	}
	if len(other) > 0 {
		out = append(out, flag(r, RuleGate, otherField,
			fmt.Sprintf("Live (%s) without passing its stage gate: it lacks %s.", stage, strings.Join(other, ", ")),
			"Fill in what the gate needs, move the system back out of live use, or record a justified gate override."))
	}
	return out
}

func flag(r ims.Record, rule Rule, field, problem, fix string) Flag {
	return Flag{Rule: rule, Kind: r.Kind, KindLabel: kindLabel(r.Kind), ID: r.ID, Title: r.Title, Field: field, Problem: problem, Fix: fix}
}

func kindLabel(kind string) string {
	if k, err := ims.KindByName(kind); err == nil {
		return k.Label
	}
	return kind
}

func fieldLabel(kind, field string) string {
	if k, err := ims.KindByName(kind); err == nil {
		if f, ok := k.Field(field); ok {
			return f.Label
		}
	}
	return field
}

// finder gives a follow-up the live records, as the store's write transaction would.
type finder struct {
	look ims.Lookup
	live []ims.Record
}

func (f finder) Get(kind, id string) (ims.Record, bool) {
	if id == "" {
		return ims.Record{}, false
	}
	return f.look(kind, id)
}

// Find returns the live records of kind whose field holds value, case-insensitively (for
// a list field, as one of its values), oldest first.
func (f finder) Find(kind, field, value string) []ims.Record {
	var out []ims.Record
	for _, r := range f.live {
		if r.Kind != kind {
			continue
		}
		vs, _ := r.Fields[field].([]string)
		if s, ok := r.Fields[field].(string); ok {
			vs = []string{s}
		}
		if slices.ContainsFunc(vs, func(v string) bool { return strings.EqualFold(v, value) }) {
			out = append(out, r)
		}
	}
	return out
}

// distinct lists a conflict's different values, quoted, with who set each.
func distinct(vs []ims.ConflictValue) []string {
	var seen []any
	var out []string
	for _, v := range vs {
		if slices.Contains(seen, v.Value) {
			continue
		}
		seen = append(seen, v.Value)
		out = append(out, fmt.Sprintf("“%v” (%s)", v.Value, v.Actor.Name))
	}
	return out
}
