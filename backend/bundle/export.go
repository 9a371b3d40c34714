package bundle

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"keel/backend/durable"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"keel/backend/ims"
	"keel/backend/tabular"
)

// Source is what an export reads: the workspace's names, its records and history, its
// evidence files, and the packs the app renders for the scope.
type Source struct {
	Workspace    Workspace
	Organisation string
	Generator    string // "Keel <version>"
	Records      ims.RecordService
	Evidence     ims.EvidenceService // nil: a record's evidence files cannot be included (an error)
	// Packs renders the audit packs for the scope one at a time, handing each finished PDF
	// to add; nil makes no packs.
	Packs func(ctx context.Context, scope Scope, add func(name string, pdf []byte) error) error
}

// Options are an export's choices: the scope, the signing key and the generation time.
type Options struct {
	Scope Scope
	Key   ed25519.PrivateKey
	Now   time.Time
}

// stepWeight is how much one register or the packs count in the progress, against the
// evidence files' bytes.
const stepWeight = 1 << 20

// NormaliseScope checks a scope: known registers (empty: every register), dates as
// YYYY-MM-DD, from not after to; it sorts and de-duplicates the lists.
func NormaliseScope(s Scope) (Scope, error) {
	out := Scope{From: strings.TrimSpace(s.From), To: strings.TrimSpace(s.To), Standards: []string{}, Registers: []string{}}
	for _, d := range []struct{ name, v string }{{"from", out.From}, {"to", out.To}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return out, ims.FieldErrorf(d.name, "%s: %q is not a date (YYYY-MM-DD)", capital(d.name), d.v)
		}
	}
	if out.From != "" && out.To != "" && out.From > out.To {
		return out, ims.FieldErrorf("period", "The period starts (%s) after it ends (%s)", out.From, out.To)
	}
	for _, r := range s.Registers {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		k, err := ims.KindByName(r)
		if err != nil {
			return out, ims.FieldErrorf("registers", "Registers: %v", err)
		}
		out.Registers = append(out.Registers, k.Name)
	}
	if len(out.Registers) == 0 {
		for _, k := range ims.Kinds() {
			out.Registers = append(out.Registers, k.Name)
		}
	}
	for _, st := range s.Standards {
		if st = strings.TrimSpace(st); st != "" {
			out.Standards = append(out.Standards, st)
		}
	}
	slices.Sort(out.Registers)
	out.Registers = slices.Compact(out.Registers)
	slices.Sort(out.Standards)
	out.Standards = slices.Compact(out.Standards)
	return out, nil
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// inPeriod reports whether an RFC 3339 time falls in the scope's period (by date).
func (s Scope) inPeriod(at string) bool {
	d := at
	if len(d) > 10 {
		d = d[:10]
	}
	return (s.From == "" || d >= s.From) && (s.To == "" || d <= s.To)
}

// ExportFile writes the bundle to path through a temp file in the same folder renamed at
// the end: a failed or cancelled export leaves no file, partial or old-named.
func ExportFile(ctx context.Context, path string, src Source, opts Options, progress func(done, total int64)) (Manifest, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Manifest{}, err
	}
	tmp, err := os.CreateTemp(dir, ".keel-bundle-*.part")
	if err != nil {
		return Manifest{}, err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	bw := bufio.NewWriterSize(tmp, 1<<20)
	m, err := Export(ctx, bw, src, opts, progress)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return Manifest{}, err
	}
	if err := durable.Rename(tmp.Name(), path); err != nil {
		return Manifest{}, err
	}
	return m, nil
}

// exporter writes the entries of one bundle and remembers each file's hash and size.
type exporter struct {
	ctx      context.Context
	zw       *zip.Writer
	now      time.Time
	files    []File
	buf      []byte
	done     int64
	total    int64
	progress func(done, total int64)
}

// counter hashes and counts what passes through it.
type counter struct {
	h hash.Hash
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}

// entry writes one file: write gets the entry to write into; deflate compresses it
// (records, history), else it is stored (PDFs, evidence: already compressed).
func (e *exporter) entry(name string, deflate bool, write func(w io.Writer) error) (File, error) {
	if err := e.ctx.Err(); err != nil {
		return File{}, err
	}
	method := zip.Store
	if deflate {
		method = zip.Deflate
	}
	w, err := e.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: e.now})
	if err != nil {
		return File{}, err
	}
	c := &counter{h: sha256.New()}
	if err := write(io.MultiWriter(w, c)); err != nil {
		return File{}, err
	}
	f := File{Path: name, SHA256: hex.EncodeToString(c.h.Sum(nil)), Size: c.n}
	return f, nil
}

