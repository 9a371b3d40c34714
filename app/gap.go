package app

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

// The standards catalogue is embedded data, the same for every workspace: load and check it
// once, on first use, so that starting Keel does not pay for it.
var (
	standardsOnce sync.Once
	standardsData *catalog.Standards
	standardsErr  error
)

// StandardsCatalogue returns the loaded catalogue and crosswalk.
func StandardsCatalogue() (*catalog.Standards, error) {
	standardsOnce.Do(func() {
		standardsData, standardsErr = catalog.Load(assets.Standards)
		if standardsErr != nil {
			standardsErr = fmt.Errorf("load the standards catalogue: %w", standardsErr)
		}
	})
	return standardsData, standardsErr
}

var (
	rulesOnce sync.Once
	rulesData *gap.RuleSet
	rulesErr  error
)

// EvidenceRules returns the loaded evidence rules (assets/evidence-rules.json), checked
// against the catalogue and the schema once.
func EvidenceRules() (*gap.RuleSet, error) {
	rulesOnce.Do(func() {
		s, err := StandardsCatalogue()
		if err != nil {
			rulesErr = err
			return
		}
		rulesData, rulesErr = gap.ParseRules(assets.EvidenceRules, s)
	})
	return rulesData, rulesErr
}

// StatusKind is the record kind that holds implementation statuses.
const StatusKind = "control_status"

// CatalogueSummary is one catalogue for the browser: its header and every item in data order
// (parents before children); the browser builds the tree from Item.Parent.
type CatalogueSummary struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Edition    string         `json:"edition"`
	Notice     string         `json:"notice"`
	Unverified int            `json:"unverified"`
	Items      []catalog.Item `json:"items"`
}

// ItemMapping is one crosswalk row seen from an item: Other is the item at the other end.
type ItemMapping struct {
	catalog.Mapping
	Direction       string `json:"direction"` // "from": this item is the source; "to": it is the target
	Other           string `json:"other"`
	OtherTitle      string `json:"other_title"`
	OtherUnverified bool   `json:"other_unverified"`
}

// CatalogueItemView is one item with where it sits, its crosswalk rows in both directions,
// the shared processes it belongs to and, when a workspace is open, its status.
type CatalogueItemView struct {
	Catalogue string         `json:"catalogue"`
	Notice    string         `json:"notice"`
	Item      catalog.Item   `json:"item"`
	Ancestors []catalog.Item `json:"ancestors"` // outermost first
	Children  []catalog.Item `json:"children"`
	Mappings  []ItemMapping  `json:"mappings"`
	Processes []string       `json:"processes"`
	Status    gap.Status     `json:"status,omitempty"` // absent when no workspace is open
}

// SetStatusesResult says what a bulk status edit did.
type SetStatusesResult struct {
	Status    gap.Status `json:"status"`
	Created   []string   `json:"created"`   // items that had no status record
	Updated   []string   `json:"updated"`   // items whose record changed
	Unchanged []string   `json:"unchanged"` // items that already had the status
}

