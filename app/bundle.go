package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"encoding/json"

	"keel/backend/bundle"
	"keel/backend/ims"
	"keel/backend/workspace"
	"keel/reports"
)

// The auditor's evidence bundle (docs/bundle.md): exported as a job with progress and
// cancel, signed with the workspace's bundle key (made once, kept in the workspace
// folder); the auditor's signed response imported back as findings and nonconformities.

// BundleRequest is what the export dialog and `keel bundle export` ask for.
type BundleRequest struct {
	// Path is the ZIP to write; "" saves it in the workspace's bundles folder.
	Path      string   `json:"path,omitempty"`
	From      string   `json:"from,omitempty"` // YYYY-MM-DD
	To        string   `json:"to,omitempty"`
	Standards []string `json:"standards,omitempty"` // catalogue IDs; narrows the Statement of Applicability
	Registers []string `json:"registers,omitempty"` // kind names; empty: every register
}

// BundleKeyInfo is the workspace's bundle key as Settings shows it: the fingerprint the
// client tells the auditor by another channel.
type BundleKeyInfo struct {
	Fingerprint string `json:"fingerprint"` // SHA256:… as ssh-keygen prints it
	PublicKey   string `json:"public_key"`  // ssh-ed25519 AAAA…
}

// BundleExport is a finished export.
type BundleExport struct {
	Path         string `json:"path"`
	Bytes        int64  `json:"bytes"`
	Files        int    `json:"files"`
	Fingerprint  string `json:"fingerprint"`
	ManifestHash string `json:"manifest_hash"`
}

// bundleKey returns the open workspace's bundle key, making it the first time.
func (a *App) bundleKey() (ed25519.PrivateKey, ims.WorkspaceInfo, error) {
	_, info, err := a.s.Current()
	if err != nil {
		return nil, info, err
	}
	key, err := bundle.LoadOrCreateKey(filepath.Join(info.Path, bundle.KeyFile))
	return key, info, err
}

// BundleKey returns the fingerprint of the open workspace's bundle key, making the key
// the first time it is asked for.
func (a *App) BundleKey() (BundleKeyInfo, error) {
	key, _, err := a.bundleKey()
	if err != nil {
		return BundleKeyInfo{}, err
	}
	pub := key.Public().(ed25519.PublicKey)
	return BundleKeyInfo{Fingerprint: bundle.Fingerprint(pub), PublicKey: bundle.AuthorizedKey(pub)}, nil
}

// StartBundleExport checks the request (errors come back at once, by field) and writes
// the bundle in the background as a job of kind "bundle": poll PackStatus, stop with
// CancelPack (a cancelled export leaves no file). When done the job's path, folder,
// file_name and bytes give the ZIP, and its step names the signing key's fingerprint.
func (a *App) StartBundleExport(req BundleRequest) (PackJob, error) {
	if _, err := bundle.NormaliseScope(bundleScope(req)); err != nil {
		return PackJob{}, err
	}
	if _, _, err := a.bundleKey(); err != nil {
		return PackJob{}, err
	}
	now := time.Now()
	return a.startJob("bundle", "Reading the workspace", func(ctx context.Context, step func(int, string)) (func(*PackJob), func(), error) {
		res, err := ExportBundle(ctx, a, req, now, func(done, total int64) {
			step(int(95*done/max(total, 1)), "Writing the bundle")
		})
		return func(v *PackJob) {
			v.Path, v.Folder, v.FileName, v.Bytes = res.Path, filepath.Dir(res.Path), filepath.Base(res.Path), int(res.Bytes)
			v.Step = "Done: signed by " + res.Fingerprint
		}, func() { _ = os.Remove(res.Path) }, err
	}), nil
}

func bundleScope(req BundleRequest) bundle.Scope {
	return bundle.Scope{From: req.From, To: req.To, Standards: req.Standards, Registers: req.Registers}
}

// ExportBundle writes the open workspace's bundle (the CLI calls it directly; now is the
// generation time). The ZIP appears only when it is complete.
func ExportBundle(ctx context.Context, a *App, req BundleRequest, now time.Time, progress func(done, total int64)) (BundleExport, error) {
	st, info, err := a.s.Current()
	if err != nil {
		return BundleExport{}, err
	}
	key, _, err := a.bundleKey()
	if err != nil {
		return BundleExport{}, err
	}
	path := strings.TrimSpace(req.Path)
	if path == "" {
		if path, err = freeName(filepath.Join(info.Path, "bundles"), bundleFileName(info.Name, now)); err != nil {
			return BundleExport{}, err
		}
	}
	org := info.Organisation.LegalName // the legal entity, as on the packs' covers
	if strings.TrimSpace(org) == "" {
		org = info.Name
	}
	src := bundle.Source{
		Workspace: bundle.Workspace{ID: info.ID, Name: info.Name}, Organisation: org,
		Generator: "Keel " + a.s.version, Records: st, Evidence: st.Evidence(),
		Packs: func(ctx context.Context, scope bundle.Scope, add func(string, []byte) error) error {
			return a.bundlePacks(ctx, scope, now, add)
		},
	}
	m, err := bundle.ExportFile(ctx, path, src, bundle.Options{Scope: bundleScope(req), Key: key, Now: now}, progress)
	if err != nil {
		return BundleExport{}, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return BundleExport{}, err
	}
	hash, err := bundle.ManifestHash(m)
	if err != nil {
		return BundleExport{}, err
	}
	res := BundleExport{Path: path, Bytes: fi.Size(), Files: len(m.Files), Fingerprint: m.Signer.Fingerprint, ManifestHash: hash}
	if err := recordBundle(info, func(l *bundleLog) {
		l.Exported = append(l.Exported, exportedBundle{ManifestHash: res.ManifestHash, GeneratedAt: m.GeneratedAt, File: filepath.Base(path)})
	}); err != nil {
		return res, fmt.Errorf("the bundle was written, but the workspace could not note it (a response to it will be refused): %w", err)
	}
	return res, nil
}

