package evidence_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/evidence"
	"keel/backend/ims"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestPut(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		file     string
		wantName string
		wantErr  string
	}{
		{"small file", "board minutes", "minutes.pdf", "minutes.pdf", ""},
		{"folders are dropped", "x", `C:\Users\zoë\Łódź report.docx`, "Łódź report.docx", ""},
		{"commas and control characters", "y", "a,b\x00c.txt", "a_bc.txt", ""},
		{"empty name", "z", "", "file", ""},
		{"empty file is allowed", "", "empty.txt", "empty.txt", ""},
		{"exactly at the limit", strings.Repeat("a", 64), "max.bin", "max.bin", ""},
		{"over the limit", strings.Repeat("a", 65), "big.bin", "", "too large to attach"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := evidence.New(dir, 64)
			ref, err := s.Put(strings.NewReader(tc.content), tc.file)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || ims.ErrorCode(err) != ims.EINVALID {
					t.Fatalf("Put error = %v, want %q", err, tc.wantErr)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Errorf("a refused file left %d entries behind", len(entries))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ref.SHA256 != sum(tc.content) || ref.Name != tc.wantName || ref.Size != int64(len(tc.content)) {
				t.Errorf("ref = %+v", ref)
			}
			if !ims.ValidAttachment(ref.String()) {
				t.Errorf("%q is not a valid attachment reference", ref.String())
			}
			f, err := s.Open(ref.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(f)
			f.Close()
			if string(b) != tc.content {
				t.Errorf("read back %q", b)
			}
			if err := s.Verify(ref.SHA256); err != nil {
				t.Error(err)
			}
		})
	}
}

// mustPut stores content as a file called name.
func mustPut(t *testing.T, s *evidence.Store, content, name string) evidence.Ref {
	t.Helper()
	ref, err := s.Put(strings.NewReader(content), name)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestDeduplicatedAndImmutable(t *testing.T) {
	dir := t.TempDir()
	s := evidence.New(dir, 0)
	a := mustPut(t, s, "same bytes", "one.txt")
	b := mustPut(t, s, "same bytes", "two.txt")
	if a.SHA256 != b.SHA256 || b.Name != "two.txt" {
		t.Errorf("refs %+v %+v", a, b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files stored, want 1 (no temp files left)", len(entries))
	}
	fi, _ := os.Stat(filepath.Join(dir, a.SHA256))
	if fi.Mode().Perm()&0o222 != 0 {
		t.Errorf("stored file is writable: %v", fi.Mode())
	}
	if n, err := s.Size(a.SHA256); err != nil || n != 10 {
		t.Errorf("Size = %d, %v", n, err)
	}
}

func TestVerifyAndOpenErrors(t *testing.T) {
	dir := t.TempDir()
	s := evidence.New(dir, 0)
	ref := mustPut(t, s, "original", "a.txt")
	p := filepath.Join(dir, ref.SHA256)
	os.Chmod(p, 0o600)
	if err := os.WriteFile(p, []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		hash string
		code string
		msg  string
	}{
		{"altered", ref.SHA256, ims.ECONFLICT, "has been altered"},
		{"missing", sum("never stored"), ims.ENOTFOUND, "is missing"},
		{"not a hash", "../../etc/passwd", ims.EINVALID, "not a SHA-256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Verify(tc.hash)
			if ims.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Verify = %v, want %s %q", err, tc.code, tc.msg)
			}
		})
	}
}
