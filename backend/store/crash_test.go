package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"keel/backend/store"
)

// A process killed while Badger was making a new log file leaves it empty (found by the
// kill -9 test of sync rounds, app/cli): the workspace still opens, with everything in it.
func TestOpenAfterKillDuringLogCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := MustOpenDir(t, dir, store.Options{})
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	next := func(ext, format string) string {
		entries, _ := os.ReadDir(dir)
		last := 0
		for _, e := range entries {
			if n, ok := strings.CutSuffix(e.Name(), ext); ok {
				if fid, err := strconv.Atoi(n); err == nil {
					last = max(last, fid)
				}
			}
		}
		return filepath.Join(dir, fmt.Sprintf(format, last+1))
	}
	for _, torn := range []string{next(".vlog", "%06d.vlog"), next(".mem", "%05d.mem")} {
		if err := os.WriteFile(torn, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		s = MustOpenDir(t, dir, store.Options{})
		if got := mustGet(t, s, "context_issue", r.ID); got.Title != "Supplier churn" {
			t.Errorf("after an empty %s: %+v", filepath.Base(torn), got)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
