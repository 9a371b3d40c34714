package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The log file rotates by size and keeps a bounded number of old files.
func TestLogFileRotates(t *testing.T) {
	dir := t.TempDir()
	l := newLogFile(dir)
	l.maxSize, l.keep = 100, 2
	line := strings.Repeat("x", 39) + "\n"
	for i := 0; i < 20; i++ {
		if _, err := l.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "logs", "keel.log*"))
	if len(names) != 3 {
		t.Fatalf("log files = %v, want keel.log and 2 old ones", names)
	}
	for _, n := range names {
		if fi, _ := os.Stat(n); fi.Size() > 100 {
			t.Errorf("%s is %d bytes, past the limit", n, fi.Size())
		}
	}
}
