package ims

// Rules that need more than one field, or another record, cannot be said in a field
// declaration. A kind registers them here; the store runs them inside the write, after the
// new ops are applied and before the commit, so a broken rule writes nothing.

// Lookup finds a live record for a rule: by kind and id, or with id "" the earliest
// created live record of the kind (for a per-workspace record such as the risk method).
// It sees the same transaction as the write.
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
