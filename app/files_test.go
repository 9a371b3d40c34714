package app_test

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"keel/backend/ims"
)

func TestSaveFileAs(t *testing.T) {
	e := ready(t)
	content := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 Björn"))

	_, err := e.app.SaveFileAs("pack.pdf", content)
	wantCode(t, err, ims.EFORBIDDEN, "desktop window")

	dir := t.TempDir()
	var asked []string
	chosen := filepath.Join(dir, "chosen.pdf")
	e.sess.SetSaveDialog(func(name string) (string, error) {
		asked = append(asked, name)
		return chosen, nil
	})
	path, err := e.app.SaveFileAs("../../etc/keel-soa.pdf", content)
	if err != nil || path != chosen {
		t.Fatalf("save: %q %v", path, err)
	}
	if b, _ := os.ReadFile(chosen); string(b) != "%PDF-1.4 Björn" {
		t.Fatalf("saved %q", b)
	}
	if asked[0] != "keel-soa.pdf" {
		t.Errorf("the dialog was offered %q; want the bare file name", asked[0])
	}

	// Cancelled: nothing written, no error.
	e.sess.SetSaveDialog(func(string) (string, error) { return "", nil })
	if path, err := e.app.SaveFileAs("x.csv", content); err != nil || path != "" {
		t.Fatalf("cancel: %q %v", path, err)
	}
	// Bad content never opens the dialog.
	e.sess.SetSaveDialog(func(string) (string, error) { t.Fatal("dialog opened for bad content"); return "", nil })
	_, err = e.app.SaveFileAs("x.csv", "not base64!")
	wantCode(t, err, ims.EINVALID, "not base64")
	// A failing dialog says so.
	e.sess.SetSaveDialog(func(string) (string, error) { return "", errors.New("no display") })
	_, err = e.app.SaveFileAs("x.csv", content)
	wantCode(t, err, ims.EINTERNAL, "no display")
}
