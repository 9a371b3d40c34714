package store

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// Check is the store's integrity check (`keel check`): it replays the op log and compares
// every entity with its stored state, checks every index entry against the states (none
// missing, none extra), that every entity's register is known and that no crash left a
// batch or a rebuild unfinished; with verify set, it verifies the hash of every evidence
// file a record (live or in the bin) refers to. It changes nothing.
func (s *Store) Check(verify func(sha256 string) error) (ims.IntegrityReport, error) {
	res := ims.IntegrityReport{Problems: []string{}}
	replayed, n, err := s.Replay()
	if err != nil {
		res.Add("the op log cannot be read: %v", err)
		return res, nil
	}
	res.Ops = n
	stored, err := s.Materialised()
	if err != nil {
		res.Add("the stored records cannot be read: %v", err)
		return res, nil
	}
	res.Entities = len(stored)
	for _, id := range slices.Sorted(maps.Keys(replayed)) {
		st, ok := stored[id]
		if !ok {
			res.Add("%s %s is in the op log but not stored (run keel rebuild)", replayed[id].Kind, id)
			continue
		}
		a, _ := json.Marshal(replayed[id])
		b, _ := json.Marshal(st)
		if string(a) != string(b) {
			res.Add("%s %s differs from what its ops give (run keel rebuild)", st.Kind, id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(stored)) {
		if _, ok := replayed[id]; !ok {
			res.Add("%s %s is stored but no op in the log made it", stored[id].Kind, id)
		}
	}
	want := map[string]bool{}
	seen := map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(stored)) {
		st := stored[id]
		kind, err := ims.KindByName(st.Kind)
		if err != nil {
			res.Add("%s %s is of a register this build does not know", st.Kind, id)
			continue
		}
		maps.Copy(want, indexEntries(kind, st))
		if verify != nil {
			checkEvidence(&res, kind, st, verify, seen)
		}
	}
	err = s.db.View(func(txn *badger.Txn) error {
		for _, k := range [][]byte{keyPendingBatch, keyPendingRebuild} {
			if _, err := txn.Get(k); err == nil {
				res.Add("a crash left %s unfinished: it is finished when the workspace next opens for writing", k)
			}
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixIdx})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			res.Indexes++
			k := string(it.Item().Key())
			if !want[k] {
				res.Add("index entry %q points at no record that has that value (run keel rebuild)", k)
			}
			delete(want, k)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		res.Add("index entry %q is missing (run keel rebuild)", k)
	}
	return res, nil
}

// checkEvidence verifies each evidence file the entity's attachment fields refer to, once
// per file.
func checkEvidence(res *ims.IntegrityReport, kind *ims.Kind, st *ims.EntityState, verify func(string) error, seen map[string]bool) {
	rec := st.ToRecord(kind)
	for _, f := range kind.Fields {
		if f.Type != ims.TypeAttachments {
			continue
		}
		refs, _ := rec.Fields[f.Name].([]string)
		for _, ref := range refs {
			sha, name, ok := ims.SplitAttachment(ref)
			if !ok {
				res.Add("%s %q holds a malformed evidence reference %q", strings.ToLower(kind.Label), rec.Title, ref)
				continue
			}
			if seen[sha] {
				continue
			}
			seen[sha] = true
			res.Evidence++
			if err := verify(sha); err != nil {
				res.Add("evidence file %q of %s %q: %v", name, strings.ToLower(kind.Label), rec.Title, err)
			}
		}
	}
}
