// Package catalog loads the standards catalogue (ISO/IEC 42001:2023, 27001:2022, 27701:2019,
// 27701:2025 and the UK data-protection items), the typed crosswalk between them and the
// shared IMS processes, and checks them before anything else may use them.
//
// The data is Keel's own: identifiers, official short titles and one-line summaries written
// from scratch. No requirement text of any standard is shipped (ARCHITECTURE.md decision 8).
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Catalogue IDs of the standards Keel ships.
const (
	ISO42001      = "iso42001-2023"
	ISO27001      = "iso27001-2022"
	ISO27701v2019 = "iso27701-2019"
	ISO27701v2025 = "iso27701-2025"
	UKDP          = "uk-dp"
)

// Order is the order catalogues are listed and exported in.
var Order = []string{ISO42001, ISO27001, ISO27701v2019, ISO27701v2025, UKDP}

// Kind says what an item is in its standard's structure.
type Kind string

const (
	KindClause    Kind = "clause"    // a numbered clause or sub-clause (for uk-dp: an article or section)
	KindControl   Kind = "control"   // an annex control
	KindObjective Kind = "objective" // a control objective heading
	KindArea      Kind = "area"      // a group of controls: a theme or control area
	KindAnnex     Kind = "annex"     // an annex or annex table
)

// Kinds lists every valid Kind.
var Kinds = []Kind{KindClause, KindControl, KindObjective, KindArea, KindAnnex}

// Relationship is how the source of a mapping relates to its target (NIST IR 8477 set
// relationships): the source equals, is a subset of, a superset of, or intersects the target,
// or was examined and has no relationship with it.
type Relationship string

const (
	Equal          Relationship = "equal"
	Subset         Relationship = "subset"
	Superset       Relationship = "superset"
	Intersect      Relationship = "intersect"
	NoRelationship Relationship = "no-relationship"
)

// Relationships lists every valid Relationship.
var Relationships = []Relationship{Equal, Subset, Superset, Intersect, NoRelationship}

// Class is the gap-analysis class of a 42001 mapping: what is left to do for the 42001 item
// when the target is already implemented.
type Class string

const (
	Inherit Class = "inherit" // the target's implementation meets the 42001 item as it is (scope widened at most)
	Extend  Class = "extend"  // reuse the target's process and add AI-specific content
	New     Class = "new"     // the target helps little or not at all: build it for AI
)

// Classes lists every valid Class, strongest first.
var Classes = []Class{Inherit, Extend, New}

// Item is one clause, control, objective, area or annex of a catalogue.
type Item struct {
	ID          string `json:"id"`          // exactly as the standard numbers it: "6.1.4", "A.10.3"
	Title       string `json:"title"`       // the official short title
	Kind        Kind   `json:"kind"`        //
	Parent      string `json:"parent"`      // the enclosing item's ID, "" at the top
	Description string `json:"description"` // Keel's own one-line summary
	Unverified  bool   `json:"unverified"`  // number or title not yet checked against the standard
}

// Catalogue is one standard (one edition) or the UK data-protection items.
type Catalogue struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Edition string `json:"edition"`
	Notice  string `json:"notice"`
	Items   []Item `json:"items"`

	index map[string]int
}

// Mapping is one crosswalk row between two items, each named by a reference "catalogue:id".
type Mapping struct {
	From         string       `json:"from"`
	To           string       `json:"to"`
	Relationship Relationship `json:"relationship"`
	Rationale    string       `json:"rationale"`       // Keel's own, one sentence
	Class        Class        `json:"class,omitempty"` // on every row from iso42001-2023; absent elsewhere
}

