package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// lookupIn gives the domain rules (ims.CheckRecord) read access to live records inside
// the write's transaction, so they see exactly what the commit would leave. One lookup
// serves one read of the transaction: it reads the live records of a kind once, sorted,
// so a rule that walks a kind with ims.All reads it once rather than once per record.
func lookupIn(txn *badger.Txn) ims.Lookup {
	byKind := map[string][]ims.EntityState{}
	return func(kindName, id string) (ims.Record, bool) {
		kind, err := ims.KindByName(kindName)
		if err != nil {
			return ims.Record{}, false
		}
		n, nth := ims.NthOf(id)
		if !nth {
			var st ims.EntityState
			found, err := getState(txn, keyEnt(kind.Name, id), &st)
			if err != nil || !found || st.Created.OpID == "" || st.Deleted() {
				return ims.Record{}, false
			}
			return st.ToRecord(kind), true
		}
		// The nth created live record of the kind (ties broken by id); "" is the earliest.
		live, read := byKind[kind.Name]
		if !read {
			live = liveStates(txn, kind)
			byKind[kind.Name] = live
		}
		if n >= len(live) {
			return ims.Record{}, false
		}
		return live[n].ToRecord(kind), true
	}
}

// liveStates reads the live records of a kind in creation order (ties broken by id).
func liveStates(txn *badger.Txn, kind *ims.Kind) []ims.EntityState {
	var live []ims.EntityState
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEntOf(kind.Name), PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var st ims.EntityState
		if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, &st) }); err != nil {
			continue
		}
		if st.Created.OpID != "" && !st.Deleted() {
			live = append(live, st)
		}
	}
	slices.SortFunc(live, func(a, b ims.EntityState) int {
		return cmp.Or(cmp.Compare(a.Created.HLC, b.Created.HLC), strings.Compare(a.ID, b.ID))
	})
	return live
}
