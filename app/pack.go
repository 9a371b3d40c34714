package app

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"keel/backend/ims"
	"keel/reports"
)

// PackResult is a generated PDF pack: the file as base64 (the UI saves or opens it), the
// suggested file name and its page count.
type PackResult struct {
	Kind     string `json:"kind"`
	FileName string `json:"file_name"`
	Pages    int    `json:"pages"`
	PDF      string `json:"pdf"` // base64 of the PDF bytes
}

// PackRequest is what the Packs screen and `keel pack` ask for.
type PackRequest struct {
	Kind string `json:"kind"`
	From string `json:"from"` // YYYY-MM-DD, may be empty
	To   string `json:"to"`
	// Standards narrows the Statement of Applicability (catalog IDs; one 27701 edition).
	Standards []string `json:"standards,omitempty"`
	// Review is the management_review record the management-review pack reports on; empty
	// takes the latest meeting in the period.
	Review         string `json:"review,omitempty"`
	Version        string `json:"version,omitempty"`        // default: the document register's version of the pack, else "1.0"
	Classification string `json:"classification,omitempty"` // default "Confidential"
	Approver       string `json:"approver,omitempty"`
	// NoLogo leaves the workspace's cover logo off.
	NoLogo bool `json:"no_logo,omitempty"`
	// Logo (base64 of a PNG or JPEG) is printed on this pack's cover instead of the
	// workspace's logo; `keel pack --logo FILE`.
	Logo string `json:"logo,omitempty"`
	// AsOf (YYYY-MM-DD) makes the pack from the workspace as it stood at the end of that
	// day (app/asof.go); empty: as it stands now.
	AsOf string `json:"as_of,omitempty"`
}

// PackInfo is one pack on offer, as the Packs screen lists it (reports.Packs).
type PackInfo struct {
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Short   string   `json:"short"`   // what the generate button calls it
	Summary string   `json:"summary"` // one line on what is in it
	Choices []string `json:"choices"` // the request fields it takes besides the period: standards, review
}

// Packs lists the packs Keel renders, in menu order. It needs no open workspace.
func (a *App) Packs() []PackInfo {
	var out []PackInfo
	for _, p := range reports.Packs() {
		out = append(out, PackInfo{Kind: string(p.Kind), Title: p.Title, Short: p.Short, Summary: p.Summary,
			Choices: append([]string{}, p.Choices...)})
	}
	return out
}

// packOptions checks a request and turns it into the pack and the render options.
func (a *App) packOptions(req PackRequest, now time.Time) (reports.Pack, reports.Options, error) {
	p, err := reports.Lookup(strings.TrimSpace(req.Kind))
	if err != nil {
		return p, reports.Options{}, ims.FieldErrorf("kind", "Kind: %s", strings.TrimPrefix(err.Error(), "reports: "))
	}
	opts := reports.Options{
		From: strings.TrimSpace(req.From), To: strings.TrimSpace(req.To),
		Version: strings.TrimSpace(req.Version), Classification: strings.TrimSpace(req.Classification),
		Approver: strings.TrimSpace(req.Approver), Standards: req.Standards, Review: strings.TrimSpace(req.Review),
		Generated: now.UTC().Truncate(time.Second),
	}
	if opts.StoodOn = strings.TrimSpace(req.AsOf); opts.StoodOn != "" {
		if _, err := ims.AsOfCut(opts.StoodOn, now); err != nil {
			return p, opts, err
		}
		opts.AsOf = opts.StoodOn // things are judged overdue on that day
	}
	if opts.Classification == "" {
		opts.Classification = "Confidential"
	}
	for name, v := range map[string]string{"version": opts.Version, "classification": opts.Classification, "approver": opts.Approver} {
		if len([]rune(v)) > 80 {
			return p, opts, ims.FieldErrorf(name, "%s: at most 80 characters", capitalise(name))
		}
	}
	if len(opts.Standards) > 0 && !p.Takes(reports.ChooseStandards) {
		return p, opts, ims.FieldErrorf("standards", "Standards: only the Statement of Applicability is narrowed to chosen standards")
	}
	if err := opts.Validate(); err != nil {
		msg := strings.TrimPrefix(err.Error(), "reports: ")
		field := "period"
		switch {
		case strings.Contains(msg, "logo"):
			field = "logo"
		case strings.Contains(msg, "standard") || strings.Contains(msg, "27701"):
			field = "standards"
		}
		return p, opts, ims.FieldErrorf(field, "%s", capitalise(msg))
	}
	if opts.Review != "" {
		if !p.Takes(reports.ChooseReview) {
			return p, opts, ims.FieldErrorf("review", "Review: only the management-review pack reports on a chosen review")
		}
		if _, err := a.reviewRecord(opts.Review); err != nil {
			return p, opts, err
		}
	}
	if actor, err := a.s.workspaces.Identity(); err == nil && actor != nil {
		opts.Author = actor.Name
	}
	switch {
	case req.Logo != "" && req.NoLogo:
		return p, opts, ims.FieldErrorf("logo", "Logo: give a logo or leave it off, not both")
	case req.Logo != "":
		b, err := base64.StdEncoding.DecodeString(req.Logo)
		if err != nil {
			return p, opts, ims.FieldErrorf("logo", "Logo: the file could not be read (not base64)")
		}
		if _, err := reports.LogoFormat(b); err != nil {
			return p, opts, ims.FieldErrorf("logo", "%s", capitalise(strings.TrimPrefix(err.Error(), "reports: ")))
		}
		opts.Logo = b
	case !req.NoLogo:
		logo, err := a.coverLogo()
		if err != nil {
			return p, opts, err
		}
		opts.Logo = logo
	}
	return p, opts, nil
}