// bundlePacks renders every pack of the registry for the bundle's period; a pack that has
// nothing to report on in the period (no management review held in it) is left out.
func (a *App) bundlePacks(ctx context.Context, scope bundle.Scope, now time.Time, add func(string, []byte) error) error {
	for _, p := range reports.Packs() {
		req := PackRequest{Kind: string(p.Kind), From: scope.From, To: scope.To}
		if p.Takes(reports.ChooseStandards) {
			req.Standards = scope.Standards
		}
		_, opts, err := a.packOptions(req, now)
		if err != nil {
			return err
		}
		opts.Ctx = ctx
		pdf, name, err := a.renderPack(p, opts)
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if code := ims.ErrorCode(err); code == ims.EINVALID || code == ims.ENOTFOUND {
				a.s.Log.Info("pack left out of the bundle", "pack", p.Kind, "reason", err)
				continue
			}
			return fmt.Errorf("%s: %w", p.Title, err)
		}
		if err := add(name, pdf.Bytes); err != nil {
			return err
		}
	}
	return nil
}

func bundleFileName(org string, now time.Time) string {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 {
			return '-'
		}
		return r
	}, strings.TrimSpace(org))
	return name + " evidence bundle " + now.Format(time.DateOnly) + ".zip"
}

// freeName is name in dir, or name-2, name-3… when taken.
func freeName(dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	path := filepath.Join(dir, name)
	for n := 2; ; n++ {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		path = filepath.Join(dir, base+"-"+strconv.Itoa(n)+ext)
	}
}

// VerifyBundle checks a bundle file (no workspace needed): every file against the signed
// manifest and SHA256SUMS and its SSH signature; with expectKey, the signer's fingerprint.
func (a *App) VerifyBundle(file, expectKey string) (*bundle.Report, error) {
	rep, err := bundle.Verify(file, strings.TrimSpace(expectKey))
	if err != nil {
		return nil, ims.Errorf(ims.ENOTFOUND, "cannot open %s: %v", file, err)
	}
	return rep, nil
}

// ImportBundleResponse imports an auditor's response file into the open workspace: each
// finding an audit finding of one external-audit record, each nonconformity grade raising
// a nonconformity against its requirement, the auditor's words and fingerprint kept. A
// response that is altered, answers a bundle this workspace did not export, or was
// imported before, is refused and nothing is written.
func (a *App) ImportBundleResponse(file string) (bundle.ResponseImport, error) {
	st, actor, err := a.writer()
	if err != nil {
		return bundle.ResponseImport{}, err
	}
	_, info, err := a.s.Current()
	if err != nil {
		return bundle.ResponseImport{}, err
	}
	f, err := os.Open(file)
	if err != nil {
		return bundle.ResponseImport{}, ims.Errorf(ims.ENOTFOUND, "cannot open %s: %v", file, err)
	}
	defer f.Close()
	resp, err := bundle.ReadResponse(f, "")
	if err != nil {
		return bundle.ResponseImport{}, err
	}
	bundleLogMu.Lock()
	defer bundleLogMu.Unlock()
	log, err := readBundleLog(info)
	if err != nil {
		return bundle.ResponseImport{}, err
	}
	if !slices.ContainsFunc(log.Exported, func(e exportedBundle) bool { return e.ManifestHash == resp.BundleManifestHash }) {
		return bundle.ResponseImport{}, ims.Errorf(ims.ECONFLICT, "this response answers another bundle (manifest %s…): not one exported from workspace %q", resp.BundleManifestHash[:12], info.Name)
	}
	if slices.Contains(log.Imported, resp.Signature) {
		return bundle.ResponseImport{}, ims.Errorf(ims.ECONFLICT, "this response by %s has been imported already", resp.Auditor.Name)
	}
	res, err := bundle.ImportResponse(bg, st, actor, resp)
	if err != nil && res.Audit == "" {
		return res, err
	}
	log.Imported = append(log.Imported, resp.Signature)
	if werr := writeBundleLog(info, log); werr != nil && err == nil {
		err = werr
	}
	return res, err
}

