package app

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"keel/backend/bundle"
	"keel/backend/ims"
	"keel/backend/workspace"
)

// The auditor's side of an evidence bundle: a bundle opened read-only beside (never into)
// any workspace, the auditor's notes and findings kept in the auditor's own folder of
// Keel's data folder, and the response signed with the auditor's own key made there once.
//
//	<data>/auditor-key                          the auditor's ed25519 key (AuditorKeyFile, bundle.go)
//	<data>/auditor/<manifest sha256>.json       the notes and findings on one bundle

// auditorState is the session's open bundle and where the auditor's own data lives.
type auditorState struct {
	mu     sync.Mutex
	path   string
	reader *bundle.Reader
	report *bundle.Report
	// openDialog asks which file to open (the desktop's native dialog); nil in a browser.
	openDialog func(title, pattern string) (string, error)
}

// SetOpenDialog gives the session the window's native "open file" dialog.
func (s *Session) SetOpenDialog(f func(title, pattern string) (string, error)) {
	s.auditor.mu.Lock()
	s.auditor.openDialog = f
	s.auditor.mu.Unlock()
}

// closeBundle closes the open bundle, if any (the session's Close calls it too).
func (s *Session) closeBundle() error {
	s.auditor.mu.Lock()
	defer s.auditor.mu.Unlock()
	var err error
	if s.auditor.reader != nil {
		err = s.auditor.reader.Close()
	}
	s.auditor.reader, s.auditor.report, s.auditor.path = nil, nil, ""
	return err
}

// AuditedRegister is one register in the open bundle and how many records it holds.
type AuditedRegister struct {
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Records int    `json:"records"`
}

// AuditedBundle is the open bundle as the auditor view shows it: the verification (intact,
// or every problem, with the signer's fingerprint), what it covers, its registers and packs.
type AuditedBundle struct {
	Path      string            `json:"path"`
	Report    bundle.Report     `json:"report"`
	Registers []AuditedRegister `json:"registers"`
	Packs     []string          `json:"packs"` // packs/*.pdf paths
	// AuditorFingerprint is the key the response will be signed with.
	AuditorFingerprint string `json:"auditorFingerprint"`
}

// ChooseFile asks for a file in the desktop's open dialog: what is "bundle" (an evidence
// bundle, *.zip) or "response" (an auditor's response, *.json). "" when cancelled.
func (a *App) ChooseFile(what string) (string, error) {
	a.s.auditor.mu.Lock()
	dialog := a.s.auditor.openDialog
	a.s.auditor.mu.Unlock()
	title, pattern := "Open an evidence bundle", "*.zip"
	switch what {
	case "bundle":
	case "response":
		title, pattern = "Import an auditor's response", "*.json"
	default:
		return "", ims.FieldErrorf("what", "Choose a bundle or a response, not %q", what)
	}
	if dialog == nil {
		return "", ims.Errorf(ims.EFORBIDDEN, "choosing a file needs the desktop window; give the file's path instead")
	}
	path, err := dialog(title, pattern)
	if err != nil {
		return "", ims.Errorf(ims.EINTERNAL, "the open dialog failed: %v", err)
	}
	return path, nil
}

// OpenBundle opens an evidence bundle read-only for the auditor view, closing the one open
// before. It opens even when verification finds problems (the banner lists them); it fails
// when the file is not a bundle. Nothing is written to any workspace.
func (a *App) OpenBundle(path string) (AuditedBundle, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return AuditedBundle{}, ims.FieldErrorf("path", "Give the path of the bundle (.zip)")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return AuditedBundle{}, ims.FieldErrorf("path", "%q is not a path", path)
	}
	r, rep, err := bundle.Open(abs)
	if errors.Is(err, os.ErrNotExist) {
		return AuditedBundle{}, ims.FieldErrorf("path", "There is no file at %s", abs)
	}
	if err != nil {
		if ims.ErrorCode(err) == ims.EINVALID {
			return AuditedBundle{}, err
		}
		return AuditedBundle{}, ims.Errorf(ims.EINVALID, "%s is not an evidence bundle Keel can open: %v", abs, err)
	}
	if err := a.s.closeBundle(); err != nil {
		a.s.Log.Warn("close bundle", "err", err)
	}
	a.s.auditor.mu.Lock()
	a.s.auditor.path, a.s.auditor.reader, a.s.auditor.report = abs, r, rep
	a.s.auditor.mu.Unlock()
	return a.CurrentBundle()
}

