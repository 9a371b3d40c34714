package app

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
	"keel/backend/workspace"
	"keel/reports"
)

// MadePack is a pack saved before in the packs folder, as the Packs screen lists it.
type MadePack struct {
	FileName string `json:"fileName"`
	Kind     string `json:"kind"`    // the pack's kind; "" when Keel did not note it
	From     string `json:"from"`    // the period it covers (YYYY-MM-DD), either may be empty
	To       string `json:"to"`      //
	StoodOn  string `json:"stoodOn"` // an as-of pack's date
	Made     string `json:"made"`    // RFC 3339: when it was saved
	Bytes    int64  `json:"bytes"`
	Folder   string `json:"folder"`
}

// packNote is what Keel notes beside a saved pack (<file>.json): its kind and period.
type packNote struct {
	Kind    string `json:"kind"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	StoodOn string `json:"stoodOn,omitempty"`
}

// notePack writes the note of a pack saved at path; a note that cannot be written leaves
// the pack listed with its file's facts only.
func notePack(path string, k reports.Kind, o reports.Options) {
	b, _ := json.Marshal(packNote{Kind: string(k), From: o.From, To: o.To, StoodOn: o.StoodOn})
	_ = workspace.WriteFileAtomicPerm(path+".json", b, 0o644)
}

// MadePacks lists the packs saved before in the open workspace's packs folder, newest first.
func (a *App) MadePacks() ([]MadePack, error) {
	_, info, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	dir := packsDir(info)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []MadePack{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []MadePack{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".pdf") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		m := MadePack{FileName: e.Name(), Made: fi.ModTime().UTC().Format(time.RFC3339), Bytes: fi.Size(), Folder: dir}
		var n packNote
		if b, err := os.ReadFile(filepath.Join(dir, e.Name()+".json")); err == nil && json.Unmarshal(b, &n) == nil {
			m.Kind, m.From, m.To, m.StoodOn = n.Kind, n.From, n.To, n.StoodOn
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(x, y MadePack) int { return strings.Compare(y.Made, x.Made) })
	return out, nil
}

// OpenMadePack opens a pack saved before (by its file name in the packs folder) in the
// desktop's PDF viewer, or with folder its folder in the file manager.
func (a *App) OpenMadePack(fileName string, folder bool) error {
	_, info, err := a.s.Current()
	if err != nil {
		return err
	}
	if fileName != filepath.Base(fileName) || !strings.HasSuffix(fileName, ".pdf") {
		return ims.FieldErrorf("fileName", "%q is not a pack in the packs folder", fileName)
	}
	dir := packsDir(info)
	target := filepath.Join(dir, fileName)
	if _, err := os.Stat(target); err != nil {
		return ims.Errorf(ims.ENOTFOUND, "it is gone from the packs folder %s (%v)", dir, errors.Unwrap(err))
	}
	if folder {
		target = dir
	}
	return openWith(target)
}