// The workspace's note of the bundles it exported (a response must answer one of them)
// and the responses it imported, in <workspace>/bundles.json.
type bundleLog struct {
	Exported []exportedBundle `json:"exported"`
	Imported []string         `json:"imported"` // the signatures of responses imported
}

type exportedBundle struct {
	ManifestHash string `json:"manifest_hash"`
	GeneratedAt  string `json:"generated_at"`
	File         string `json:"file"`
}

var bundleLogMu gosync.Mutex

func bundleLogPath(info ims.WorkspaceInfo) string { return filepath.Join(info.Path, "bundles.json") }

func readBundleLog(info ims.WorkspaceInfo) (bundleLog, error) {
	var l bundleLog
	b, err := os.ReadFile(bundleLogPath(info))
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	} else if err != nil {
		return l, err
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return l, fmt.Errorf("%s: %w", bundleLogPath(info), err)
	}
	return l, nil
}

func writeBundleLog(info ims.WorkspaceInfo, l bundleLog) error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return workspace.WriteFileAtomic(bundleLogPath(info), b)
}

func recordBundle(info ims.WorkspaceInfo, change func(*bundleLog)) error {
	bundleLogMu.Lock()
	defer bundleLogMu.Unlock()
	l, err := readBundleLog(info)
	if err != nil {
		return err
	}
	change(&l)
	return writeBundleLog(info, l)
}

// BundleResponseRequest is what the auditor writes back about one bundle.
type BundleResponseRequest struct {
	Bundle        string                   `json:"bundle"` // the bundle's ZIP
	Out           string                   `json:"out"`    // the response file to write
	Auditor       string                   `json:"auditor"`
	Organisation  string                   `json:"organisation,omitempty"`
	SamplingNotes string                   `json:"sampling_notes,omitempty"`
	Findings      []bundle.ResponseFinding `json:"findings"`
}

// BundleResponseFile is a written response.
type BundleResponseFile struct {
	Path         string `json:"path"`
	Fingerprint  string `json:"fingerprint"`   // the auditor's key
	ManifestHash string `json:"manifest_hash"` // the bundle it answers
	Findings     int    `json:"findings"`
}

// AuditorKeyFile is the auditor's own signing key on this device, in the data folder.
const AuditorKeyFile = "auditor-key"

// auditorKey is this device's auditor key, made the first time.
func (a *App) auditorKey() (ed25519.PrivateKey, error) {
	w, ok := a.s.workspaces.(workspace.Workspaces)
	if !ok {
		return nil, errors.New("this build keeps no data folder for an auditor's key")
	}
	return bundle.LoadOrCreateKey(filepath.Join(w.Root, AuditorKeyFile))
}

// AuditorKey returns the fingerprint of this device's auditor key (made the first time),
// which signs the responses written here.
func (a *App) AuditorKey() (BundleKeyInfo, error) {
	key, err := a.auditorKey()
	if err != nil {
		return BundleKeyInfo{}, err
	}
	pub := key.Public().(ed25519.PublicKey)
	return BundleKeyInfo{Fingerprint: bundle.Fingerprint(pub), PublicKey: bundle.AuthorizedKey(pub)}, nil
}

// WriteBundleResponse writes the auditor's response to a bundle, signed with this
// device's auditor key and bound to the bundle's manifest hash. The bundle must verify;
// no workspace is needed or written.
func (a *App) WriteBundleResponse(req BundleResponseRequest) (BundleResponseFile, error) {
	if strings.TrimSpace(req.Out) == "" {
		return BundleResponseFile{}, ims.FieldErrorf("out", "Choose where to save the response")
	}
	rep, err := a.VerifyBundle(req.Bundle, "")
	if err != nil {
		return BundleResponseFile{}, err
	}
	if !rep.OK {
		return BundleResponseFile{}, ims.Errorf(ims.EINVALID, "the bundle does not verify (%s): a response must answer an intact bundle", rep.Summary())
	}
	key, err := a.auditorKey()
	if err != nil {
		return BundleResponseFile{}, err
	}
	resp := bundle.Response{
		BundleManifestHash: rep.ManifestHash,
		Bundle: bundle.ResponseBundle{Organisation: rep.Manifest.Organisation, GeneratedAt: rep.Manifest.GeneratedAt,
			Fingerprint: rep.Fingerprint},
		Auditor:       bundle.Auditor{Name: strings.TrimSpace(req.Auditor), Organisation: strings.TrimSpace(req.Organisation)},
		SamplingNotes: strings.TrimSpace(req.SamplingNotes), Findings: req.Findings,
		SignedAt: time.Now().UTC().Truncate(time.Second).Format(time.RFC3339),
	}
	var buf strings.Builder
	if err := bundle.WriteResponse(&buf, resp, key); err != nil {
		return BundleResponseFile{}, err
	}
	if err := workspace.WriteFileAtomicPerm(req.Out, []byte(buf.String()), 0o644); err != nil {
		return BundleResponseFile{}, err
	}
	return BundleResponseFile{Path: req.Out, Fingerprint: bundle.Fingerprint(key.Public().(ed25519.PublicKey)),
		ManifestHash: rep.ManifestHash, Findings: len(req.Findings)}, nil
}
