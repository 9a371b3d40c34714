package ims

import (
	"cmp"
	"slices"
)

// EvidenceUse is one record an evidence file supports.
type EvidenceUse struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kindLabel"`
	ID        string `json:"id"`
	Title     string `json:"title"`
}

// EvidenceItem is one evidence file across a workspace (or a bundle): its name and
// metadata as the records hold them, whether it is stale, and the records it supports.
type EvidenceItem struct {
	SHA256  string        `json:"sha256"`
	Name    string        `json:"name"`
	Meta    EvidenceMeta  `json:"meta"`
	Stale   bool          `json:"stale"` // valid until is before today
	Records []EvidenceUse `json:"records"`
}

// IndexEvidence lists every evidence file the records refer to, once per file (by hash),
// with the records it supports. Where records describe the same file differently, the
// entry added last gives the name and metadata. today is YYYY-MM-DD.
func IndexEvidence(records []Record, today string) []EvidenceItem {
	byHash := map[string]*EvidenceItem{}
	for _, r := range records {
		k, err := KindByName(r.Kind)
		if err != nil {
			continue
		}
		for _, f := range k.Fields {
			if f.Type != TypeAttachments {
				continue
			}
			refs, _ := stringList(r.Fields[f.Name]) // []any when read back from JSON (a bundle)
			for _, ref := range refs {
				h, name, meta, ok := ParseAttachment(ref)
				if !ok {
					continue
				}
				it := byHash[h]
				if it == nil {
					it = &EvidenceItem{SHA256: h, Name: name, Meta: meta}
					byHash[h] = it
				} else if meta.AddedAt > it.Meta.AddedAt {
					it.Name, it.Meta = name, meta
				}
				use := EvidenceUse{Kind: k.Name, KindLabel: k.Label, ID: r.ID, Title: r.Title}
				if !slices.Contains(it.Records, use) {
					it.Records = append(it.Records, use)
				}
			}
		}
	}
	out := make([]EvidenceItem, 0, len(byHash))
	for _, it := range byHash {
		it.Stale = it.Meta.ValidUntil != "" && it.Meta.ValidUntil < today
		slices.SortFunc(it.Records, func(a, b EvidenceUse) int {
			return cmp.Or(cmp.Compare(a.KindLabel, b.KindLabel), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
		})
		out = append(out, *it)
	}
	slices.SortFunc(out, func(a, b EvidenceItem) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.SHA256, b.SHA256))
	})
	return out
}
