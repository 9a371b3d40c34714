// Package evidence keeps evidence files content-addressed in a workspace's blobs/ folder:
// each file is named by the SHA-256 of its bytes, written once via a temp file and a
// rename, deduplicated, and never changed afterwards (decision 4). Records refer to files
// by hash (ims.TypeAttachments).
package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"keel/backend/durable"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"keel/backend/ims"
)

// DefaultMaxBytes is the size limit of one evidence file when the workspace sets none:
// enough for scanned certificates, exports and recordings. Files reach the store streamed
// (app's upload endpoint), never whole in memory.
const DefaultMaxBytes = 200 << 20

// Ref is one stored file as a record refers to it.
type Ref = ims.EvidenceRef

var _ ims.EvidenceService = (*Store)(nil)

// Store is the blobs/ folder of one workspace.
type Store struct {
	dir      string
	max      atomic.Int64
	settings string // the file that keeps the workspace's own limit; "" when not kept
}

// New returns the evidence store in dir (created on first Put). maxBytes ≤ 0 means
// DefaultMaxBytes.
func New(dir string, maxBytes int64) *Store {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	s := &Store{dir: dir}
	s.max.Store(maxBytes)
	return s
}

// MaxBytes is the size limit of one file.
func (s *Store) MaxBytes() int64 { return s.max.Load() }

func (s *Store) path(hash string) string { return filepath.Join(s.dir, hash) }

// Put stores the bytes of r under their SHA-256, unless a file with that hash is already
// there, and returns the reference. A file over the limit is refused and nothing is kept.
func (s *Store) Put(r io.Reader, name string) (Ref, error) {
	name = CleanName(name)
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return Ref{}, fmt.Errorf("create evidence folder: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".put-*")
	if err != nil {
		return Ref{}, fmt.Errorf("store evidence %q: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	limit := s.MaxBytes()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = TooLarge(name, limit)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ims.ErrorCode(err) == ims.EINVALID {
			return Ref{}, err
		}
		return Ref{}, fmt.Errorf("store evidence %q: %w", name, err)
	}
	ref := Ref{SHA256: hex.EncodeToString(h.Sum(nil)), Name: name, Size: n}
	if fi, err := os.Stat(s.path(ref.SHA256)); err == nil && fi.Size() == n {
		return ref, nil // deduplicated: the same bytes are stored once
	}
	if err := os.Chmod(tmp.Name(), 0o400); err != nil {
		return Ref{}, fmt.Errorf("store evidence %q: %w", name, err)
	}
	if err := durable.Rename(tmp.Name(), s.path(ref.SHA256)); err != nil {
		return Ref{}, fmt.Errorf("store evidence %q: %w", name, err)
	}
	return ref, nil
}

// TooLarge is the error for a file over the limit: what it is, the limit, and where to change it.
func TooLarge(name string, limit int64) error {
	return ims.Errorf(ims.EINVALID, "%q is too large to attach: it is over %s; the limit is %s per file (Settings › Evidence files)", name, human(limit), human(limit))
}

// Open returns the stored file with the given hash.
func (s *Store) Open(hash string) (io.ReadCloser, error) { return s.open(hash) }

func (s *Store) open(hash string) (*os.File, error) {
	if !validHash(hash) {
		return nil, ims.Errorf(ims.EINVALID, "%q is not a SHA-256 fingerprint", hash)
	}
	f, err := os.Open(s.path(hash))
	if errors.Is(err, os.ErrNotExist) { // what os.Open returns for a missing file
		return nil, ims.Errorf(ims.ENOTFOUND, "evidence file %s… is missing from this workspace", hash[:12])
	}
	return f, err
}

// Size returns the size of a stored file.
func (s *Store) Size(hash string) (int64, error) {
	f, err := s.open(hash)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Verify re-reads a stored file and checks that its bytes still hash to its name.
func (s *Store) Verify(hash string) error {
	f, err := s.Open(hash)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("verify evidence %s: %w", hash, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != hash {
		return ims.Errorf(ims.ECONFLICT, "evidence file %s… has been altered: its content now hashes to %s…", hash[:12], got[:12])
	}
	return nil
}

// CleanName keeps a file's base name safe to store in a record and to write into a
// bundle: no folders, no control characters or bidi overrides, no commas (lists are comma-separated in
// CSV), at most 255 characters; "file" when nothing is left.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == ',':
			return '_'
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return -1 // a U+202E override shows "gpj.exe" as "exe.jpg"
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[len(r)-255:]) // keep the extension
	}
	return name
}

func validHash(h string) bool {
	_, _, ok := ims.SplitAttachment(h + "/x")
	return ok
}

func human(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
