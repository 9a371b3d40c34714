// Package golden checks a file that Keel generates and commits (the frontend's API types,
// the crosswalk reviewer's view) against what the code gives now, for the tests of the
// packages that generate them.
package golden

import (
	"bytes"
	"os"
	"testing"
)

// Check fails t when the file at path is not got, naming the command that rewrites it;
// with update it rewrites the file instead. changed says what a stale file means
// ("the crosswalk data changed").
func Check(t testing.TB, path string, got []byte, update bool, command, changed string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run `%s`", err, command)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: %s. Run `%s` and commit the file", path, changed, command)
	}
}
