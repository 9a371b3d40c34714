package ims

import (
	"strconv"
	"strings"
)

// Rules that need more than one field, or another record, cannot be said in a field
// declaration. A kind registers them here; the store runs them inside the write, after the
// new ops are applied and before the commit, so a broken rule writes nothing.

// Lookup finds a live record for a rule: by kind and id, or with id "" the earliest
// created live record of the kind (for a per-workspace record such as the risk method), or
// with id Nth(n) the nth (All lists a kind that way). It sees the same transaction as the
// write.
type Lookup func(kind, id string) (Record, bool)

// Check is a rule of a kind. prev is the record before the change (ID "" on create); next
// is the record as the change leaves it. It returns a domain error, ideally naming a field.
type Check func(prev, next Record, look Lookup) error

var checks = map[string][]Check{}

// RegisterCheck adds a rule to a kind. Like Register, it is called from init.
func RegisterCheck(kind string, c Check) {
	if _, ok := registry[kind]; !ok {
		panic("ims: check for an unknown kind: " + kind)
	}
	checks[kind] = append(checks[kind], c)
}

// CheckRecord runs the rules of next's kind. A record going to (or in) the bin is not
// checked: deleting must always be possible.
func CheckRecord(prev, next Record, look Lookup) error {
	if next.Deleted {
		return nil
	}
	for _, c := range checks[next.Kind] {
		if err := c(prev, next, look); err != nil {
			return err
		}
	}
	return nil
}

// Nth is the id that asks a Lookup for the nth live record of a kind (0 is the earliest,
// the same as ""), in creation order, ties broken by id; All lists a kind through it.
func Nth(n int) string { return "#" + strconv.Itoa(n) }

// NthOf says which position an id from Nth asks for ("" is 0); ok is false for a record id.
func NthOf(id string) (n int, ok bool) {
	if id == "" {
		return 0, true
	}
	if !strings.HasPrefix(id, "#") {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	return n, err == nil && n >= 0
}

// All returns the live records of a kind a Lookup sees, oldest first: for a rule that must
// weigh every record of a kind, such as the stage gate's principles.
func All(look Lookup, kind string) []Record {
	var out []Record
	for n := 0; ; n++ {
		r, ok := look(kind, Nth(n))
		if !ok {
			return out
		}
		out = append(out, r)
	}
}

// LookupIn is a Lookup over records already read (a snapshot), in the order given, which
// should be creation order.
func LookupIn(records []Record) Lookup {
	byID := make(map[string]Record, len(records))
	byKind := map[string][]Record{}
	for _, r := range records {
		byID[r.ID] = r
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	return func(kind, id string) (Record, bool) {
		if n, ok := NthOf(id); ok {
			if l := byKind[kind]; n < len(l) {
				return l[n], true
			}
			return Record{}, false
		}
		r, ok := byID[id]
		return r, ok && r.Kind == kind
	}
}
