package app

import (
	"encoding/base64"
	"path/filepath"
	"strings"

	"keel/backend/ims"
	"keel/backend/workspace"
)

// SaveFileAs saves bytes (base64) where the user chooses in the desktop's save dialog,
// suggesting name; it returns the path written, or "" when the user cancelled. Only the
// desktop window has the dialog: in a browser the UI downloads the file itself, and this
// call is refused.
func (a *App) SaveFileAs(name, contentBase64 string) (string, error) {
	a.s.mu.RLock()
	dialog := a.s.saveDialog
	a.s.mu.RUnlock()
	if dialog == nil {
		return "", ims.Errorf(ims.EFORBIDDEN, "saving through a dialog needs the desktop window; the browser downloads the file instead")
	}
	b, err := base64.StdEncoding.DecodeString(contentBase64)
	if err != nil {
		return "", ims.FieldErrorf("content", "The file could not be read (not base64)")
	}
	name = filepath.Base(strings.TrimSpace(name))
	if name == "." || name == string(filepath.Separator) {
		name = "keel-file"
	}
	path, err := dialog(name)
	if err != nil {
		return "", ims.Errorf(ims.EINTERNAL, "the save dialog failed: %v", err)
	}
	if path == "" {
		return "", nil
	}
	if err := workspace.WriteFileAtomicPerm(path, b, 0o644); err != nil {
		return "", ims.Errorf(ims.EINTERNAL, "could not save %s: %v", path, err)
	}
	return path, nil
}
