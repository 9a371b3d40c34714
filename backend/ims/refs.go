package ims

import (
	"regexp"
	"slices"
	"strings"
)

// RefCount is how many catalogue references a field holds (Field.Refs).
type RefCount string

const (
	RefsOne  RefCount = "one"  // a text field naming one item, e.g. a finding's clause or control
	RefsMany RefCount = "many" // a list: one per line in a long text, comma-separated in a text
)

// RefExample is the reference error messages show.
const RefExample = "iso42001-2023:A.6.2.6"

// refShape is "catalogue:id": a catalogue ID ("iso27001-2022", "uk-dp") and an item ID
// written as the standard numbers it ("A.5.15", "9.2", "Art.6(1)(f)").
var refShape = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*:[^\s,;:]+$`)

// SplitRefs splits the text of a Refs field into its references: separated by new lines,
// commas or semicolons, each trimmed, blanks and repeats dropped, in the order written.
func SplitRefs(s string) []string {
	var out []string
	for _, r := range strings.FieldsFunc(s, func(c rune) bool { return c == '\n' || c == '\r' || c == ',' || c == ';' }) {
		r = strings.TrimSpace(r)
		if r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// JoinRefs writes references the way the field stores them: one per line in a long text,
// ", " between them in a text.
func (f *Field) JoinRefs(refs []string) string {
	if f.Type == TypeLongText {
		return strings.Join(refs, "\n")
	}
	return strings.Join(refs, ", ")
}

// normalizeRefs checks the shape of the references in a Refs field's text and returns them
// in the stored form ("" when there are none). Whether they name catalogue items is
// Kind.CheckRefs, run by the store with the check it was given (Rules.RefKnown).
func (f *Field) normalizeRefs(s string) (string, error) {
	refs := SplitRefs(s)
	if f.Refs == RefsOne && len(refs) > 1 {
		return "", FieldErrorf(f.Name, "%s takes one catalogue reference, not %d: %s", f.Label, len(refs), strings.Join(refs, ", "))
	}
	for _, r := range refs {
		if !refShape.MatchString(r) {
			return "", FieldErrorf(f.Name, "%s: %q is not a catalogue reference; write catalogue:id, e.g. %s", f.Label, r, RefExample)
		}
	}
	return f.JoinRefs(refs), nil
}
