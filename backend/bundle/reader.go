package bundle

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"keel/backend/ims"
)

// Limits bound what a reader accepts, so a hostile bundle costs bounded memory and time.
type Limits struct {
	MaxEntries  int   // files in the ZIP
	MaxManifest int64 // manifest.json and SHA256SUMS, bytes
	MaxFile     int64 // one file, bytes
	MaxTotal    int64 // all files together, bytes
	MaxRatio    int64 // uncompressed ÷ compressed, for entries over 1 MiB
	MaxJSON     int64 // a records or history file the reader parses, bytes
}

// DefaultLimits fit the largest bundle Keel makes (evidence files up to a few GB each).
var DefaultLimits = Limits{
	MaxEntries:  200_000,
	MaxManifest: 64 << 20,
	MaxFile:     16 << 30,
	MaxTotal:    256 << 30,
	MaxRatio:    200,
	MaxJSON:     256 << 20,
}

// Problem is one thing wrong with a bundle.
type Problem struct {
	Kind string `json:"kind"` // missing, extra, altered, size, signature, manifest, sums, unsafe, format
	Path string `json:"path,omitempty"`
	Text string `json:"text"`
}

func (p Problem) String() string {
	if p.Path != "" && !strings.Contains(p.Text, p.Path) {
		return p.Path + ": " + p.Text
	}
	return p.Text
}

// Report is what verifying a bundle found.
type Report struct {
	OK           bool      `json:"ok"`
	Problems     []Problem `json:"problems"`
	Fingerprint  string    `json:"fingerprint"` // the signer's, "" when the manifest names none
	Manifest     *Manifest `json:"manifest"`
	ManifestHash string    `json:"manifest_hash"` // hex SHA-256 of manifest.json's bytes
	Files        int       `json:"files"`         // files checked
	Bytes        int64     `json:"bytes"`         // their bytes
}

// Summary is the one-line result `keel bundle verify` prints.
func (r *Report) Summary() string {
	org := ""
	if r.Manifest != nil {
		org = fmt.Sprintf(" of %q's bundle generated %s", r.Manifest.Organisation, r.Manifest.GeneratedAt)
	}
	if r.OK {
		return fmt.Sprintf("OK: all %d files (%s)%s intact; signed by %s", r.Files, humanBytes(r.Bytes), org, r.Fingerprint)
	}
	n := len(r.Problems)
	s := "s"
	if n == 1 {
		s = ""
	}
	if org != "" {
		org = " in" + strings.TrimPrefix(org, " of")
	}
	return fmt.Sprintf("FAILED: %d problem%s%s; signer %s", n, s, org, orDash(r.Fingerprint))
}

func (r *Report) add(kind, path, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Kind: kind, Path: path, Text: fmt.Sprintf(format, args...)})
}

