package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A blob reads back only as the file it was written from: its name does not show the hash,
// an altered byte, a cut, another workspace's key and a wrong hash are refused.
func TestBlobs(t *testing.T) {
	key, _, _ := testKeys(t)
	f := &Folder{Dir: t.TempDir(), Key: key}
	data := []byte("the evidence")
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if _, err := f.GetBlob(sha, 1<<20); !errors.Is(err, ErrNoBlob) {
		t.Fatalf("before: %v", err)
	}
	if wrote, err := f.PutBlob(sha, data); !wrote || err != nil {
		t.Fatalf("put: %v %v", wrote, err)
	}
	if wrote, _ := f.PutBlob(sha, data); wrote {
		t.Error("the same content written twice")
	}
	if _, err := f.PutBlob(strings.Repeat("0", 64), data); err == nil {
		t.Error("a blob under another hash")
	}
	files, _ := filepath.Glob(filepath.Join(f.Dir, "blobs", "*"))
	if len(files) != 1 || strings.Contains(files[0], sha) {
		t.Fatalf("blob files %v", files)
	}
	raw, _ := os.ReadFile(files[0])
	if bytes.Contains(raw, data) {
		t.Error("not encrypted")
	}
	if got, err := f.GetBlob(sha, 1<<20); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("get: %q %v", got, err)
	}
	for i := range raw {
		bad := bytes.Clone(raw)
		bad[i] ^= 1
		os.WriteFile(files[0], bad, 0o600)
		if _, err := f.GetBlob(sha, 1<<20); err == nil {
			t.Fatalf("byte %d altered: read", i)
		}
	}
	os.WriteFile(files[0], raw[:len(raw)-1], 0o600)
	if _, err := f.GetBlob(sha, 1<<20); err == nil {
		t.Error("a cut blob read")
	}
	os.WriteFile(files[0], raw, 0o600)
	other, _, _ := testKeys(t)
	if _, err := (&Folder{Dir: f.Dir, Key: other, OldKeys: map[uint32][]byte{}}).GetBlob(sha, 1<<20); err == nil {
		t.Error("read with another key")
	}
	if _, err := f.GetBlob("../x", 1<<20); err == nil {
		t.Error("a name that is not a hash")
	}
}