// Process is one of the 15 processes the three management systems share (DOMAIN.md), with the
// items of each standard it satisfies.
type Process struct {
	ID          string   `json:"id"`
	Number      int      `json:"number"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Satisfies   []string `json:"satisfies"` // references "catalogue:id"
}

// Standards is the whole of the loaded data. Its JSON form is Keel's public export format
// (docs/catalog.md).
type Standards struct {
	Catalogues []*Catalogue `json:"catalogues"`
	Crosswalk  []Mapping    `json:"crosswalk"`
	Processes  []Process    `json:"processes"`

	checks []SourceCheck // sources.json: not part of the export format
}

// SourceCheck records the public sources checked for one item's title (assets/sources.json):
// those that give Title and those that give another title. A title counts as settled, and
// its item may drop the unverified flag, only with two sources and no conflict.
type SourceCheck struct {
	Ref         string   `json:"ref"`
	Title       string   `json:"title"`
	Sources     []string `json:"sources"`
	Conflicting []string `json:"conflicting"`
}

// Settled reports whether at least two sources give the title and none gives another.
func (c SourceCheck) Settled() bool { return len(c.Sources) >= 2 && len(c.Conflicting) == 0 }

// SourceChecks returns the recorded title checks, in data order.
func (s *Standards) SourceChecks() []SourceCheck { return s.checks }

// SourceCheck returns the recorded title check of an item, if there is one.
func (s *Standards) SourceCheck(ref string) (SourceCheck, bool) {
	for _, c := range s.checks {
		if c.Ref == ref {
			return c, true
		}
	}
	return SourceCheck{}, false
}

// Ref joins a catalogue ID and an item ID into a reference.
func Ref(catalogue, id string) string { return catalogue + ":" + id }

// SplitRef splits a reference "catalogue:id".
func SplitRef(ref string) (catalogue, id string, ok bool) {
	catalogue, id, ok = strings.Cut(ref, ":")
	return catalogue, id, ok && catalogue != "" && id != ""
}

// ShortRef is a reference as people write it, "27001 A.5.15" for "iso27001-2022:A.5.15";
// anything that is not a reference to a shipped catalogue comes back unchanged.
func ShortRef(ref string) string {
	cat, id, ok := SplitRef(ref)
	if !ok {
		return ref
	}
	switch cat {
	case UKDP:
		return "UK DP " + id
	case ISO42001:
		return "42001 " + id
	case ISO27001:
		return "27001 " + id
	case ISO27701v2019:
		return "27701:2019 " + id
	case ISO27701v2025:
		return "27701:2025 " + id
	}
	return ref
}

// Catalogue returns the catalogue with the given ID.
func (s *Standards) Catalogue(id string) (*Catalogue, bool) {
	for _, c := range s.Catalogues {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// Item returns the item a reference names.
func (s *Standards) Item(ref string) (Item, bool) {
	cat, id, ok := SplitRef(ref)
	if !ok {
		return Item{}, false
	}
	c, ok := s.Catalogue(cat)
	if !ok {
		return Item{}, false
	}
	return c.Item(id)
}

// MappingsFrom returns the crosswalk rows whose source is ref, in data order.
func (s *Standards) MappingsFrom(ref string) []Mapping {
	return s.mappingsWhere(func(m Mapping) bool { return m.From == ref })
}

// MappingsTo returns the crosswalk rows whose target is ref, in data order.
func (s *Standards) MappingsTo(ref string) []Mapping {
	return s.mappingsWhere(func(m Mapping) bool { return m.To == ref })
}

func (s *Standards) mappingsWhere(keep func(Mapping) bool) []Mapping {
	var out []Mapping
	for _, m := range s.Crosswalk {
		if keep(m) {
			out = append(out, m)
		}
	}
	return out
}

// Item returns the item with the given ID.
func (c *Catalogue) Item(id string) (Item, bool) {
	if c.index == nil {
		c.reindex()
	}
	i, ok := c.index[id]
	if !ok {
		return Item{}, false
	}
	return c.Items[i], true
}

// Children returns the items whose parent is id ("" for the top level), in data order.
func (c *Catalogue) Children(id string) []Item {
	var out []Item
	for _, it := range c.Items {
		if it.Parent == id {
			out = append(out, it)
		}
	}
	return out
}

// Leaf reports whether no item has id as its parent.
func (c *Catalogue) Leaf(id string) bool {
	for _, it := range c.Items {
		if it.Parent == id {
			return false
		}
	}
	return true
}

func (c *Catalogue) reindex() {
	c.index = make(map[string]int, len(c.Items))
	for i, it := range c.Items {
		if _, dup := c.index[it.ID]; !dup {
			c.index[it.ID] = i
		}
	}
}

// crosswalkFile is the on-disk form of a crosswalk file: rows plus who wrote them. When From
// or To is set, every row's source or target must be in that catalogue.
type crosswalkFile struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Author string    `json:"author"`
	Review string    `json:"review"`
	Rows   []Mapping `json:"rows"`
}

type processesFile struct {
	Processes []Process `json:"processes"`
}

type sourcesFile struct {
	Note   string        `json:"note"`
	Checks []SourceCheck `json:"checks"`
}

// Load reads and validates the data in fsys: catalog/*.json, crosswalk/*.json,
// processes.json and, when present, sources.json (assets.Standards in the app; a test
// directory in tests).
func Load(fsys fs.FS) (*Standards, error) {
	s := &Standards{}
	catFiles, err := fs.Glob(fsys, "catalog/*.json")
	if err != nil {
		return nil, err
	}
	if len(catFiles) == 0 {
		return nil, errors.New("load standards: no catalog/*.json files")
	}
	for _, name := range catFiles {
		c := &Catalogue{}
		if err := decodeFile(fsys, name, c); err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); c.ID != want {
			return nil, fmt.Errorf("load standards: %s holds catalogue %q: the file must be named after its id", name, c.ID)
		}
		s.Catalogues = append(s.Catalogues, c)
	}
	sortCatalogues(s.Catalogues)

	xwFiles, err := fs.Glob(fsys, "crosswalk/*.json")
	if err != nil {
		return nil, err
	}
	var fileProblems []Problem
	for _, name := range xwFiles {
		var f crosswalkFile
		if err := decodeFile(fsys, name, &f); err != nil {
			return nil, err
		}
		if strings.TrimSpace(f.Author) == "" {
			fileProblems = append(fileProblems, Problem{Ref: name, Message: "crosswalk file has no author"})
		}
		for _, m := range f.Rows {
			fc, _, _ := SplitRef(m.From)
			tc, _, _ := SplitRef(m.To)
			if f.From != "" && fc != f.From {
				fileProblems = append(fileProblems, Problem{Ref: m.From, Message: fmt.Sprintf("row in %s must start in %s", name, f.From)})
			}
			if f.To != "" && tc != f.To {
				fileProblems = append(fileProblems, Problem{Ref: m.From, Message: fmt.Sprintf("row to %s in %s must end in %s", m.To, name, f.To)})
			}
		}
		s.Crosswalk = append(s.Crosswalk, f.Rows...)
	}

	var pf processesFile
	if err := decodeFile(fsys, "processes.json", &pf); err != nil {
		return nil, err
	}
	s.Processes = pf.Processes

	if _, err := fs.Stat(fsys, "sources.json"); err == nil {
		var sf sourcesFile
		if err := decodeFile(fsys, "sources.json", &sf); err != nil {
			return nil, err
		}
		s.checks = sf.Checks
	}

	// Validate also builds each catalogue's item index, so a loaded catalogue is only ever read
	// and Item is safe in parallel (TestLoadedCatalogueIsReadOnlyInParallel).
	err = Validate(s)
	if len(fileProblems) > 0 {
		var v *ValidationError
		if !errors.As(err, &v) {
			v = &ValidationError{}
		}
		v.Problems = append(fileProblems, v.Problems...)
		err = v
	}
	if err != nil {
		return nil, fmt.Errorf("load standards: %w", err)
	}
	return s, nil
}

// decodeFile decodes one JSON file strictly: an unknown field is an error, so a typo in the
// data cannot silently drop a value.
func decodeFile(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("load standards: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("load standards: %s: %w", name, err)
	}
	return nil
}

// sortCatalogues puts the known catalogues in Order, any others after them by ID.
func sortCatalogues(cs []*Catalogue) {
	sort.SliceStable(cs, func(i, j int) bool {
		ri, rj := orderRank(cs[i].ID), orderRank(cs[j].ID)
		if ri != rj {
			return ri < rj
		}
		return cs[i].ID < cs[j].ID
	})
}

// orderRank is a catalogue's place in Order; the catalogues not in it come after them all.
func orderRank(id string) int {
	if i := slices.Index(Order, id); i >= 0 {
		return i
	}
	return len(Order)
}
