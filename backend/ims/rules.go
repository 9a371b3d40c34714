package ims

// Rules are the domain rules a workspace's store is given when it opens (main wires them):
// the catalogue-reference check and the follow-ups. The schema cannot load the catalogue,
// and the follow-ups read other packages' rules, so neither is a package variable here.
type Rules struct {
	// RefKnown reports whether a reference names an item of a catalogue Keel ships; nil
	// checks the shape only (Field.Normalize always does).
	RefKnown func(ref string) bool
	// FollowUps run inside every local write, in the same transaction, as ordinary ops.
	FollowUps []FollowUp
}

// A FollowUp is what saving a record sets in motion: a rule that raises another record and
// links it from the saved one, e.g. a monitoring reading past its threshold raises a
// nonconformity. The store runs it inside the write that triggers it, as ops of this
// device. Ops that arrive from another device, and a replay or rebuild of the log, never
// run it: the device that made the change has raised the record already.
type FollowUp struct {
	Kind string // the kind of record the rule acts on
	Link string // that kind's link field to the raised record; a record that links one already raises nothing
	// Raise returns the kind and fields of the record to create for rec (as the write
	// leaves it), or ok false when rec raises nothing.
	Raise func(rec Record, actor Actor, look Finder) (kind string, fields map[string]any, ok bool)
}

// Finder gives a follow-up read access to live records inside the write's transaction.
type Finder interface {
	Get(kind, id string) (Record, bool)
	// Find returns the live records of kind whose field holds value (case-insensitively),
	// oldest first.
	Find(kind, field, value string) []Record
}

// Due reports whether the rule acts on rec: its kind, live, linking nothing yet.
func (f *FollowUp) Due(rec Record) bool {
	if rec.Kind != f.Kind || rec.Deleted {
		return false
	}
	linked, _ := rec.Fields[f.Link].(string)
	return linked == ""
}

// CheckRefs checks that every reference in the normalised values of the kind's Refs
// fields names a catalogue item known to known (nil accepts any well-shaped reference).
func (k *Kind) CheckRefs(vals map[string]any, known func(ref string) bool) error {
	if known == nil {
		return nil
	}
	for _, f := range k.Fields {
		s, _ := vals[f.Name].(string)
		if f.Refs == "" || s == "" {
			continue
		}
		for _, r := range SplitRefs(s) {
			if !known(r) {
				return FieldErrorf(f.Name, "%s: %q is not an item of a catalogue Keel ships; write catalogue:id, e.g. %s", f.Label, r, RefExample)
			}
		}
	}
	return nil
}
