package evidence_test

import (
	"strings"
	"testing"

	"keel/backend/evidence"
	"keel/backend/ims"
)

func TestSizeLimitSetting(t *testing.T) {
	dir := t.TempDir()
	s := evidence.Open(dir, 0)
	if s.MaxBytes() != 200<<20 {
		t.Fatalf("default limit = %d, want 200 MB", s.MaxBytes())
	}
	if err := s.SetMaxBytes(100); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("a limit under 1 MB: %v", err)
	}
	if err := s.SetMaxBytes(1 << 20); err != nil {
		t.Fatal(err)
	}
	// The limit is the workspace's: a store opened again on the folder keeps it.
	again := evidence.Open(dir, 0)
	if again.MaxBytes() != 1<<20 {
		t.Fatalf("limit after reopening = %d", again.MaxBytes())
	}
	_, err := again.Put(strings.NewReader(strings.Repeat("x", 1<<20+1)), "scan.pdf")
	if ims.ErrorCode(err) != ims.EINVALID || !strings.Contains(err.Error(), "the limit is 1 MB per file") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := again.Put(strings.NewReader(strings.Repeat("x", 1<<20)), "scan.pdf"); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}
