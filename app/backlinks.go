package app

import (
	"cmp"
	"slices"

	"keel/backend/ims"
)

// BackLink is a live record whose link field points at another record: the reverse side of
// a link, which the schema declares only on the record that holds it (a finding's
// nonconformity, a review's actions, a risk's AI systems).
type BackLink struct {
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	ID         string `json:"id"`
	Title      string `json:"title"`
	Field      string `json:"field"`
	FieldLabel string `json:"field_label"`
}

// maxBackLinks bounds the answer; a record linked from more shows the first ones by kind
// and title.
const maxBackLinks = 200

// LinkedFrom lists the live records that link to kind/id through any link or links field,
// ordered by kind label, then title. The record itself must exist.
func (a *App) LinkedFrom(kind, id string) ([]BackLink, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	return linkedFrom(st, kind, id)
}

func linkedFrom(st ims.RecordService, kind, id string) ([]BackLink, error) {
	if _, err := ims.KindByName(kind); err != nil {
		return nil, err
	}
	if _, err := st.GetRecord(bg, kind, id); err != nil {
		return nil, err
	}
	out := []BackLink{}
	for _, k := range ims.Kinds() {
		var fields []ims.Field
		for _, f := range k.Fields {
			if (f.Type == ims.TypeLink || f.Type == ims.TypeLinks) && f.LinkKind == kind {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k.Name})
		if err != nil {
			return nil, err
		}
		for _, r := range res.Records {
			for _, f := range fields {
				if linksTo(r.Fields[f.Name], id) {
					out = append(out, BackLink{Kind: k.Name, KindLabel: k.Label, ID: r.ID, Title: r.Title, Field: f.Name, FieldLabel: f.Label})
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y BackLink) int {
		return cmp.Or(cmp.Compare(x.KindLabel, y.KindLabel), cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID), cmp.Compare(x.Field, y.Field))
	})
	if len(out) > maxBackLinks {
		out = out[:maxBackLinks]
	}
	return out, nil
}

// linksTo says whether a link value (one ID, or a list) holds id.
func linksTo(v any, id string) bool {
	switch t := v.(type) {
	case string:
		return t == id
	case []string:
		return slices.Contains(t, id)
	case []any:
		return slices.Contains(t, any(id))
	}
	return false
}
