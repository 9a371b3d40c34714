package app

import (
	"encoding/base64"
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

// GeneratePack renders a PDF pack of the open workspace: kind is soa or gap; from and to
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
	k, err := reports.ParseKind(strings.TrimSpace(kind))
	if err != nil {
		return reports.PDF{}, "", ims.FieldErrorf("kind", "Kind: %q is not a pack; choose soa or gap", kind)
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
	if k == reports.KindGap {
		g, err := AnalyseGap(s, st)
		if err != nil {
			return snap, err
		}
		snap.Gap = &g
	}
	return snap, nil
}
