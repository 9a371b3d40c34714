package app

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"keel/backend/ims"
	"keel/backend/workspace"
	"keel/reports"
)

// The cover logo is a PNG or JPEG kept beside the workspace's database (cover-logo), printed
// on the cover of every pack made from the workspace unless a request leaves it off.

const logoFile = "cover-logo"

// PackLogo is the workspace's cover logo as base64, with its media type; empty when none.
type PackLogo struct {
	Data      string `json:"data,omitempty"`
	MediaType string `json:"media_type,omitempty"`
	Bytes     int    `json:"bytes"`
}

func (a *App) logoPath() (string, error) {
	_, info, err := a.s.Current()
	if err != nil {
		return "", err
	}
	return filepath.Join(info.Path, logoFile), nil
}

// coverLogo reads the logo's bytes, nil when there is none.
func (a *App) coverLogo() ([]byte, error) {
	path, err := a.logoPath()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ims.Errorf(ims.EINTERNAL, "could not read the cover logo: %v", err)
	}
	return b, nil
}

// GetPackLogo returns the workspace's cover logo.
func (a *App) GetPackLogo() (PackLogo, error) {
	b, err := a.coverLogo()
	if err != nil || b == nil {
		return PackLogo{}, err
	}
	format, err := reports.LogoFormat(b)
	if err != nil { // written by hand or damaged: say so rather than print nothing
		return PackLogo{}, ims.FieldErrorf("logo", "The saved cover logo is unusable (%s); choose another", strings.TrimPrefix(err.Error(), "reports: "))
	}
	mt := "image/png"
	if format == "JPG" {
		mt = "image/jpeg"
	}
	return PackLogo{Data: base64.StdEncoding.EncodeToString(b), MediaType: mt, Bytes: len(b)}, nil
}

// SetPackLogo checks and saves a new cover logo (base64 of a PNG or JPEG up to 1 MB, at most
// 4096 pixels a side). A bad image changes nothing.
func (a *App) SetPackLogo(data string) (PackLogo, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(data))
	if err != nil {
		return PackLogo{}, ims.FieldErrorf("logo", "Logo: the file could not be read (not base64)")
	}
	if len(b) == 0 {
		return PackLogo{}, ims.FieldErrorf("logo", "Logo: the file is empty")
	}
	if _, err := reports.LogoFormat(b); err != nil {
		return PackLogo{}, ims.FieldErrorf("logo", "%s", capitalise(strings.TrimPrefix(err.Error(), "reports: ")))
	}
	path, err := a.logoPath()
	if err != nil {
		return PackLogo{}, err
	}
	if err := workspace.WriteFileAtomic(path, b); err != nil {
		return PackLogo{}, ims.Errorf(ims.EINTERNAL, "could not save the cover logo: %v", err)
	}
	return a.GetPackLogo()
}

// RemovePackLogo takes the cover logo off; packs print none after.
func (a *App) RemovePackLogo() error {
	path, err := a.logoPath()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return ims.Errorf(ims.EINTERNAL, "could not remove the cover logo: %v", err)
	}
	return nil
}
