package store

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// RecentChanges reads the op log backwards and returns the latest changes, newest first,
// at most limit of them. The ops one edit wrote (same record, same actor, within the same
// second) are grouped into one change. Records since purged or of unknown kinds are skipped.
func (s *Store) RecentChanges(ctx context.Context, limit int) ([]ims.Change, error) {
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	out := []ims.Change{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: prefixOp, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		var cur *ims.Change
		var curHLC uint64
		for it.Seek(append(append([]byte{}, prefixOp...), 0xff)); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var op ims.Op
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &op) }); err != nil {
				return err
			}
			same := cur != nil && cur.ID == op.Entity && cur.Actor == op.Actor && curHLC>>16-op.HLC>>16 < 1000
			if !same {
				if len(out) == limit {
					return nil
				}
				out = append(out, ims.Change{Kind: op.Kind, ID: op.Entity, At: ims.FormatHLC(op.HLC), Actor: op.Actor, Type: op.Type, Fields: []string{}})
				cur, curHLC = &out[len(out)-1], op.HLC
			}
			// A create is what the whole group amounts to; a delete or restore likewise.
			switch op.Type {
			case ims.OpCreate, ims.OpDelete, ims.OpRestore:
				cur.Type = op.Type
			}
			if op.Field != "" && !slices.Contains(cur.Fields, op.Field) {
				cur.Fields = append(cur.Fields, op.Field)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Titles as the records read now.
	for i := range out {
		if r, err := s.GetRecord(ctx, out[i].Kind, out[i].ID); err == nil {
			out[i].Title = r.Title
		}
	}
	return out, nil
}
