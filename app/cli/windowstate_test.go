package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"keel/app"
)

func TestWindowStateRemembersNormalGeometryWhenMaximised(t *testing.T) {
	dir := t.TempDir()
	if _, ok := loadWindowState(dir); ok {
		t.Fatal("a fresh data folder has no window state")
	}
	normal := app.WindowState{X: 40, Y: 30, Width: 1000, Height: 700}
	if err := saveWindowState(dir, normal); err != nil {
		t.Fatal(err)
	}
	if got, ok := loadWindowState(dir); !ok || got != normal {
		t.Fatalf("loaded %+v %v, want %+v", got, ok, normal)
	}
	// Maximised, GTK reports the screen's size: the normal geometry stays, Maximised is set.
	if err := saveWindowState(dir, app.WindowState{Width: 1920, Height: 1080, Maximised: true}); err != nil {
		t.Fatal(err)
	}
	want := normal
	want.Maximised = true
	if got, _ := loadWindowState(dir); got != want {
		t.Fatalf("after maximised: %+v, want %+v", got, want)
	}
	if err := os.WriteFile(filepath.Join(dir, windowStateFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := loadWindowState(dir); ok {
		t.Fatal("an unreadable window.json must give the defaults")
	}
}

func TestFitWindow(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     app.WindowState
		sw, sh int
		want   app.WindowState
		place  bool
	}{
		{"fits", app.WindowState{X: 10, Y: 20, Width: 1000, Height: 700}, 1920, 1080, app.WindowState{X: 10, Y: 20, Width: 1000, Height: 700}, true},
		{"smaller screen now", app.WindowState{X: 900, Y: 400, Width: 1600, Height: 1000}, 1366, 768, app.WindowState{Width: 1366, Height: 768}, true},
		{"off to the left", app.WindowState{X: -2000, Y: 0, Width: 800, Height: 600}, 1920, 1080, app.WindowState{X: 560, Y: 240, Width: 800, Height: 600}, true},
		{"off the bottom", app.WindowState{X: 3000, Y: 2000, Width: 2500, Height: 1600}, 1280, 820, app.WindowState{Width: 1280, Height: 820}, true},
		{"too small", app.WindowState{Width: 100, Height: 50}, 1920, 1080, app.WindowState{Width: windowMinWidth, Height: windowMinHeight}, true},
		{"screen unknown", app.WindowState{X: 5, Y: 5, Width: 900, Height: 600}, 0, 0, app.WindowState{X: 5, Y: 5, Width: 900, Height: 600}, false},
	} {
		got, place := fitWindow(c.in, c.sw, c.sh)
		if got != c.want || place != c.place {
			t.Errorf("%s: fitWindow = %+v place=%v, want %+v place=%v", c.name, got, place, c.want, c.place)
		}
	}
}

func TestFileArgumentAndInstanceID(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "audit.keelbundle")
	if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := fileArgument([]string{"--data", dir, "audit.keelbundle"}, dir); got != f {
		t.Errorf("relative file: %q, want %q", got, f)
	}
	if got := fileArgument([]string{"--data", dir, "missing.keelbundle"}, dir); got != "" {
		t.Errorf("a missing file or a folder is no file argument: %q", got)
	}
	if instanceID("/a") == instanceID("/b") || instanceID("/a") != instanceID("/a") {
		t.Error("the instance id must be one per data folder")
	}
}

// `keel FILE` hands the window a file; a command, a flag's value or a word that names no
// file stays for kong (so `keel nonsense` is still an unknown command).
func TestWindowFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "audit.keelbundle")
	if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	k, err := parser(&root{}, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args, rest []string
		file       string
	}{
		{[]string{"--data", dir, f}, []string{"--data", dir}, f},
		{[]string{"audit.keelbundle"}, []string{}, f},
		{[]string{"--data", "audit.keelbundle"}, []string{"--data", "audit.keelbundle"}, ""},
		{[]string{"records", "list"}, []string{"records", "list"}, ""}, // a command, though a file is called so
		{[]string{"import", f}, []string{"import", f}, ""},
		{[]string{"nonsense"}, []string{"nonsense"}, ""},
	} {
		rest, file := windowFile(k, c.args)
		if file != c.file || !slices.Equal(rest, c.rest) {
			t.Errorf("windowFile(%q) = %q, %q; want %q, %q", c.args, rest, file, c.rest, c.file)
		}
	}
}
