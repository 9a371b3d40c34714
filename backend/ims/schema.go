package ims

import "sort"

// FieldType is the type of a field in a record kind's schema.
type FieldType string

const (
	TypeText      FieldType = "text"
	TypeLongText  FieldType = "longtext"
	TypeEnum      FieldType = "enum"
	TypeMultiEnum FieldType = "multienum"
	TypeDate      FieldType = "date"
	TypeNumber    FieldType = "number"
	TypeBool      FieldType = "bool"
	TypePerson    FieldType = "person"
	TypeLink      FieldType = "link"  // one record of LinkKind, a multi-value register like any field
	TypeLinks     FieldType = "links" // a list of records of LinkKind, an add-wins set
	// TypeDateTime is an instant, stored as RFC 3339 in UTC ("2026-11-27T09:30:00Z"); the
	// 72-hour breach clock needs hours, which a date cannot give.
	TypeDateTime FieldType = "datetime"
	// TypeAttachments is a list of evidence files, each "<sha256>/<file name>" (see
	// backend/evidence); the files live in the workspace's blobs/ folder.
	TypeAttachments FieldType = "attachments"
)

// Field is one field of a record kind. The one declaration drives validation, indexes,
// the op log's field set, the generic list and form, and later CSV/XLSX and PDF columns.
type Field struct {
	Name       string    `json:"name"`
	Label      string    `json:"label"`
	Type       FieldType `json:"type"`
	Required   bool      `json:"required,omitempty"`
	Help       string    `json:"help,omitempty"`
	Options    []string  `json:"options,omitempty"`
	LinkKind   string    `json:"linkKind,omitempty"`
	ListColumn bool      `json:"listColumn,omitempty"`
	Index      bool      `json:"index,omitempty"`
	MaxLen     int       `json:"maxLen,omitempty"`
	// Private marks a field that stays on this device: exports (CSV, XLSX, packs, bundles)
	// leave it out by default. Used for a user's own licensed copy of standards text.
	Private bool `json:"private,omitempty"`
	// Due marks a date or datetime field whose passing makes the record due or overdue
	// (the dashboard's "due this month" and the list's overdue highlighting).
	Due bool `json:"due,omitempty"`
	// Refs marks a text or long text field that holds references to catalogue items,
	// catalogue:id ("iso42001-2023:A.6.2.6"): one per line or separated by commas or
	// semicolons. Every reference must name an item of a shipped catalogue (Rules.RefKnown);
	// the form offers a picker.
	Refs RefCount `json:"refs,omitempty"`
}

// Kind is a record kind: one register of the IMS.
type Kind struct {
	Name       string  `json:"name"`
	Label      string  `json:"label"`
	Plural     string  `json:"plural"`
	Group      string  `json:"group"`
	Clause     string  `json:"clause"`
	Help       string  `json:"help"`
	TitleField string  `json:"titleField"`
	Fields     []Field `json:"fields"`
}

// Field returns the named field of the kind.
func (k *Kind) Field(name string) (*Field, bool) {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i], true
		}
	}
	return nil, false
}

// SharedFields returns the fields that exports carry: all but the Private ones.
func (k *Kind) SharedFields() []Field {
	out := make([]Field, 0, len(k.Fields))
	for _, f := range k.Fields {
		if !f.Private {
			out = append(out, f)
		}
	}
	return out
}

// Group is one section of the sidebar: the IMS grouped as the standards' clauses are.
type Group struct {
	Name  string   `json:"name"`
	Kinds []string `json:"kinds"`
}

// GroupNames is the order of the sidebar.
var GroupNames = []string{"Context", "Leadership", "Planning", "Support", "Operation",
	"Performance", "Improvement", "AI", "Privacy", "Standards"}

var registry = map[string]*Kind{}
var order []string

// Register adds a kind to the schema. It panics on a malformed declaration, which is a
// programming error caught by the first test that loads the package.
func Register(k Kind) {
	if _, dup := registry[k.Name]; dup {
		panic("ims: kind registered twice: " + k.Name)
	}
	if _, ok := k.Field(k.TitleField); !ok {
		panic("ims: kind " + k.Name + " has no title field " + k.TitleField)
	}
	for _, f := range k.Fields {
		if (f.Type == TypeEnum || f.Type == TypeMultiEnum) && len(f.Options) == 0 {
			panic("ims: enum field without options: " + k.Name + "." + f.Name)
		}
		if (f.Type == TypeLink || f.Type == TypeLinks) && f.LinkKind == "" {
			panic("ims: link field without a kind: " + k.Name + "." + f.Name)
		}
		if f.Due && f.Type != TypeDate && f.Type != TypeDateTime {
			panic("ims: due field that is not a date: " + k.Name + "." + f.Name)
		}
		if f.Refs != "" && !(f.Type == TypeText && (f.Refs == RefsOne || f.Refs == RefsMany) || f.Type == TypeLongText && f.Refs == RefsMany) {
			panic("ims: catalogue references in a field that cannot hold them: " + k.Name + "." + f.Name)
		}
	}
	kk := k
	registry[k.Name] = &kk
	order = append(order, k.Name)
}

// KindByName returns a registered kind or a not-found error naming it.
func KindByName(name string) (*Kind, error) {
	if k, ok := registry[name]; ok {
		return k, nil
	}
	return nil, Errorf(ENOTFOUND, "unknown record kind %q (see `keel records kinds`)", name)
}

// Kinds returns every registered kind in declaration order.
func Kinds() []Kind {
	out := make([]Kind, 0, len(order))
	for _, n := range order {
		out = append(out, *registry[n])
	}
	return out
}

// Groups returns the sidebar groups, in order, with their kinds.
func Groups() []Group {
	out := make([]Group, 0, len(GroupNames))
	for _, g := range GroupNames {
		grp := Group{Name: g, Kinds: []string{}}
		for _, n := range order {
			if registry[n].Group == g {
				grp.Kinds = append(grp.Kinds, n)
			}
		}
		out = append(out, grp)
	}
	return out
}

// IndexedFields returns the names of a kind's indexed fields, sorted.
func (k *Kind) IndexedFields() []string {
	var out []string
	for _, f := range k.Fields {
		if f.Index {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}