// RenderPack takes a snapshot of the open workspace and renders the pack; now is the
// generation time printed on it (reports never read the clock). The CLI calls it directly.
func RenderPack(a *App, req PackRequest, now time.Time) (reports.PDF, string, error) {
	p, opts, err := a.packOptions(req, now)
	if err != nil {
		return reports.PDF{}, "", err
	}
	return a.renderPack(p, opts)
}

// renderPack is the one way every pack is made: a snapshot of what it reads, then its
// Render function.
func (a *App) renderPack(p reports.Pack, opts reports.Options) (reports.PDF, string, error) {
	snap, err := a.packSnapshot(p, opts.StoodOn)
	if err != nil {
		return reports.PDF{}, "", err
	}
	pdf, err := p.Render(snap, opts)
	if err != nil {
		return reports.PDF{}, "", err
	}
	return pdf, reports.FileName(p.Kind, opts), nil
}

// packSnapshot reads what a pack needs from the open workspace, once: the catalogue, the
// live records of the kinds it reads, the history of those it asks for, the gap analysis.
// Every read goes through one view of the workspace: as it stood at the end of asOf, or
// as it stands when asOf is empty.
func (a *App) packSnapshot(p reports.Pack, asOf string) (reports.Snapshot, error) {
	s, ws, info, err := a.catalogueAndWorkspace()
	if err != nil {
		return reports.Snapshot{}, err
	}
	st, err := recordsAt(ws, asOf)
	if err != nil {
		return reports.Snapshot{}, err
	}
	snap := reports.Snapshot{Organisation: info.Name, LegalName: info.Organisation.LegalName, Registered: info.Organisation.RegisteredNumber,
		Address: info.Organisation.Address, Standards: s, Records: map[string][]ims.Record{}, History: map[string][]ims.HistoryEntry{}}
	if snap.Document, snap.DocumentHistory, err = packDocument(st, p.Title); err != nil {
		return snap, fmt.Errorf("the pack's document control: %w", err)
	}
	for _, kind := range p.Reads {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: kind})
		if err != nil {
			return snap, fmt.Errorf("list %s: %w", kind, err)
		}
		snap.Records[kind] = res.Records
	}
	for _, kind := range p.HistoryOf {
		for _, r := range snap.Records[kind] {
			h, err := st.History(bg, kind, r.ID)
			if err != nil {
				return snap, fmt.Errorf("history of %s: %w", r.ID, err)
			}
			snap.History[r.ID] = h
		}
	}
	if p.NeedsGap {
		g, err := AnalyseGap(snap.Standards, st)
		if err != nil {
			return snap, err
		}
		snap.Gap = &g
	}
	return snap, nil
}

// reviewSnapshot is the management-review pack's snapshot, for the review screen's
// inputs (ReviewInputs), which reads the same records and history as the pack.
func (a *App) reviewSnapshot() (reports.Snapshot, error) {
	p, err := reports.Lookup(string(reports.KindReview))
	if err != nil {
		return reports.Snapshot{}, err
	}
	return a.packSnapshot(p, "")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