// CloseBundle closes the bundle the auditor view shows.
func (a *App) CloseBundle() error { return a.s.closeBundle() }

// openBundle is the open bundle, or a forbidden error saying to open one.
func (a *App) openBundle() (*bundle.Reader, *bundle.Report, string, error) {
	a.s.auditor.mu.Lock()
	defer a.s.auditor.mu.Unlock()
	if a.s.auditor.reader == nil {
		return nil, nil, "", ims.Errorf(ims.EFORBIDDEN, "no evidence bundle is open: open one first (File › Open bundle…)")
	}
	return a.s.auditor.reader, a.s.auditor.report, a.s.auditor.path, nil
}

// CurrentBundle describes the open bundle.
func (a *App) CurrentBundle() (AuditedBundle, error) {
	r, rep, path, err := a.openBundle()
	if err != nil {
		return AuditedBundle{}, err
	}
	out := AuditedBundle{Path: path, Report: *rep, Registers: []AuditedRegister{}, Packs: []string{}}
	for _, k := range r.Registers() {
		reg := AuditedRegister{Kind: k, Label: k}
		if kind, err := ims.KindByName(k); err == nil {
			reg.Label = kind.Plural
		}
		if recs, err := r.Records(k); err == nil {
			reg.Records = len(recs)
		}
		out.Registers = append(out.Registers, reg)
	}
	slices.SortFunc(out.Registers, func(x, y AuditedRegister) int { return strings.Compare(x.Label, y.Label) })
	for _, f := range r.Manifest().Files {
		if strings.HasPrefix(f.Path, "packs/") && strings.HasSuffix(f.Path, ".pdf") {
			out.Packs = append(out.Packs, f.Path)
		}
	}
	if key, err := a.auditorKey(); err == nil {
		out.AuditorFingerprint = bundle.Fingerprint(key.Public().(ed25519.PublicKey))
	}
	return out, nil
}

// bundleWith is the open bundle when it holds the register.
func (a *App) bundleWith(register string) (*bundle.Reader, error) {
	r, _, _, err := a.openBundle()
	if err == nil && !slices.Contains(r.Registers(), register) {
		err = ims.Errorf(ims.ENOTFOUND, "the bundle holds no %s register", register)
	}
	return r, err
}

// BundleRecords returns the records of one register of the open bundle.
func (a *App) BundleRecords(register string) ([]ims.Record, error) {
	r, err := a.bundleWith(register)
	if err != nil {
		return nil, err
	}
	return r.Records(register)
}

// BundleHistory returns who changed what, and when, in one register of the open bundle.
func (a *App) BundleHistory(register string) ([]bundle.HistoryLine, error) {
	r, err := a.bundleWith(register)
	if err != nil {
		return nil, err
	}
	return r.History(register)
}

// BundleEvidence lists the open bundle's evidence files with the metadata and records the
// bundle's records give them; stale as of the day the bundle was made.
func (a *App) BundleEvidence() ([]EvidenceFileInfo, error) {
	r, rep, _, err := a.openBundle()
	if err != nil {
		return nil, err
	}
	var all []ims.Record
	for _, k := range r.Registers() {
		recs, err := r.Records(k)
		if err != nil {
			continue // the banner reports the altered file
		}
		all = append(all, recs...)
	}
	today := time.Now().Format(time.DateOnly)
	if m := rep.Manifest; m != nil && len(m.GeneratedAt) >= 10 {
		today = m.GeneratedAt[:10]
	}
	size := map[string]int64{}
	for _, e := range r.Evidence() {
		size[e.SHA256] = e.Size
	}
	out := []EvidenceFileInfo{}
	for _, it := range ims.IndexEvidence(all, today) {
		if n, ok := size[it.SHA256]; ok {
			out = append(out, EvidenceFileInfo{EvidenceItem: it, Size: n})
		}
	}
	return out, nil
}

