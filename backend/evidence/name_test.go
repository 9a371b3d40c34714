package evidence_test

import (
	"testing"

	"keel/backend/evidence"
)

// A file name cannot pretend to be another: control characters and bidi overrides go.
func TestCleanNameDropsBidiOverrides(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202Egpj.exe":       "invoicegpj.exe",
		"a\u2066b\u2069c\u200Fd.pdf": "abcd.pdf",
		"line\nbreak\x1b[31m.txt":    "linebreak[31m.txt",
		"plain café.pdf":             "plain café.pdf",
	} {
		if got := evidence.CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
