package app

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"keel/backend/gap"
	"keel/backend/ims"
	"keel/backend/overview"
	"keel/backend/risk"
	"keel/backend/sync"
)

// OverviewQuery sorts and filters the overview: Sort is one of overview.SortKeys.
type OverviewQuery struct {
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
	Filter string `json:"filter"`
}

// Overview is the consultant's overview: every workspace on this device with its figures,
// from the same gap engine as the gap screen. Each workspace is opened, read and closed
// in turn (the open one is read where it is); one another Keel has open shows as busy.
func (a *App) Overview(q OverviewQuery) ([]overview.WorkspaceRow, error) {
	all, err := a.Workspaces()
	if err != nil {
		return nil, err
	}
	rows := make([]overview.WorkspaceRow, 0, len(all))
	for _, info := range all {
		rows = append(rows, a.overviewRow(info))
	}
	rows = overview.Filter(rows, q.Filter)
	overview.Sort(rows, q.Sort, q.Desc)
	return rows, nil
}

// overviewRow is one workspace's row: its figures, or why there are none.
func (a *App) overviewRow(info ims.WorkspaceInfo) overview.WorkspaceRow {
	row := overview.WorkspaceRow{WorkspaceInfo: info, Organisation: info.Organisation.LegalName, State: overview.StateOK}
	if row.Organisation == "" {
		row.Organisation = info.Name
	}
	f, err := a.workspaceFigures(info)
	switch {
	case err == nil:
		row.Figures = &f
	case ims.ErrorCode(err) == ims.ECONFLICT:
		row.State, row.Message = overview.StateBusy, "open in another Keel"
	default:
		row.State, row.Message = overview.StateError, ims.ErrorMessageOr(err)
	}
	return row
}

// workspaceFigures reads one workspace's figures: the open store when it is the open
// workspace, else the workspace opened for the read and closed straight after.
func (a *App) workspaceFigures(info ims.WorkspaceInfo) (f overview.Figures, err error) {
	var st WorkspaceStore
	if cur, _, cerr := a.s.Current(); cerr == nil && info.Current {
		st = cur
	} else {
		if st, err = a.s.open(info, nil); err != nil {
			return f, err
		}
		defer func() { err = errors.Join(err, st.Close()) }()
	}
	f, err = figuresOf(st, time.Now())
	if err != nil {
		return f, err
	}
	if cfg, cerr := sync.LoadConfig(info.Path); cerr == nil && cfg != nil {
		f.SyncFolder, f.LastSync = cfg.Folder, cfg.LastAt
	}
	return f, nil
}

// figuresOf reads every register the figures need once and works them out.
func figuresOf(st WorkspaceStore, now time.Time) (overview.Figures, error) {
	rules, err := EvidenceRules()
	if err != nil {
		return overview.Figures{}, err
	}
	kinds := append(append(append([]string{StatusKind, "risk_method"}, rules.Kinds()...), gap.ReadinessKinds...), overview.Kinds...)
	for _, k := range ims.Kinds() {
		if slices.ContainsFunc(k.Fields, func(f ims.Field) bool { return f.Due }) {
			kinds = append(kinds, k.Name)
		}
	}
	byKind := map[string][]ims.Record{}
	for _, k := range kinds {
		if _, done := byKind[k]; done {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k})
		if err != nil {
			return overview.Figures{}, fmt.Errorf("list %s: %w", k, err)
		}
		byKind[k] = res.Records
	}
	ruleRecs := map[string][]ims.Record{}
	for _, k := range rules.Kinds() {
		ruleRecs[k] = byKind[k]
	}
	s, err := StandardsCatalogue()
	if err != nil {
		return overview.Figures{}, err
	}
	an, err := gap.AnalyseWith(s, gapInputsFrom(rules, ruleRecs, byKind[StatusKind], now.UTC().Format(time.DateOnly)))
	if err != nil {
		return overview.Figures{}, err
	}
	proofs := gap.Readiness(an, byKind, risk.MethodOf(byKind["risk_method"]))
	var last *ims.Change
	if ch, err := st.RecentChanges(bg, 1); err == nil && len(ch) > 0 {
		last = &ch[0]
	}
	return overview.Compute(an, proofs, byKind, last, now), nil
}