// bundleFile streams a file of the open bundle: an evidence file by hash, or a listed path.
func (a *App) bundleFile(sha256, path string) (io.ReadCloser, string, error) {
	r, _, _, err := a.openBundle()
	if err != nil {
		return nil, "", err
	}
	if sha256 != "" {
		path = r.EvidencePath(sha256)
		if path == "" {
			return nil, "", ims.Errorf(ims.ENOTFOUND, "the bundle has no evidence file %s", sha256)
		}
	}
	f, err := r.Open(path)
	return f, filepath.Base(path), err
}

// AuditorNotes are the auditor's sampling notes and findings on one bundle, kept in the
// auditor's own data until the response is exported (and after, to export it again).
type AuditorNotes struct {
	Auditor       bundle.Auditor           `json:"auditor"` // name and organisation; the key is filled on export
	SamplingNotes string                   `json:"samplingNotes"`
	Findings      []bundle.ResponseFinding `json:"findings"`
	UpdatedAt     string                   `json:"updatedAt,omitempty"`
}

// dataDir is Keel's data folder, where the auditor's own data lives (the key: auditorKey).
func (a *App) dataDir() (string, error) {
	w, ok := a.s.workspaces.(workspace.Workspaces)
	if !ok {
		return "", ims.Errorf(ims.EFORBIDDEN, "this build keeps no data folder for an auditor's notes")
	}
	return w.Root, nil
}

func (a *App) notesPath() (string, *bundle.Report, error) {
	_, rep, _, err := a.openBundle()
	if err != nil {
		return "", nil, err
	}
	dir, err := a.dataDir()
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "auditor", rep.ManifestHash+".json"), rep, nil
}

// BundleNotes returns the auditor's notes and findings on the open bundle (empty at first,
// the auditor named after this device's identity).
func (a *App) BundleNotes() (AuditorNotes, error) {
	path, _, err := a.notesPath()
	if err != nil {
		return AuditorNotes{}, err
	}
	n := AuditorNotes{Findings: []bundle.ResponseFinding{}}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if actor, err := a.s.Actor(); err == nil {
			n.Auditor.Name = actor.Name
		}
		return n, nil
	case err != nil:
		return n, fmt.Errorf("read the auditor's notes: %w", err)
	}
	if err := json.Unmarshal(b, &n); err != nil {
		return n, fmt.Errorf("read the auditor's notes %s: %w", path, err)
	}
	if n.Findings == nil {
		n.Findings = []bundle.ResponseFinding{}
	}
	return n, nil
}

