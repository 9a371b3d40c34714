package catalog

import (
	"regexp"
	"sort"
	"strings"
	"time"

	oscal "github.com/defenseunicorns/go-oscal/src/types/oscal-1-2-2"
	"github.com/google/uuid"
)

// OSCAL export (OSCAL 1.2.2, types from github.com/defenseunicorns/go-oscal v0.7.1): each
// catalogue as an OSCAL catalog, the crosswalk as an OSCAL mapping-collection.

// OSCALNamespace qualifies Keel's own property names (unverified, gap-class, kind).
const OSCALNamespace = "urn:keel:oscal"

// OSCALVersion is the OSCAL version Keel writes.
const OSCALVersion = oscal.Version

// uuidSpace makes UUIDs that are stable across exports of the same data.
var uuidSpace = uuid.MustParse("6f2c1b0e-8a55-4d0e-9b7e-3c7e4e1f0a42")

func stableUUID(parts ...string) string {
	return uuid.NewSHA1(uuidSpace, []byte(strings.Join(parts, "\x00"))).String()
}

var notNCName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// OSCALControlID turns an item ID into an OSCAL control ID (an XML NCName): clause numbers
// get a "c" prefix (6.1.4 → c6.1.4) and other characters become "-" (Art.6(1)(ea) →
// Art.6-1-ea). The original ID travels in the control's "label" property.
func OSCALControlID(id string) string {
	s := strings.Trim(notNCName.ReplaceAllString(id, "-"), "-")
	if s == "" || !(s[0] == '_' || (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) {
		s = "c" + s
	}
	return s
}

// OSCALCatalogFile is the file name the mapping-collection uses to refer to a catalogue.
func OSCALCatalogFile(catalogue string) string { return catalogue + ".oscal.json" }

// OSCALCatalog returns one catalogue as an OSCAL catalog document ({"catalog": …}). Items
// become controls nested as in the catalogue, each with its label, kind and our summary as
// an "overview" part. No requirement text is included because Keel has none.
func OSCALCatalog(c *Catalogue, modified time.Time) *oscal.OscalCompleteSchema {
	var build func(parent string) *[]oscal.Control
	build = func(parent string) *[]oscal.Control {
		var out []oscal.Control
		for _, it := range c.Children(parent) {
			props := []oscal.Property{
				{Name: "label", Value: it.ID},
				{Name: "kind", Ns: OSCALNamespace, Value: string(it.Kind)},
			}
			if it.Unverified {
				props = append(props, oscal.Property{Name: "unverified", Ns: OSCALNamespace, Value: "true",
					Remarks: "Number or title not yet checked against the standard."})
			}
			parts := []oscal.Part{{Name: "overview", ID: OSCALControlID(it.ID) + "_ovw", Prose: it.Description}}
			out = append(out, oscal.Control{
				ID: OSCALControlID(it.ID), Class: string(it.Kind), Title: it.Title,
				Props: &props, Parts: &parts, Controls: build(it.ID),
			})
		}
		if len(out) == 0 {
			return nil
		}
		return &out
	}
	return &oscal.OscalCompleteSchema{Catalog: &oscal.Catalog{
		UUID: stableUUID("catalog", c.ID),
		Metadata: oscal.Metadata{
			Title:        c.Title,
			Version:      c.Edition,
			OscalVersion: oscal.Version,
			LastModified: modified.UTC().Truncate(time.Second),
			Remarks:      c.Notice,
		},
		Controls: build(""),
	}}
}

// OSCALMappingCollection is a mapping-collection with one mapping per pair of catalogues.
// The go-oscal 1.2.2 type holds a single mapping; the schema also allows an array, which is
// what Keel writes.
type OSCALMappingCollection struct {
	UUID       string                  `json:"uuid"`
	Metadata   oscal.Metadata          `json:"metadata"`
	Provenance oscal.MappingProvenance `json:"provenance"`
	Mappings   []oscal.Mapping         `json:"mappings"`
	BackMatter *oscal.BackMatter       `json:"back-matter,omitempty"`
}

// OSCALMappingDocument is the document root: {"mapping-collection": …}.
type OSCALMappingDocument struct {
	MappingCollection *OSCALMappingCollection `json:"mapping-collection"`
}

// oscalRelationship gives the OSCAL token for each NIST IR 8477 relationship.
var oscalRelationship = map[Relationship]string{
	Equal:     "equal-to",
	Subset:    "subset-of",
	Superset:  "superset-of",
	Intersect: "intersects-with",
}

// OSCALMappings returns the crosswalk as an OSCAL mapping-collection. A row becomes a map
// with its rationale as remarks and, on 42001 rows, a gap-class property. OSCAL has no token
// for "no relationship": a source item whose rows to a target catalogue are all
// no-relationship is listed in that mapping's source-gap-summary instead.
func OSCALMappings(s *Standards, modified time.Time) *OSCALMappingDocument {
	type pair struct{ from, to string }
	byPair := map[pair][]Mapping{}
	var pairs []pair
	for _, m := range s.Crosswalk {
		fc, _, _ := SplitRef(m.From)
		tc, _, _ := SplitRef(m.To)
		p := pair{fc, tc}
		if _, ok := byPair[p]; !ok {
			pairs = append(pairs, p)
		}
		byPair[p] = append(byPair[p], m)
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if orderRank(pairs[i].from) != orderRank(pairs[j].from) {
			return orderRank(pairs[i].from) < orderRank(pairs[j].from)
		}
		return orderRank(pairs[i].to) < orderRank(pairs[j].to)
	})
	coll := &OSCALMappingCollection{
		UUID: stableUUID("mapping-collection"),
		Metadata: oscal.Metadata{
			Title:        "Keel crosswalk: ISO/IEC 42001:2023, 27001:2022, 27701:2019, 27701:2025 and UK data protection",
			Version:      "draft",
			OscalVersion: oscal.Version,
			LastModified: modified.UTC().Truncate(time.Second),
			Remarks:      "Keel's own mapping and rationales; contains no text of any standard. To be reviewed by a competent person with licensed copies.",
		},
		Provenance: oscal.MappingProvenance{
			Method:             "human",
			MatchingRationale:  "semantic",
			Status:             "draft",
			MappingDescription: "Relationships per NIST IR 8477 between Keel's outline catalogues, with a gap-analysis class on every ISO/IEC 42001 row.",
		},
	}
	for _, p := range pairs {
		mapping := oscal.Mapping{
			UUID:           stableUUID("mapping", p.from, p.to),
			SourceResource: oscal.MappingResourceReference{Type: "catalog", Href: OSCALCatalogFile(p.from)},
			TargetResource: oscal.MappingResourceReference{Type: "catalog", Href: OSCALCatalogFile(p.to)},
		}
		related := map[string]bool{}
		var unrelated []string
		for _, m := range byPair[p] {
			_, fid, _ := SplitRef(m.From)
			_, tid, _ := SplitRef(m.To)
			tok, ok := oscalRelationship[m.Relationship]
			if !ok {
				unrelated = append(unrelated, fid)
				continue
			}
			related[fid] = true
			mp := oscal.Map{
				UUID:         stableUUID("map", m.From, m.To),
				Relationship: tok,
				Sources:      []oscal.MappingItem{{Type: "control", IDRef: OSCALControlID(fid)}},
				Targets:      []oscal.MappingItem{{Type: "control", IDRef: OSCALControlID(tid)}},
				Remarks:      m.Rationale,
			}
			if m.Class != "" {
				mp.Props = &[]oscal.Property{{Name: "gap-class", Ns: OSCALNamespace, Value: string(m.Class)}}
			}
			mapping.Maps = append(mapping.Maps, mp)
		}
		var gaps []string
		seen := map[string]bool{}
		for _, id := range unrelated {
			if !related[id] && !seen[id] {
				seen[id] = true
				gaps = append(gaps, OSCALControlID(id))
			}
		}
		if len(gaps) > 0 {
			mapping.SourceGapSummary = &oscal.GapSummary{UUID: stableUUID("gaps", p.from, p.to),
				UnmappedControls: []oscal.SelectControlById{{WithIds: &gaps}}}
		}
		if len(mapping.Maps) == 0 {
			continue // the schema needs at least one map
		}
		coll.Mappings = append(coll.Mappings, mapping)
	}
	return &OSCALMappingDocument{MappingCollection: coll}
}

// OSCALFiles returns every OSCAL document of an export by file name: one catalog per
// catalogue and crosswalk.oscal.json.
func OSCALFiles(s *Standards, modified time.Time) map[string]any {
	out := map[string]any{"crosswalk.oscal.json": OSCALMappings(s, modified)}
	for _, c := range s.Catalogues {
		out[OSCALCatalogFile(c.ID)] = OSCALCatalog(c, modified)
	}
	return out
}