// Catalogues returns every catalogue with its items, for the catalogue browser.
func (a *App) Catalogues() ([]CatalogueSummary, error) {
	s, err := StandardsCatalogue()
	if err != nil {
		return nil, err
	}
	out := make([]CatalogueSummary, 0, len(s.Catalogues))
	for _, c := range s.Catalogues {
		sum := CatalogueSummary{ID: c.ID, Title: c.Title, Edition: c.Edition, Notice: c.Notice, Items: c.Items}
		for _, it := range c.Items {
			if it.Unverified {
				sum.Unverified++
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// CatalogueItem returns one item with its mapped items, relationship and rationale. id may
// also be a full reference "catalogue:id" with catalogue empty.
func (a *App) CatalogueItem(catalogue, id string) (CatalogueItemView, error) {
	s, err := StandardsCatalogue()
	if err != nil {
		return CatalogueItemView{}, err
	}
	if catalogue == "" {
		catalogue, id, _ = catalog.SplitRef(id)
	}
	c, ok := s.Catalogue(catalogue)
	if !ok {
		return CatalogueItemView{}, ims.Errorf(ims.ENOTFOUND, "no catalogue %q; there are: %s", catalogue, strings.Join(catalog.Order, ", "))
	}
	it, ok := c.Item(id)
	if !ok {
		return CatalogueItemView{}, ims.Errorf(ims.ENOTFOUND, "%s has no item %q", c.ID, id)
	}
	ref := catalog.Ref(c.ID, it.ID)
	v := CatalogueItemView{Catalogue: c.ID, Notice: c.Notice, Item: it, Children: c.Children(it.ID),
		Ancestors: []catalog.Item{}, Mappings: []ItemMapping{}, Processes: []string{}}
	if v.Children == nil {
		v.Children = []catalog.Item{}
	}
	for p := it.Parent; p != ""; {
		anc, ok := c.Item(p)
		if !ok {
			break
		}
		v.Ancestors = append([]catalog.Item{anc}, v.Ancestors...)
		p = anc.Parent
	}
	for _, m := range s.Crosswalk {
		var dir, other string
		switch ref {
		case m.From:
			dir, other = "from", m.To
		case m.To:
			dir, other = "to", m.From
		default:
			continue
		}
		o, _ := s.Item(other)
		v.Mappings = append(v.Mappings, ItemMapping{Mapping: m, Direction: dir, Other: other, OtherTitle: o.Title, OtherUnverified: o.Unverified})
	}
	for _, p := range s.Processes {
		if slices.Contains(p.Satisfies, ref) {
			v.Processes = append(v.Processes, p.ID)
		}
	}
	if st, _, err := a.s.Current(); err == nil {
		statuses, err := statusRecords(st, ref)
		if err != nil {
			return v, err
		}
		v.Status = gap.NotStarted
		if r, ok := statuses[ref]; ok {
			v.Status, _ = gap.ParseStatus(fieldText(r, "status"))
		}
	}
	return v, nil
}

// catalogueAndWorkspace is the standards catalogue and the open workspace (its store and
// info): what the gap analysis and the packs read.
func (a *App) catalogueAndWorkspace() (*catalog.Standards, WorkspaceStore, ims.WorkspaceInfo, error) {
	s, err := StandardsCatalogue()
	if err != nil {
		return nil, nil, ims.WorkspaceInfo{}, err
	}
	st, info, err := a.s.Current()
	return s, st, info, err
}

// GapAnalysis runs the 42001 gap analysis over the open workspace's implementation statuses.
func (a *App) GapAnalysis() (gap.Analysis, error) {
	s, st, _, err := a.catalogueAndWorkspace()
	if err != nil {
		return gap.Analysis{}, err
	}
	return AnalyseGap(s, st)
}

// AnalyseGap runs the gap analysis over any record service, today: the control_status
// records and the records the evidence rules read.
func AnalyseGap(s *catalog.Standards, st ims.RecordService) (gap.Analysis, error) {
	in, err := gapInputs(st, time.Now().UTC().Format(time.DateOnly))
	if err != nil {
		return gap.Analysis{}, err
	}
	return gap.AnalyseWith(s, in)
}

// gapInputs reads what the gap analysis needs from a record service, for the day now.
func gapInputs(st ims.RecordService, now string) (gap.Inputs, error) {
	rules, err := EvidenceRules()
	if err != nil {
		return gap.Inputs{}, err
	}
	byKind := map[string][]ims.Record{}
	for _, kind := range rules.Kinds() {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: kind})
		if err != nil {
			return gap.Inputs{}, fmt.Errorf("list %s: %w", kind, err)
		}
		byKind[kind] = res.Records
	}
	res, err := st.ListRecords(bg, ims.ListQuery{Kind: StatusKind})
	if err != nil {
		return gap.Inputs{}, err
	}
	in := gapInputsFrom(rules, byKind, res.Records, now)
	return in, nil
}

// gapInputsFrom builds the gap analysis's inputs from records already read: the live
// records of the rules' kinds, and the control_status records (one per item; with two, the
// latest updated counts).
func gapInputsFrom(rules *gap.RuleSet, byKind map[string][]ims.Record, statusRecs []ims.Record, now string) gap.Inputs {
	in := gap.Inputs{Statuses: map[string]gap.Status{}, Attestations: map[string]gap.Attestation{},
		Rules: rules, Records: gap.NewRecords(byKind), Now: now}
	for ref, r := range latestStatus(statusRecs) {
		if v, ok := gap.ParseStatus(fieldText(r, "status")); ok {
			in.Statuses[ref] = v
			in.Attestations[ref] = gap.Attestation{RecordID: r.ID, Justification: fieldText(r, "justification"), Evidence: fieldText(r, "evidence")}
		}
	}
	return in
}

// SetStatuses sets the implementation status of many items at once (the bulk edit): it
// creates or updates one control_status record per item, through the record service, so
// every change is an op in the log with its actor. items are references "catalogue:id";
// status is one of not-started, planned, partial, implemented, not-applicable (or the same
// with spaces). Every input is checked before anything is written.
func (a *App) SetStatuses(items []string, status string) (SetStatusesResult, error) {
	want, ok := gap.ParseStatus(status)
	if !ok {
		return SetStatusesResult{}, ims.FieldErrorf("status", "Status: %q is not allowed; choose one of: not-started, planned, partial, implemented, not-applicable", status)
	}
	s, err := StandardsCatalogue()
	if err != nil {
		return SetStatusesResult{}, err
	}
	var refs []string
	for _, ref := range items {
		ref = strings.TrimSpace(ref)
		if slices.Contains(refs, ref) {
			continue
		}
		it, ok := s.Item(ref)
		if !ok {
			return SetStatusesResult{}, ims.FieldErrorf("items", "Items: %q is not a catalogue item; use catalogue:id, e.g. iso27001-2022:A.5.19", ref)
		}
		if want == gap.NotApplicable && mandatoryClause(ref, it) {
			return SetStatusesResult{}, ims.FieldErrorf("status", "Status: %s is a clause of the management system and cannot be not applicable; only Annex controls can be excluded", ref)
		}
		refs = append(refs, ref)
	}
	if len(refs) == 0 {
		return SetStatusesResult{}, ims.FieldErrorf("items", "Items: choose at least one item")
	}
	st, actor, err := a.writer()
	if err != nil {
		return SetStatusesResult{}, err
	}
	existing, err := statusRecordsAll(st)
	if err != nil {
		return SetStatusesResult{}, err
	}
	res := SetStatusesResult{Status: want, Created: []string{}, Updated: []string{}, Unchanged: []string{}}
	for _, ref := range refs {
		recs := existing[ref]
		if len(recs) == 0 {
			if _, err := st.CreateRecord(bg, actor, StatusKind, map[string]any{"item": ref, "status": want.Label()}); err != nil {
				return res, fmt.Errorf("set status of %s: %w", ref, err)
			}
			res.Created = append(res.Created, ref)
			continue
		}
		// Two records for one item (made on two devices before a sync) are both set, so
		// that they agree.
		changed := false
		for _, r := range recs {
			if cur, _ := gap.ParseStatus(fieldText(r, "status")); cur == want && len(r.Conflicts["status"]) == 0 {
				continue
			}
			if _, err := st.UpdateRecord(bg, actor, StatusKind, r.ID, map[string]any{"status": want.Label()}); err != nil {
				return res, fmt.Errorf("set status of %s: %w", ref, err)
			}
			changed = true
		}
		if changed {
			res.Updated = append(res.Updated, ref)
		} else {
			res.Unchanged = append(res.Unchanged, ref)
		}
	}
	return res, nil
}

// statusRecordsAll returns the live control_status records by item.
func statusRecordsAll(st ims.RecordService) (map[string][]ims.Record, error) {
	res, err := st.ListRecords(bg, ims.ListQuery{Kind: StatusKind})
	if err != nil {
		return nil, err
	}
	out := map[string][]ims.Record{}
	for _, r := range res.Records {
		ref := fieldText(r, "item")
		out[ref] = append(out[ref], r)
	}
	return out, nil
}

// statusRecords returns one record per item (the latest updated when there are two), for
// one item when ref is set.
func statusRecords(st ims.RecordService, ref string) (map[string]ims.Record, error) {
	q := ims.ListQuery{Kind: StatusKind}
	if ref != "" {
		q.Filters = map[string]string{"item": ref}
	}
	res, err := st.ListRecords(bg, q)
	if err != nil {
		return nil, err
	}
	return latestStatus(res.Records), nil
}

// latestStatus keeps one control_status record per item, the latest updated.
func latestStatus(recs []ims.Record) map[string]ims.Record {
	out := map[string]ims.Record{}
	for _, r := range recs {
		item := fieldText(r, "item")
		if prev, ok := out[item]; !ok || r.UpdatedAt > prev.UpdatedAt {
			out[item] = r
		}
	}
	return out
}

func fieldText(r ims.Record, name string) string {
	s, _ := r.Fields[name].(string)
	return s
}

// mandatoryClause says whether an item is a management-system requirement (clauses 4–10 of
// 42001, 27001 and 27701:2025; clause 5 of 27701:2019), which an organisation cannot declare
// not applicable. UK articles and 27701:2019's clause-6 control guidance can be.
func mandatoryClause(ref string, it catalog.Item) bool {
	cat, _, _ := catalog.SplitRef(ref)
	switch {
	case it.Kind != catalog.KindClause || cat == catalog.UKDP:
		return false
	case cat == catalog.ISO27701v2019:
		return it.ID == "5" || strings.HasPrefix(it.ID, "5.")
	}
	return true
}
