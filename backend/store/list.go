package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// indexEntries returns the idx keys an entity should have for its kind's Index fields.
func indexEntries(kind *ims.Kind, st *ims.EntityState) map[string]bool {
	out := map[string]bool{}
	if st.Created.OpID == "" {
		return out
	}
	for _, name := range kind.IndexedFields() {
		for _, v := range valueStrings(st.Value(name)) {
			out[string(keyIdx(kind.Name, name, strings.ToLower(v), st.ID))] = true
		}
	}
	return out
}

// valueStrings is the text form of a value for filters, indexes and search.
func valueStrings(v any) []string { return ims.ValueStrings(v) }

// idsByIndex reads the ids whose indexed field has the value.
func (s *Store) idsByIndex(kind *ims.Kind, field, value string) (map[string]bool, error) {
	ids := map[string]bool{}
	prefix := prefixIdxOf(kind.Name, field, strings.ToLower(value))
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids[string(it.Item().Key()[len(prefix):])] = true
		}
		return nil
	})
	return ids, err
}

func matches(r *ims.Record, field, want string) bool {
	for _, v := range valueStrings(r.Fields[field]) {
		if strings.EqualFold(v, want) {
			return true
		}
	}
	return false
}

func containsText(r *ims.Record, needle string) bool {
	for _, v := range r.Fields {
		for _, s := range valueStrings(v) {
			if strings.Contains(strings.ToLower(s), needle) {
				return true
			}
		}
	}
	return false
}

// source is where reads find records: the live store (its cache and indexes) or a view
// of the workspace as of a past date (asof.go). Lists and search read through it, so
// both answer the same query the same way.
type source interface {
	withRecords(kind *ims.Kind, fn func(map[string]ims.Record) error) error
	// idsByIndex reads the ids whose indexed field has the value; a nil map means there
	// is no index to ask and the filter scans the records.
	idsByIndex(kind *ims.Kind, field, value string) (map[string]bool, error)
}

// ListRecords filters, searches and sorts a kind's records. A filter on an indexed field
// is answered from the index; other filters and search scan the cached records.
func (s *Store) ListRecords(ctx context.Context, q ims.ListQuery) (ims.ListResult, error) {
	return listRecords(s, q)
}

func listRecords(s source, q ims.ListQuery) (ims.ListResult, error) {
	kind, err := ims.KindByName(q.Kind)
	if err != nil {
		return ims.ListResult{}, err
	}
	if q.Sort != "" && q.Sort != "title" && q.Sort != "updatedAt" && q.Sort != "createdAt" {
		if _, ok := kind.Field(q.Sort); !ok {
			return ims.ListResult{}, ims.FieldErrorf("sort", "cannot sort %s by %q: no such field", kind.Plural, q.Sort)
		}
	}
	var only map[string]bool
	for name, want := range q.Filters {
		f, ok := kind.Field(name)
		if !ok {
			return ims.ListResult{}, ims.FieldErrorf(name, "cannot filter %s by %q: no such field", kind.Plural, name)
		}
		if f.Index && want != "" {
			ids, err := s.idsByIndex(kind, name, want)
			if err != nil {
				return ims.ListResult{}, err
			}
			if ids == nil {
				continue
			}
			if only == nil {
				only = ids
			} else {
				for id := range only {
					if !ids[id] {
						delete(only, id)
					}
				}
			}
		}
	}
	needle := strings.ToLower(strings.TrimSpace(q.Search))
	var out []ims.Record
	keep := func(r *ims.Record) {
		if r.Deleted != q.Deleted {
			return
		}
		for name, want := range q.Filters {
			if want != "" && !matches(r, name, want) {
				return
			}
		}
		if needle != "" && !containsText(r, needle) {
			return
		}
		out = append(out, *r)
	}
	err = s.withRecords(kind, func(m map[string]ims.Record) error {
		if only != nil {
			for id := range only {
				if r, ok := m[id]; ok {
					keep(&r)
				}
			}
			return nil
		}
		out = make([]ims.Record, 0, len(m))
		for _, r := range m {
			keep(&r)
		}
		return nil
	})
	if err != nil {
		return ims.ListResult{}, err
	}
	sortRecords(out, q.Sort, q.Desc)
	total := len(out)
	if q.Offset > 0 {
		out = out[min(q.Offset, len(out)):]
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	if out == nil {
		out = []ims.Record{}
	}
	return ims.ListResult{Records: out, Total: total}, nil
}

func sortKey(r *ims.Record, field string) string {
	switch field {
	case "", "title":
		return strings.ToLower(r.Title)
	case "updatedAt":
		return r.UpdatedAt
	case "createdAt":
		return r.CreatedAt
	}
	return strings.ToLower(strings.Join(valueStrings(r.Fields[field]), ","))
}

// sortRecords sorts by a field, numbers numerically and text case-insensitively, ties by
// id. Keys are worked out once per record, not once per comparison.
func sortRecords(rs []ims.Record, field string, desc bool) {
	type keyed struct {
		num   float64
		isNum bool
		text  string
		rec   ims.Record
	}
	ks := make([]keyed, len(rs))
	for i := range rs {
		n, ok := rs[i].Fields[field].(float64)
		ks[i] = keyed{num: n, isNum: ok, rec: rs[i]}
		if !ok {
			ks[i].text = sortKey(&rs[i], field)
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		var c int
		if a.isNum && b.isNum {
			c = cmp.Compare(a.num, b.num)
		} else {
			c = cmp.Compare(a.text, b.text)
		}
		if c == 0 {
			c = cmp.Compare(a.rec.ID, b.rec.ID)
		}
		if desc {
			return -c
		}
		return c
	})
	for i := range ks {
		rs[i] = ks[i].rec
	}
}

// Search finds live records of any kind whose text contains the words, titles first.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]ims.SearchHit, error) {
	return search(s, text, limit)
}

func search(s source, text string, limit int) ([]ims.SearchHit, error) {
	needle := strings.ToLower(strings.TrimSpace(text))
	out := []ims.SearchHit{}
	if needle == "" {
		return out, nil
	}
	if limit <= 0 {
		limit = 50
	}
	var rest []ims.SearchHit
	for _, k := range ims.Kinds() {
		err := s.withRecords(&k, func(m map[string]ims.Record) error {
			for _, r := range m {
				if r.Deleted {
					continue
				}
				hit := ims.SearchHit{Kind: r.Kind, ID: r.ID, Title: r.Title}
				if strings.Contains(strings.ToLower(r.Title), needle) {
					out = append(out, hit)
				} else if containsText(&r, needle) {
					rest = append(rest, hit)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	byTitle := func(a, b ims.SearchHit) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), cmp.Compare(a.ID, b.ID))
	}
	slices.SortFunc(out, byTitle)
	slices.SortFunc(rest, byTitle)
	out = append(out, rest...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