// response is the notes as an unsigned response to the open bundle, checked: each finding
// names a known grade and, if any, a catalogue item that exists, and samples only records
// and evidence files of this bundle.
func (a *App) response(n AuditorNotes) (bundle.Response, error) {
	r, rep, _, err := a.openBundle()
	if err != nil {
		return bundle.Response{}, err
	}
	resp := bundle.Response{Format: bundle.ResponseFormat, BundleManifestHash: rep.ManifestHash,
		Auditor:       bundle.Auditor{Name: strings.TrimSpace(n.Auditor.Name), Organisation: strings.TrimSpace(n.Auditor.Organisation)},
		SamplingNotes: strings.TrimSpace(n.SamplingNotes), Findings: n.Findings, SignedAt: time.Now().UTC().Format(time.RFC3339)}
	if m := rep.Manifest; m != nil {
		resp.Bundle = bundle.ResponseBundle{Organisation: m.Organisation, GeneratedAt: m.GeneratedAt, Fingerprint: rep.Fingerprint}
	}
	if resp.Findings == nil {
		resp.Findings = []bundle.ResponseFinding{}
	}
	ids := map[string]bool{}
	for _, k := range r.Registers() {
		recs, _ := r.Records(k)
		for _, rec := range recs {
			ids[rec.ID] = true
		}
	}
	for i, f := range resp.Findings {
		f.Text = strings.TrimSpace(f.Text)
		f.Requirement = strings.TrimSpace(f.Requirement)
		if f.Records == nil {
			f.Records = []string{}
		}
		if f.Evidence == nil {
			f.Evidence = []string{}
		}
		resp.Findings[i] = f
		if f.Requirement != "" && !catalogueHasItem(f.Requirement) {
			return resp, ims.FieldErrorf("findings", "Finding %d: %q is not an item of the standards catalogue", i+1, f.Requirement)
		}
		for _, id := range f.Records {
			if !ids[id] {
				return resp, ims.FieldErrorf("findings", "Finding %d samples record %s, which is not in this bundle", i+1, id)
			}
		}
		for _, h := range f.Evidence {
			if r.EvidencePath(h) == "" {
				return resp, ims.FieldErrorf("findings", "Finding %d samples evidence %s, which is not in this bundle", i+1, h)
			}
		}
	}
	if err := resp.Validate(); err != nil {
		return resp, ims.FieldErrorf("findings", "%s", upperFirst(err.Error()))
	}
	return resp, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// SaveBundleNotes checks and keeps the auditor's notes and findings on the open bundle, in
// the auditor's own folder (never in a workspace).
func (a *App) SaveBundleNotes(n AuditorNotes) (AuditorNotes, error) {
	path, _, err := a.notesPath()
	if err != nil {
		return AuditorNotes{}, err
	}
	resp, err := a.response(n)
	if err != nil {
		return AuditorNotes{}, err
	}
	out := AuditorNotes{Auditor: resp.Auditor, SamplingNotes: resp.SamplingNotes, Findings: resp.Findings, UpdatedAt: resp.SignedAt}
	b, _ := json.MarshalIndent(out, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return AuditorNotes{}, fmt.Errorf("keep the auditor's notes: %w", err)
	}
	if err := workspace.WriteFileAtomicPerm(path, b, 0o600); err != nil {
		return AuditorNotes{}, fmt.Errorf("keep the auditor's notes: %w", err)
	}
	return out, nil
}

// ResponseExport is a signed response: where it was written, or its bytes for the UI to save.
type ResponseExport struct {
	Path          string `json:"path,omitempty"`
	Name          string `json:"name"`
	ContentBase64 string `json:"contentBase64,omitempty"`
	Fingerprint   string `json:"fingerprint"` // the auditor's key
	Findings      int    `json:"findings"`
}

// ExportResponse signs the saved notes and findings with the auditor's key, bound to the
// open bundle's manifest hash, and writes the response to out; with out "" it returns the
// bytes for the UI to save.
func (a *App) ExportResponse(out string) (ResponseExport, error) {
	n, err := a.BundleNotes()
	if err != nil {
		return ResponseExport{}, err
	}
	resp, err := a.response(n)
	if err != nil {
		return ResponseExport{}, err
	}
	if resp.Auditor.Name == "" {
		return ResponseExport{}, ims.FieldErrorf("auditor", "Give the auditor's name before exporting the response")
	}
	if _, rep, _, _ := a.openBundle(); !rep.OK {
		return ResponseExport{}, ims.Errorf(ims.EINVALID, "the bundle does not verify (%s): a response must answer an intact bundle", rep.Summary())
	}
	key, err := a.auditorKey()
	if err != nil {
		return ResponseExport{}, fmt.Errorf("the auditor's key: %w", err)
	}
	var buf bytes.Buffer
	if err := bundle.WriteResponse(&buf, resp, key); err != nil {
		return ResponseExport{}, ims.Errorf(ims.EINVALID, "the response cannot be signed: %v", err)
	}
	res := ResponseExport{Name: "audit-response-" + resp.BundleManifestHash[:12] + ".json",
		Fingerprint: bundle.Fingerprint(key.Public().(ed25519.PublicKey)), Findings: len(resp.Findings)}
	if out = strings.TrimSpace(out); out == "" {
		res.ContentBase64 = base64.StdEncoding.EncodeToString(buf.Bytes())
		return res, nil
	}
	if err := workspace.WriteFileAtomicPerm(out, buf.Bytes(), 0o644); err != nil {
		return ResponseExport{}, ims.Errorf(ims.EINVALID, "could not write %s: %v", out, err)
	}
	res.Path = out
	return res, nil
}
