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
	Version        string `json:"version,omitempty"`        // default "1.0"
	Classification string `json:"classification,omitempty"` // default "Confidential"
	Approver       string `json:"approver,omitempty"`
	// NoLogo leaves the workspace's cover logo off.
	NoLogo bool `json:"no_logo,omitempty"`
	// Logo (base64 of a PNG or JPEG) is printed on this pack's cover instead of the
	// workspace's logo; `keel pack --logo FILE`.
	Logo string `json:"logo,omitempty"`
}

// GeneratePack renders a PDF pack of the open workspace: kind is soa, gap, risk,
// ai-inventory, audit or management-review; from and to
// (YYYY-MM-DD, either may be empty) give the period printed on it.
func (a *App) GeneratePack(kind string, from, to string) (PackResult, error) {
	pdf, name, err := RenderPack(a, PackRequest{Kind: kind, From: from, To: to}, time.Now())
	if err != nil {
		return PackResult{}, err
	}
	return PackResult{Kind: kind, FileName: name, Pages: pdf.Pages, PDF: base64.StdEncoding.EncodeToString(pdf.Bytes)}, nil
}

// packOptions checks a request and turns it into the kind and the render options.
func (a *App) packOptions(req PackRequest, now time.Time) (reports.Kind, reports.Options, error) {
	k, err := parsePackKind(req.Kind)
	if err != nil {
		return "", reports.Options{}, err
	}
	opts := reports.Options{
		From: strings.TrimSpace(req.From), To: strings.TrimSpace(req.To),
		Version: strings.TrimSpace(req.Version), Classification: strings.TrimSpace(req.Classification),
		Approver: strings.TrimSpace(req.Approver), Standards: req.Standards,
		Generated: now.UTC().Truncate(time.Second),
	}
	if opts.Version == "" {
		opts.Version = "1.0"
	}
	if opts.Classification == "" {
		opts.Classification = "Confidential"
	}
	for name, v := range map[string]string{"version": opts.Version, "classification": opts.Classification, "approver": opts.Approver} {
		if len([]rune(v)) > 80 {
			return "", opts, ims.FieldErrorf(name, "%s: at most 80 characters", capitalise(name))
		}
	}
	if len(opts.Standards) > 0 && k != reports.KindSoA {
		return "", opts, ims.FieldErrorf("standards", "Standards: only the Statement of Applicability is narrowed to chosen standards")
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
		return "", opts, ims.FieldErrorf(field, "%s", capitalise(msg))
	}
	if req.Review != "" {
		if k != reports.KindReview {
			return "", opts, ims.FieldErrorf("review", "Review: only the management-review pack reports on a chosen review")
		}
		if _, err := a.reviewRecord(req.Review); err != nil {
			return "", opts, err
		}
	}
	if actor, err := a.s.workspaces.Identity(); err == nil && actor != nil {
		opts.Author = actor.Name
	}
	switch {
	case req.Logo != "" && req.NoLogo:
		return "", opts, ims.FieldErrorf("logo", "Logo: give a logo or leave it off, not both")
	case req.Logo != "":
		b, err := base64.StdEncoding.DecodeString(req.Logo)
		if err != nil {
			return "", opts, ims.FieldErrorf("logo", "Logo: the file could not be read (not base64)")
		}
		if _, err := reports.LogoFormat(b); err != nil {
			return "", opts, ims.FieldErrorf("logo", "%s", capitalise(strings.TrimPrefix(err.Error(), "reports: ")))
		}
		opts.Logo = b
	case !req.NoLogo:
		logo, err := a.coverLogo()
		if err != nil {
			return "", opts, err
		}
		opts.Logo = logo
	}
	return k, opts, nil
}

// RenderPack takes a snapshot of the open workspace and renders the pack; now is the
// generation time printed on it (reports never read the clock). The CLI calls it directly.
func RenderPack(a *App, req PackRequest, now time.Time) (reports.PDF, string, error) {
	k, opts, err := a.packOptions(req, now)
	if err != nil {
		return reports.PDF{}, "", err
	}
	return a.renderPack(k, opts, req.Review)
}

func (a *App) renderPack(k reports.Kind, opts reports.Options, reviewID string) (reports.PDF, string, error) {
	if k == reports.KindReview {
		snap, in, err := a.reviewSnapshot()
		if err != nil {
			return reports.PDF{}, "", err
		}
		in.Review = reviewID // checked by packOptions
		pdf, err := reports.ReviewPack(snap, opts, in)
		if err != nil {
			return reports.PDF{}, "", err
		}
		return pdf, reports.FileName(k, opts), nil
	}
	snap, err := a.packSnapshot(k)
	if err != nil {
		return reports.PDF{}, "", err
	}
	pdf, err := reports.Render(k, snap, opts)
	if err != nil {
		return reports.PDF{}, "", err
	}
	return pdf, reports.FileName(k, opts), nil
}

// packSnapshot reads what a pack needs from the open workspace, once.
func (a *App) packSnapshot(k reports.Kind) (reports.Snapshot, error) {
	snap, st, err := a.snapshot(k)
	if err != nil || k != reports.KindGap {
		return snap, err
	}
	g, err := AnalyseGap(snap.Standards, st)
	if err != nil {
		return snap, err
	}
	snap.Gap = &g
	return snap, nil
}

// snapshot takes the catalogue and the live records of the kinds a pack reads.
func (a *App) snapshot(k reports.Kind) (reports.Snapshot, WorkspaceStore, error) {
	s, err := StandardsCatalogue()
	if err != nil {
		return reports.Snapshot{}, nil, err
	}
	st, info, err := a.s.Current()
	if err != nil {
		return reports.Snapshot{}, nil, err
	}
	snap := reports.Snapshot{Organisation: info.Name, Standards: s, Records: map[string][]ims.Record{}}
	for _, kind := range reports.RecordKinds(k) {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: kind})
		if err != nil {
			return snap, st, fmt.Errorf("list %s: %w", kind, err)
		}
		snap.Records[kind] = res.Records
	}
	return snap, st, nil
}

// parsePackKind accepts the packs of reports.Kinds and the management-review pack, which
// reports renders through ReviewPack (it reads history besides the snapshot).
func parsePackKind(kind string) (reports.Kind, error) {
	kind = strings.TrimSpace(kind)
	if kind == string(reports.KindReview) {
		return reports.KindReview, nil
	}
	k, err := reports.ParseKind(kind)
	if err != nil {
		return "", ims.FieldErrorf("kind", "Kind: %q is not a pack; choose soa, gap, risk, ai-inventory, audit or management-review", kind)
	}
	return k, nil
}

// reviewSnapshot reads what the management-review pack needs from the open workspace:
// the live records of every register it reads, and the AI systems' history for their
// stage changes. The pack picks the review meeting dated in the period.
func (a *App) reviewSnapshot() (reports.Snapshot, reports.ReviewInput, error) {
	in := reports.ReviewInput{History: map[string][]ims.HistoryEntry{}}
	snap, st, err := a.snapshot(reports.KindReview)
	if err != nil {
		return snap, in, err
	}
	for _, r := range snap.Records["ai_system"] {
		h, err := st.History(bg, "ai_system", r.ID)
		if err != nil {
			return snap, in, fmt.Errorf("history of %s: %w", r.ID, err)
		}
		in.History[r.ID] = h
	}
	return snap, in, nil
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