// checkName refuses an entry name a reader must not use: empty, absolute, a drive or a
// backslash, "." or ".." segments, empty segments, control characters, invalid UTF-8,
// a folder.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("an empty name")
	case !utf8.ValidString(name):
		return errors.New("a name that is not UTF-8")
	case strings.HasPrefix(name, "/"):
		return errors.New("an absolute path")
	case strings.Contains(name, `\`):
		return errors.New("a backslash in the path")
	case len(name) >= 2 && name[1] == ':':
		return errors.New("a drive letter")
	case strings.HasSuffix(name, "/"):
		return errors.New("a folder entry")
	case len(name) > 1024:
		return errors.New("a name over 1024 bytes")
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return errors.New("path traversal (an empty, . or .. segment)")
		}
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return errors.New("a control character in the name")
		}
	}
	if path.Clean(name) != name {
		return errors.New("a path that is not clean")
	}
	return nil
}

// entryProblem is why an entry is refused before it is read, or "".
func entryProblem(f *zip.File, lim Limits) (kind, text string) {
	if err := checkName(f.Name); err != nil {
		return "unsafe", "refused: " + err.Error()
	}
	mode := f.Mode()
	if mode&fs.ModeSymlink != 0 {
		return "unsafe", "refused: a symbolic link"
	}
	if !mode.IsRegular() {
		return "unsafe", "refused: not a regular file"
	}
	if f.UncompressedSize64 > uint64(lim.MaxFile) {
		return "unsafe", fmt.Sprintf("refused: declares %s, over the %s limit for one file", humanBytes(int64(f.UncompressedSize64)), humanBytes(lim.MaxFile))
	}
	if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > f.CompressedSize64*uint64(lim.MaxRatio) {
		return "unsafe", fmt.Sprintf("refused: compressed %d:1, a zip bomb (the limit is %d:1)", f.UncompressedSize64/max(f.CompressedSize64, 1), lim.MaxRatio)
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return "unsafe", fmt.Sprintf("refused: compression method %d", f.Method)
	}
	return "", ""
}

// budget counts the bytes read from all entries against the total limit.
type budget struct {
	left int64
}

// limitedEntry reads one entry's data, at most its declared size; reading more, or
// less, or past the bundle's total, is an error. It hashes what it reads.
type limitedEntry struct {
	r        io.ReadCloser
	declared int64
	n        int64
	h        hash.Hash
	b        *budget
}

var errTotal = errors.New("the bundle's files together are over the size limit")

func (l *limitedEntry) Read(p []byte) (int, error) {
	if int64(len(p)) > l.declared-l.n+1 {
		p = p[:l.declared-l.n+1]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	l.h.Write(p[:n])
	if l.b != nil {
		l.b.left -= int64(n)
		if l.b.left < 0 {
			return n, errTotal
		}
	}
	// archive/zip itself stops at the declared size (ErrFormat) or finds the data short
	// (unexpected EOF); either way the entry's sizes lie.
	if l.n > l.declared {
		return n, fmt.Errorf("holds more than the %d bytes its entry declares", l.declared)
	}
	if errors.Is(err, zip.ErrFormat) {
		return n, fmt.Errorf("does not match its entry: it holds more than the %d bytes it declares, or fails its checksum", l.declared)
	}
	if (err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF)) && l.n < l.declared {
		return n, fmt.Errorf("holds %d bytes, fewer than the %d its entry declares", l.n, l.declared)
	}
	if err != nil && err != io.EOF {
		return n, fmt.Errorf("cannot be read: %v", err)
	}
	return n, err
}

func (l *limitedEntry) Close() error { return l.r.Close() }

func openEntry(f *zip.File, b *budget) (*limitedEntry, error) {
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %v", err)
	}
	return &limitedEntry{r: r, declared: int64(f.UncompressedSize64), h: sha256.New(), b: b}, nil
}

// readSmall reads a whole small entry (manifest.json, SHA256SUMS, the signature).
func readSmall(f *zip.File, limit int64, b *budget) ([]byte, string, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, "", fmt.Errorf("is %s, over the %s limit", humanBytes(int64(f.UncompressedSize64)), humanBytes(limit))
	}
	r, err := openEntry(f, b)
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, "", err
	}
	return data, hex.EncodeToString(r.h.Sum(nil)), nil
}

// Verify checks the bundle at path; expectKey, when set, is the fingerprint the signer
// must have. The error is for a file that cannot be opened at all; everything wrong with
// the bundle itself is a problem in the report.
func Verify(path, expectKey string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	rep, _ := verify(f, fi.Size(), expectKey, DefaultLimits)
	return rep, nil
}

// VerifyReaderAt is Verify over bytes already open, with the given limits.
func VerifyReaderAt(r io.ReaderAt, size int64, expectKey string, lim Limits) *Report {
	rep, _ := verify(r, size, expectKey, lim)
	return rep
}

// verify checks everything and returns the report and, when the ZIP and its manifest
// could be read, the zip reader and the safe entries by name.
func verify(ra io.ReaderAt, size int64, expectKey string, lim Limits) (*Report, *zipIndex) {
	rep := &Report{Problems: []Problem{}}
	defer func() { rep.OK = len(rep.Problems) == 0 }()
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		rep.add("format", "", "not a readable ZIP file: %v", err)
		return rep, nil
	}
	if len(zr.File) > lim.MaxEntries {
		rep.add("unsafe", "", "refused: %d files, over the limit of %d", len(zr.File), lim.MaxEntries)
		return rep, nil
	}
	idx := &zipIndex{zr: zr, files: map[string]*zip.File{}, lim: lim}
	var declared uint64
	for _, f := range zr.File {
		if _, dup := idx.files[f.Name]; dup {
			rep.add("unsafe", f.Name, "refused: %q appears twice in the ZIP", f.Name)
			idx.files[f.Name] = nil // neither copy is used
			continue
		}
		if k, text := entryProblem(f, lim); k != "" {
			rep.add(k, f.Name, "%q %s", f.Name, text)
			idx.files[f.Name] = nil
			continue
		}
		declared += f.UncompressedSize64
		idx.files[f.Name] = f
	}
	if declared > uint64(lim.MaxTotal) {
		rep.add("unsafe", "", "refused: the files declare %s together, over the %s limit", humanBytes(int64(min(declared, 1<<62))), humanBytes(lim.MaxTotal))
		return rep, nil
	}
	b := &budget{left: lim.MaxTotal}

	// The manifest: parsed strictly, its signature checked against the key it names.
	var pub ed25519.PublicKey
	if mf := idx.files[ManifestName]; mf == nil {
		if _, there := idx.files[ManifestName]; !there {
			rep.add("manifest", ManifestName, "manifest.json is missing")
		}
	} else if data, h, err := readSmall(mf, lim.MaxManifest, b); err != nil {
		rep.add("manifest", ManifestName, "manifest.json %v", err)
	} else {
		rep.ManifestHash = h
		m, key, err := parseManifest(data)
		rep.Manifest, pub = m, key
		if m != nil {
			rep.Fingerprint = m.Signer.Fingerprint
		}
		if key != nil {
			rep.Fingerprint = Fingerprint(key)
		}
		if err != nil {
			rep.add("signature", ManifestName, "%v", err)
		}
	}
	if expectKey != "" && !SameFingerprint(expectKey, rep.Fingerprint) {
		rep.add("signature", "", "signed by %s, not by the expected key %s", orDash(rep.Fingerprint), expectKey)
	}

	// Every other file, hashed once, against the manifest.
	listed := map[string]File{}
	if rep.Manifest != nil {
		for _, f := range rep.Manifest.Files {
			listed[f.Path] = f
		}
	}
	got := map[string]string{} // path → sha256 of what was read
	names := make([]string, 0, len(idx.files))
	for name := range idx.files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := idx.files[name]
		if f == nil || reserved(name) {
			continue
		}
		want, inManifest := listed[name]
		if rep.Manifest != nil && !inManifest {
			rep.add("extra", name, "%s is in the bundle but not in the manifest (added)", name)
		}
		if inManifest && int64(f.UncompressedSize64) != want.Size {
			rep.add("size", name, "%s is %d bytes, the manifest says %d (altered)", name, f.UncompressedSize64, want.Size)
		}
		r, err := openEntry(f, b)
		if err == nil {
			_, err = io.Copy(io.Discard, r)
			r.Close()
		}
		if errors.Is(err, errTotal) {
			rep.add("unsafe", name, "refused: %v", err)
			break
		}
		if err != nil {
			rep.add("unsafe", name, "%s %v", name, err)
			continue
		}
		sum := hex.EncodeToString(r.h.Sum(nil))
		got[name] = sum
		rep.Files++
		rep.Bytes += r.n
		if inManifest && sum != want.SHA256 {
			rep.add("altered", name, "%s has been altered: its SHA-256 is %s…, the manifest says %s…", name, sum[:12], want.SHA256[:12])
		}
	}
	for _, f := range sortedFiles(listed) {
		if _, there := idx.files[f.Path]; !there {
			rep.add("missing", f.Path, "%s is in the manifest but missing from the bundle", f.Path)
		}
	}
	if rep.ManifestHash != "" {
		got[ManifestName] = rep.ManifestHash
	}

	// SHA256SUMS and its SSH signature: the route an auditor takes without Keel.
	sf := idx.files[SumsName]
	if sf == nil {
		if _, there := idx.files[SumsName]; !there {
			rep.add("sums", SumsName, "SHA256SUMS is missing")
		}
		return rep, idx
	}
	sums, _, err := readSmall(sf, lim.MaxManifest, b)
	if err != nil {
		rep.add("sums", SumsName, "SHA256SUMS %v", err)
		return rep, idx
	}
	checkSums(rep, sums, got)
	gf := idx.files[SumsSigName]
	if gf == nil {
		if _, there := idx.files[SumsSigName]; !there {
			rep.add("signature", SumsSigName, "SHA256SUMS.sig is missing: SHA256SUMS is not signed")
		}
		return rep, idx
	}
	sig, _, err := readSmall(gf, maxArmored, b)
	if err != nil {
		rep.add("signature", SumsSigName, "SHA256SUMS.sig %v", err)
		return rep, idx
	}
	signer, err := SSHVerify(sig, Namespace, sums)
	switch {
	case err != nil:
		rep.add("signature", SumsSigName, "SHA256SUMS.sig: %v", err)
	case pub != nil && !signer.Equal(pub):
		rep.add("signature", SumsSigName, "SHA256SUMS.sig is signed by %s, not by the manifest's key %s", Fingerprint(signer), Fingerprint(pub))
	}
	return rep, idx
}

// checkSums compares SHA256SUMS with the hashes read: every line must match a file, and
// every file (and manifest.json) must have a line.
func checkSums(rep *Report, sums []byte, got map[string]string) {
	lines := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(sums))
	sc.Buffer(make([]byte, 4096), 1<<16)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if len(line) < 67 || line[64:66] != "  " {
			rep.add("sums", SumsName, "SHA256SUMS line %d is not \"<sha256>  <path>\"", n)
			continue
		}
		h, p := line[:64], line[66:]
		if _, err := hex.DecodeString(h); err != nil {
			rep.add("sums", SumsName, "SHA256SUMS line %d has no SHA-256", n)
			continue
		}
		if _, dup := lines[p]; dup {
			rep.add("sums", SumsName, "SHA256SUMS lists %s twice", p)
		}
		lines[p] = strings.ToLower(h)
	}
	if err := sc.Err(); err != nil {
		rep.add("sums", SumsName, "SHA256SUMS cannot be read: %v", err)
	}
	for _, p := range sortedKeys(lines) {
		sum, ok := got[p]
		switch {
		case !ok:
			rep.add("sums", p, "SHA256SUMS lists %s, which is not in the bundle (or could not be read)", p)
		case sum != lines[p]:
			rep.add("sums", p, "SHA256SUMS gives another SHA-256 for %s", p)
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := lines[p]; !ok {
			rep.add("sums", p, "%s is not listed in SHA256SUMS", p)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedFiles(m map[string]File) []File {
	var out []File
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

type zipIndex struct {
	zr    *zip.Reader
	files map[string]*zip.File // nil values: refused entries
	lim   Limits
}

// Reader is an opened bundle, read-only, for the auditor view.
type Reader struct {
	closer io.Closer
	idx    *zipIndex
	m      Manifest
	listed map[string]File
}

// Open verifies the bundle at path and opens it for reading. It fails when the file is
// not a ZIP or its manifest cannot be read; any other problem (a failed signature, an
// altered file) is in the report and the bundle still opens, so the auditor sees what is
// wrong. Reading an altered file fails.
func Open(path string) (*Reader, *Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	r, rep, err := OpenReaderAt(f, fi.Size(), DefaultLimits)
	if err != nil {
		f.Close()
		return nil, rep, err
	}
	r.closer = f
	return r, rep, nil
}

// OpenReaderAt is Open over bytes already open.
func OpenReaderAt(ra io.ReaderAt, size int64, lim Limits) (*Reader, *Report, error) {
	rep, idx := verify(ra, size, "", lim)
	if idx == nil || rep.Manifest == nil {
		msg := "the bundle cannot be opened"
		if len(rep.Problems) > 0 {
			msg += ": " + rep.Problems[0].String()
		}
		return nil, rep, ims.Errorf(ims.EINVALID, "%s", msg)
	}
	r := &Reader{idx: idx, m: *rep.Manifest, listed: map[string]File{}}
	for _, f := range rep.Manifest.Files {
		r.listed[f.Path] = f
	}
	return r, rep, nil
}

// Manifest is the bundle's manifest.
func (r *Reader) Manifest() Manifest { return r.m }

// Close closes the bundle file.
func (r *Reader) Close() error {
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// Open streams one file the manifest lists. The reader fails (at the end) when its bytes
// are not those the manifest gives.
func (r *Reader) Open(name string) (io.ReadCloser, error) {
	want, ok := r.listed[name]
	f := r.idx.files[name]
	if !ok || f == nil {
		return nil, ims.Errorf(ims.ENOTFOUND, "%s is not a file of this bundle", name)
	}
	if int64(f.UncompressedSize64) != want.Size {
		return nil, ims.Errorf(ims.ECONFLICT, "%s has been altered (its size is not the manifest's)", name)
	}
	e, err := openEntry(f, nil)
	if err != nil {
		return nil, ims.Errorf(ims.EINVALID, "%s %v", name, err)
	}
	return &checkedFile{e: e, want: want.SHA256, name: name}, nil
}

type checkedFile struct {
	e    *limitedEntry
	want string
	name string
}

func (c *checkedFile) Read(p []byte) (int, error) {
	n, err := c.e.Read(p)
	if err == io.EOF && hex.EncodeToString(c.e.h.Sum(nil)) != c.want {
		return n, ims.Errorf(ims.ECONFLICT, "%s has been altered: its SHA-256 is not the manifest's", c.name)
	}
	if err != nil && err != io.EOF {
		return n, ims.Errorf(ims.EINVALID, "%s %v", c.name, err)
	}
	return n, err
}

func (c *checkedFile) Close() error { return c.e.Close() }

// readJSON reads a whole listed file of at most MaxJSON bytes, checked against the manifest.
func (r *Reader) readJSON(name string) ([]byte, error) {
	if f, ok := r.listed[name]; ok && f.Size > r.idx.lim.MaxJSON {
		return nil, ims.Errorf(ims.EINVALID, "%s is %s, over the %s a reader parses", name, humanBytes(f.Size), humanBytes(r.idx.lim.MaxJSON))
	}
	rc, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// Registers lists the registers the bundle has records of.
func (r *Reader) Registers() []string { return append([]string{}, r.m.Scope.Registers...) }

// Records returns the records of one register in the bundle.
func (r *Reader) Records(register string) ([]ims.Record, error) {
	b, err := r.readJSON("records/" + register + ".json")
	if err != nil {
		return nil, err
	}
	var out []ims.Record
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, ims.Errorf(ims.EINVALID, "records/%s.json does not parse: %v", register, err)
	}
	return out, nil
}

// History returns the history lines of one register in the bundle.
func (r *Reader) History(register string) ([]HistoryLine, error) {
	b, err := r.readJSON("history/" + register + ".jsonl")
	if err != nil {
		return nil, err
	}
	out := []HistoryLine{}
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var h HistoryLine
		if err := dec.Decode(&h); err != nil {
			return nil, ims.Errorf(ims.EINVALID, "history/%s.jsonl does not parse: %v", register, err)
		}
		out = append(out, h)
	}
	return out, nil
}

// Evidence lists the evidence files in the bundle: hash, name and size.
func (r *Reader) Evidence() []ims.EvidenceRef {
	var out []ims.EvidenceRef
	for _, f := range r.m.Files {
		if rest, ok := strings.CutPrefix(f.Path, "evidence/"); ok {
			if h, name, ok := strings.Cut(rest, "/"); ok {
				out = append(out, ims.EvidenceRef{SHA256: h, Name: name, Size: f.Size})
			}
		}
	}
	return out
}

// EvidencePath is the bundle path of an evidence file by its hash, "" when absent.
func (r *Reader) EvidencePath(sha256Hex string) string {
	for _, e := range r.Evidence() {
		if e.SHA256 == sha256Hex {
			return "evidence/" + e.SHA256 + "/" + e.Name
		}
	}
	return ""
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
