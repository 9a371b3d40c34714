package store

import (
	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// lookupIn gives the domain rules (ims.CheckRecord) read access to live records inside
// the write's transaction, so they see exactly what the commit would leave.
func lookupIn(txn *badger.Txn) ims.Lookup {
	return func(kindName, id string) (ims.Record, bool) {
		kind, err := ims.KindByName(kindName)
		if err != nil {
			return ims.Record{}, false
		}
		if id != "" {
			var st ims.EntityState
			found, err := getState(txn, keyEnt(kind.Name, id), &st)
			if err != nil || !found || st.Created.OpID == "" || st.Deleted() {
				return ims.Record{}, false
			}
			return st.ToRecord(kind), true
		}
		// The earliest created live record of the kind (ties broken by id).
		var best *ims.EntityState
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixEntOf(kind.Name), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var st ims.EntityState
			if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, &st) }); err != nil {
				continue
			}
			if st.Created.OpID == "" || st.Deleted() {
				continue
			}
			if best == nil || st.Created.HLC < best.Created.HLC || st.Created.HLC == best.Created.HLC && st.ID < best.ID {
				s := st
				best = &s
			}
		}
		if best == nil {
			return ims.Record{}, false
		}
		return best.ToRecord(kind), true
	}
}
