package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"keel/app"
	"keel/backend/workspace"
)

// The window's default and smallest sizes.
const (
	windowWidth, windowHeight       = 1280, 820
	windowMinWidth, windowMinHeight = 720, 520
)

// windowStateFile is the device's remembered window geometry, in the data folder's root
// beside identity.json (per device, never inside a workspace).
const windowStateFile = "window.json"

// loadWindowState reads the remembered geometry; ok is false when there is none (or it is
// unreadable: the window then opens at its default size, centred).
func loadWindowState(data string) (s app.WindowState, ok bool) {
	b, err := os.ReadFile(filepath.Join(data, windowStateFile))
	if err != nil || json.Unmarshal(b, &s) != nil || s.Width <= 0 || s.Height <= 0 {
		return app.WindowState{}, false
	}
	return s, true
}

// saveWindowState writes the geometry atomically. A maximised window reports the screen's
// size, so then the normal geometry remembered before is kept and only Maximised is set.
func saveWindowState(data string, now app.WindowState) error {
	if now.Maximised {
		prev, ok := loadWindowState(data)
		if !ok {
			prev = app.WindowState{Width: windowWidth, Height: windowHeight}
		}
		prev.Maximised = true
		now = prev
	}
	b, err := json.MarshalIndent(now, "", "  ")
	if err != nil {
		return err
	}
	return workspace.WriteFileAtomic(filepath.Join(data, windowStateFile), append(b, '\n'))
}

// fitWindow makes a remembered geometry sane on the screen there is now (screenW, screenH):
// at least the minimum size, at most the screen, and centred when it would not lie wholly
// on the screen (a smaller or different monitor since). place is false when the screen is
// unknown (0): then only the size is used and the window opens where Wails puts it.
func fitWindow(s app.WindowState, screenW, screenH int) (fit app.WindowState, place bool) {
	s.Width = max(s.Width, windowMinWidth)
	s.Height = max(s.Height, windowMinHeight)
	if screenW <= 0 || screenH <= 0 {
		return s, false
	}
	s.Width = min(s.Width, max(screenW, windowMinWidth))
	s.Height = min(s.Height, max(screenH, windowMinHeight))
	if s.X < 0 || s.Y < 0 || s.X+s.Width > screenW || s.Y+s.Height > screenH {
		s.X, s.Y = max(0, (screenW-s.Width)/2), max(0, (screenH-s.Height)/2)
	}
	return s, true
}

// instanceID is the single-instance lock's id: one running window per data folder (a
// second `keel --data other` is a different Keel and opens its own window).
func instanceID(data string) string {
	sum := sha256.Sum256([]byte(data))
	return "io.keel.desktop." + hex.EncodeToString(sum[:6])
}

// fileArgument is the file a launch names on its command line (the last argument that is
// an existing file, relative to dir), or "" when none does.
func fileArgument(args []string, dir string) string {
	for i := len(args) - 1; i >= 0; i-- {
		p := args[i]
		if p == "" || p[0] == '-' {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}