func (e *exporter) add(name string, deflate bool, write func(w io.Writer) error) error {
	f, err := e.entry(name, deflate, write)
	if err == nil {
		e.files = append(e.files, f)
	}
	return err
}

func (e *exporter) step(n int64) {
	e.done += n
	if e.progress != nil {
		e.progress(min(e.done, e.total), e.total)
	}
}

// ctxReader stops a copy when the export is cancelled and counts progress.
type ctxReader struct {
	e *exporter
	r io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.e.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.e.step(int64(n))
	return n, err
}

// Export writes a bundle to w: the packs, the records and history of the registers in
// scope, their evidence files, the OSCAL assessment results, README.txt, the signed
// manifest, SHA256SUMS and its SSH signature. Memory stays flat: files are streamed
// through the hash into the ZIP. A cancelled ctx stops it with ctx.Err().
func Export(ctx context.Context, w io.Writer, src Source, opts Options, progress func(done, total int64)) (Manifest, error) {
	if len(opts.Key) != ed25519.PrivateKeySize {
		return Manifest{}, errors.New("bundle: no signing key")
	}
	scope, err := NormaliseScope(opts.Scope)
	if err != nil {
		return Manifest{}, err
	}
	now := opts.Now.UTC().Truncate(time.Second)
	if now.IsZero() || now.Year() < 1980 {
		return Manifest{}, errors.New("bundle: no generation time")
	}
	e := &exporter{ctx: ctx, zw: zip.NewWriter(w), now: now, buf: make([]byte, 1<<20), progress: progress}

	// Read the records in scope first: they name the evidence files, whose sizes make the
	// progress total.
	recs := map[string][]ims.Record{}
	evidence := map[string]string{} // sha256 → file name (the first name in order)
	for _, kind := range scope.Registers {
		res, err := src.Records.ListRecords(ctx, ims.ListQuery{Kind: kind})
		if err != nil {
			return Manifest{}, fmt.Errorf("list %s: %w", kind, err)
		}
		k, _ := ims.KindByName(kind)
		for i, r := range res.Records {
			res.Records[i] = shared(k, r)
			for _, f := range k.SharedFields() {
				if f.Type != ims.TypeAttachments {
					continue
				}
				for _, ref := range stringList(r.Fields[f.Name]) {
					if h, name, ok := ims.SplitAttachment(ref); ok {
						if old, seen := evidence[h]; !seen || name < old {
							evidence[h] = name
						}
					}
				}
			}
		}
		recs[kind] = res.Records
	}
	hashes := make([]string, 0, len(evidence))
	for h := range evidence {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	if len(hashes) > 0 && src.Evidence == nil {
		return Manifest{}, errors.New("bundle: records have evidence files but the workspace keeps none")
	}
	for _, h := range hashes {
		n, err := src.Evidence.Size(h)
		if err != nil {
			return Manifest{}, err
		}
		e.total += n
	}
	e.total += stepWeight * int64(2*len(scope.Registers)+2)
	e.step(0)

	if src.Packs != nil {
		err := src.Packs(ctx, scope, func(name string, pdf []byte) error {
			return e.add("packs/"+safeFileName(name), false, func(w io.Writer) error {
				_, err := w.Write(pdf)
				return err
			})
		})
		if err != nil {
			return Manifest{}, fmt.Errorf("packs: %w", err)
		}
	}
	e.step(stepWeight)

	for _, kind := range scope.Registers {
		if err := e.add("records/"+kind+".json", true, func(w io.Writer) error { return writeRecordsJSON(w, recs[kind]) }); err != nil {
			return Manifest{}, err
		}
		if err := e.add("records/"+kind+".csv", true, func(w io.Writer) error {
			_, err := tabular.Export(ctx, src.Records, kind, tabular.CSV, w)
			return err
		}); err != nil {
			return Manifest{}, err
		}
		if err := e.add("history/"+kind+".jsonl", true, func(w io.Writer) error {
			return writeHistory(ctx, w, src.Records, kind, recs[kind], scope)
		}); err != nil {
			return Manifest{}, err
		}
		e.step(2 * stepWeight)
	}

	for _, h := range hashes {
		if err := e.add("evidence/"+h+"/"+evidence[h], false, func(w io.Writer) error {
			r, err := src.Evidence.Open(h)
			if err != nil {
				return err
			}
			defer r.Close()
			_, err = io.CopyBuffer(w, ctxReader{e, r}, e.buf)
			return err
		}); err != nil {
			return Manifest{}, fmt.Errorf("evidence %s: %w", evidence[h], err)
		}
	}
	if i := len(e.files) - 1; i >= 0 && len(hashes) > 0 {
		// The evidence entries are named by the hash of their bytes: a store that changed
		// under the export would make a bundle that fails its own check.
		for _, f := range e.files {
			if h, ok := strings.CutPrefix(f.Path, "evidence/"); ok && !strings.HasPrefix(h, f.SHA256+"/") {
				return Manifest{}, fmt.Errorf("evidence file %s… does not hash to its name: the workspace's evidence is damaged", h[:12])
			}
		}
	}

	m := Manifest{Format: Format, Workspace: src.Workspace, Organisation: src.Organisation, Scope: scope,
		GeneratedAt: now.Format(time.RFC3339), Generator: src.Generator}
	if err := e.add(OSCALName, true, func(w io.Writer) error {
		return writeOSCAL(w, m, recs, e.files)
	}); err != nil {
		return Manifest{}, err
	}
	pub := opts.Key.Public().(ed25519.PublicKey)
	if err := e.add(ReadmeName, true, func(w io.Writer) error { return writeReadme(w, m, pub) }); err != nil {
		return Manifest{}, err
	}
	m.Files = e.files
	mb, err := signManifest(&m, opts.Key)
	if err != nil {
		return Manifest{}, err
	}
	mf, err := e.entry(ManifestName, true, func(w io.Writer) error { _, err := w.Write(mb); return err })
	if err != nil {
		return Manifest{}, err
	}
	sums := sumsFile(append(slices.Clone(e.files), mf))
	if _, err := e.entry(SumsName, false, func(w io.Writer) error { _, err := w.Write(sums); return err }); err != nil {
		return Manifest{}, err
	}
	sig, err := SSHSign(opts.Key, Namespace, sums)
	if err != nil {
		return Manifest{}, err
	}
	if _, err := e.entry(SumsSigName, false, func(w io.Writer) error { _, err := w.Write(sig); return err }); err != nil {
		return Manifest{}, err
	}
	if err := e.zw.Close(); err != nil {
		return Manifest{}, err
	}
	e.step(stepWeight)
	return m, nil
}

// sumsFile is SHA256SUMS in `sha256sum -c` form: "<hash>  <path>".
func sumsFile(files []File) []byte {
	var b strings.Builder
	for _, f := range files {
		b.WriteString(f.SHA256 + "  " + f.Path + "\n")
	}
	return []byte(b.String())
}

// shared keeps the fields an export may carry: a user's private fields never leave the device.
func shared(k *ims.Kind, r ims.Record) ims.Record {
	out := r
	out.Fields = map[string]any{}
	out.Conflicts = nil
	for _, f := range k.SharedFields() {
		if v, ok := r.Fields[f.Name]; ok {
			out.Fields[f.Name] = v
		}
		if c, ok := r.Conflicts[f.Name]; ok {
			if out.Conflicts == nil {
				out.Conflicts = map[string][]ims.ConflictValue{}
			}
			out.Conflicts[f.Name] = c
		}
	}
	return out
}

func stringList(v any) []string {
	switch t := v.(type) {
	case []string:
		return t
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		if t != "" {
			return []string{t}
		}
	}
	return nil
}

// writeRecordsJSON writes a JSON array of records, one per line.
func writeRecordsJSON(w io.Writer, recs []ims.Record) error {
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	for i, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if i < len(recs)-1 {
			b = append(b, ',')
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

// HistoryLine is one line of history/<register>.jsonl: one change of a record in scope,
// within the period.
type HistoryLine struct {
	Kind   string `json:"kind"`
	Record string `json:"record"`
	Title  string `json:"title"`
	ims.HistoryEntry
}

func writeHistory(ctx context.Context, w io.Writer, svc ims.RecordService, kind string, recs []ims.Record, scope Scope) error {
	k, _ := ims.KindByName(kind)
	private := map[string]bool{}
	for _, f := range k.Fields {
		private[f.Name] = f.Private
	}
	for _, r := range recs {
		hist, err := svc.History(ctx, kind, r.ID)
		if err != nil {
			return fmt.Errorf("history of %s: %w", r.ID, err)
		}
		for _, h := range hist {
			if private[h.Field] || !scope.inPeriod(h.At) {
				continue
			}
			b, err := json.Marshal(HistoryLine{Kind: kind, Record: r.ID, Title: r.Title, HistoryEntry: h})
			if err != nil {
				return err
			}
			if _, err := w.Write(append(b, '\n')); err != nil {
				return err
			}
		}
	}
	return nil
}

// safeFileName keeps a pack's name one path segment.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		name = "pack.pdf"
	}
	return name
}
