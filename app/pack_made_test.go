package app_test

import (
	"path/filepath"
	"testing"

	"keel/app"
)

// Packs made before are listed from the packs folder with their kind and period, newest
// first, and open (or show their folder) by file name; nothing outside the folder opens.
func TestMadePacks(t *testing.T) {
	e := ready(t)
	packs := filepath.Join(e.root, "packs-made")
	t.Setenv("KEEL_PACKS_DIR", packs)
	if got, err := e.app.MadePacks(); err != nil || len(got) != 0 {
		t.Fatalf("before any pack: %v, %v", got, err)
	}
	start, err := e.app.StartPack(app.PackRequest{Kind: "soa", From: "2026-01-01", To: "2026-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, e.app, start.ID)
	if j.State != app.JobDone {
		t.Fatalf("job %+v", j)
	}
	got, err := e.app.MadePacks()
	if err != nil || len(got) != 1 {
		t.Fatalf("MadePacks = %+v, %v; want the one pack", got, err)
	}
	m := got[0]
	if m.FileName != j.FileName || m.Kind != "soa" || m.From != "2026-01-01" || m.To != "2026-06-30" || m.Bytes != int64(j.Bytes) || m.Made == "" || m.Folder != packs {
		t.Errorf("made pack %+v (job %+v)", m, j)
	}
	var opened []string
	defer app.SetOpenWith(func(p string) error { opened = append(opened, p); return nil })()
	if err := e.app.OpenMadePack(m.FileName, false); err != nil {
		t.Fatal(err)
	}
	if err := e.app.OpenMadePack(m.FileName, true); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 2 || opened[0] != j.Path || opened[1] != packs {
		t.Errorf("opened %v", opened)
	}
	for _, bad := range []string{"../workspace.json", "gone.pdf", "notes.txt"} {
		if err := e.app.OpenMadePack(bad, false); err == nil {
			t.Errorf("OpenMadePack(%q) opened something", bad)
		}
	}
	if len(opened) != 2 {
		t.Errorf("opened %v", opened)
	}
}
