// Package soa holds the Statement of Applicability's domain rules: which records cite a
// control (the reasons a control is included: the risks it treats, the legal requirements
// the crosswalk ties it to), and the warnings an auditor raises first, a control excluded
// while a risk treatment cites it or another record contradicts the exclusion. Pure: it
// reads records and the catalogue, never the store.
package soa

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// Citation is one record that names a control in one of its reference fields (a risk's
// controls, an audit's criteria, a finding's requirement, a principle's items).
type Citation struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
	Field string `json:"field"` // the field's label
}

// Citations indexes, by catalogue reference, the live records that cite it, in the order
// of the schema's kinds and then the records' titles.
func Citations(records map[string][]ims.Record) map[string][]Citation {
	out := map[string][]Citation{}
	for _, k := range ims.Kinds() {
		recs := slices.Clone(records[k.Name])
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Title < recs[j].Title })
		for _, f := range k.Fields {
			if f.Refs == "" || k.Name == statusKind {
				continue
			}
			for _, r := range recs {
				if r.Deleted {
					continue
				}
				s, _ := r.Fields[f.Name].(string)
				for _, ref := range ims.SplitRefs(s) {
					out[ref] = append(out[ref], Citation{Kind: k.Name, ID: r.ID, Title: r.Title, Field: f.Label})
				}
			}
		}
	}
	return out
}

// Legal are the UK data-protection items the crosswalk maps a control to: the legal
// requirements it helps meet, as short references ("UK DP Art 32").
func Legal(s *catalog.Standards, ref string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(other string) {
		if c, _, ok := catalog.SplitRef(other); ok && c == catalog.UKDP && !seen[other] {
			seen[other] = true
			out = append(out, catalog.ShortRef(other))
		}
	}
	for _, m := range s.MappingsFrom(ref) {
		if m.Relationship != catalog.NoRelationship {
			add(m.To)
		}
	}
	for _, m := range s.MappingsTo(ref) {
		if m.Relationship != catalog.NoRelationship {
			add(m.From)
		}
	}
	return out
}

// Justification is the reason a control is in or out of the Statement of Applicability:
// the user's words first, then the risks that select it and the legal requirements it
// serves. An excluded control gets the user's words only (a risk citing it is a warning,
// not a reason).
func Justification(s *catalog.Standards, ref, words string, excluded bool, cites []Citation) string {
	var parts []string
	if w := strings.TrimSpace(words); w != "" {
		parts = append(parts, w)
	}
	if excluded {
		return strings.Join(parts, " ")
	}
	var risks []string
	for _, c := range cites {
		if c.Kind == "risk" {
			risks = append(risks, c.Title)
		}
	}
	if len(risks) > 0 {
		parts = append(parts, "Treats risk: "+strings.Join(risks, "; ")+".")
	}
	if legal := Legal(s, ref); len(legal) > 0 {
		parts = append(parts, "Legal: "+strings.Join(legal, ", ")+".")
	}
	return strings.Join(parts, " ")
}

// statusKind is the register the Statement of Applicability is made of; its item field names
// the control itself, which is no citation.
const statusKind = "control_status"

// contradiction is a fact in another record that an exclusion cannot stand beside.
type contradiction struct {
	refs        []string // the controls whose exclusion it contradicts
	kind, field string
	value       string
	why         string // what the record shows, after its title
}

// contradictions: excluding secure development while AI systems are built in-house.
var contradictions = []contradiction{
	{refs: []string{"iso27001-2022:A.8.25", "iso27001-2022:A.8.26", "iso27001-2022:A.8.27", "iso27001-2022:A.8.28",
		"iso27001-2022:A.8.29", "iso27001-2022:A.8.31"},
		kind: "ai_system", field: "provenance", value: "internal", why: "is built in-house"},
}

// ExclusionWarning is an excluded control that a record cites or contradicts.
type ExclusionWarning struct {
	Ref    string   `json:"ref"`    // the control, catalogue:id
	Short  string   `json:"short"`  // "27001 A.8.28"
	Text   string   `json:"text"`   // one sentence for the app and the pack's notes
	Record Citation `json:"record"` // the record that cites or contradicts it
}

// Warnings lists, in catalogue-reference order, every excluded control (refs) that a risk
// treatment cites or another record contradicts.
func Warnings(excluded []string, records map[string][]ims.Record) []ExclusionWarning {
	cites := Citations(records)
	var out []ExclusionWarning
	refs := slices.Clone(excluded)
	sort.Strings(refs)
	for _, ref := range refs {
		short := catalog.ShortRef(ref)
		for _, c := range cites[ref] {
			if c.Kind != "risk" {
				continue
			}
			out = append(out, ExclusionWarning{Ref: ref, Short: short, Record: c,
				Text: fmt.Sprintf("%s is excluded, but the treatment of risk %q cites it.", short, c.Title)})
		}
		for _, k := range contradictions {
			if !slices.Contains(k.refs, ref) {
				continue
			}
			for _, r := range records[k.kind] {
				if v, _ := r.Fields[k.field].(string); v == k.value && !r.Deleted {
					out = append(out, ExclusionWarning{Ref: ref, Short: short, Record: Citation{Kind: k.kind, ID: r.ID, Title: r.Title, Field: k.field},
						Text: fmt.Sprintf("%s is excluded, but %q %s.", short, r.Title, k.why)})
				}
			}
		}
	}
	return out
}

// Reads are the record kinds Citations and Warnings read: every kind with a reference
// field, and those a contradiction looks at.
func Reads() []string {
	var out []string
	for _, k := range ims.Kinds() {
		for _, f := range k.Fields {
			if f.Refs != "" && k.Name != statusKind && !slices.Contains(out, k.Name) {
				out = append(out, k.Name)
			}
		}
	}
	for _, c := range contradictions {
		if !slices.Contains(out, c.kind) {
			out = append(out, c.kind)
		}
	}
	return out
}
