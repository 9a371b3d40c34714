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

// GeneratePack renders a PDF pack of the open workspace: kind is soa, gap, risk,
// ai-inventory, audit or management-review; from and to
// (YYYY-MM-DD, either may be empty) give the period printed on it.
func (a *App) GeneratePack(kind string, from, to string) (PackResult, error) {
	pdf, name, err := RenderPack(a, kind, from, to, time.Now())
	if err != nil {
		return PackResult{}, err
	}
	return PackResult{Kind: kind, FileName: name, Pages: pdf.Pages, PDF: base64.StdEncoding.EncodeToString(pdf.Bytes)}, nil
}

// RenderPack takes a snapshot of the open workspace and renders the pack; now is the
// generation time printed on it (reports never read the clock). The CLI calls it directly.
func RenderPack(a *App, kind, from, to string, now time.Time) (reports.PDF, string, error) {
	k, err := parsePackKind(kind)
	if err != nil {
		return reports.PDF{}, "", err
	}
	opts := reports.Options{
		From: strings.TrimSpace(from), To: strings.TrimSpace(to),
		Version: "1.0", Classification: "Confidential",
		Generated: now.UTC().Truncate(time.Second),
	}
	if err := opts.Validate(); err != nil {
		return reports.PDF{}, "", ims.Errorf(ims.EINVALID, "%s", strings.TrimPrefix(err.Error(), "reports: "))
	}
	if actor, err := a.s.workspaces.Identity(); err == nil && actor != nil {
		opts.Author = actor.Name
	}
	if k == reports.KindReview {
		snap, in, err := a.reviewSnapshot()
		if err != nil {
			return reports.PDF{}, "", err
		}
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
	s, err := StandardsCatalogue()
	if err != nil {
		return reports.Snapshot{}, err
	}
	st, info, err := a.s.Current()
	if err != nil {
		return reports.Snapshot{}, err
	}
	snap := reports.Snapshot{Organisation: info.Name, Standards: s, Records: map[string][]ims.Record{}}
	res, err := st.ListRecords(bg, ims.ListQuery{Kind: StatusKind})
	if err != nil {
		return snap, err
	}
	snap.Records[StatusKind] = res.Records
	if k == reports.KindRisk || k == reports.KindAI || k == reports.KindAudit {
		for _, kind := range reports.RegisterKinds {
			res, err := st.ListRecords(bg, ims.ListQuery{Kind: kind})
			if err != nil {
				return snap, fmt.Errorf("list %s: %w", kind, err)
			}
			snap.Records[kind] = res.Records
		}
	}
	if k == reports.KindGap {
		g, err := AnalyseGap(s, st)
		if err != nil {
			return snap, err
		}
		snap.Gap = &g
	}
	return snap, nil
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
	s, err := StandardsCatalogue()
	if err != nil {
		return reports.Snapshot{}, in, err
	}
	st, info, err := a.s.Current()
	if err != nil {
		return reports.Snapshot{}, in, err
	}
	snap := reports.Snapshot{Organisation: info.Name, Standards: s, Records: map[string][]ims.Record{}}
	for _, k := range reports.ReviewKinds {
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k})
		if err != nil {
			return snap, in, fmt.Errorf("list %s: %w", k, err)
		}
		snap.Records[k] = res.Records
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
