package cli

import (
	"io"
	"testing"
	"testing/fstest"
	"time"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/workspace"
)

// testNow is the clock of in-process runs: packs made at the same time are the same bytes.
var testNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// testDeps wires the command line as main does, printing into buffers.
func testDeps(stdout, stderr io.Writer) Deps {
	return Deps{Version: "1.2.3-test", Assets: fstest.MapFS{}, Stdout: stdout, Stderr: stderr, Now: func() time.Time { return testNow },
		Open: func(ws workspace.Workspaces) app.Opener { return StoreOpener(ws, 10, 0) }}
}

// dataFolder makes a data folder with one workspace and who uses this device, and the
// command-line env that uses it.
func dataFolder(t *testing.T, name string, who ims.Actor) (string, *env) {
	t.Helper()
	dir := t.TempDir()
	ws := workspace.Workspaces{Root: dir}
	if _, err := ws.Create(name); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetIdentity(who); err != nil {
		t.Fatal(err)
	}
	return dir, &env{g: globals{data: dir, format: "text"}, deps: testDeps(io.Discard, io.Discard)}
}
