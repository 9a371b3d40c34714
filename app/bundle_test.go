package app_test

import (
	"context"
	"encoding/base64"
	"keel/backend/ims"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/app"
)

// The bundle export job: made in the workspace's bundles folder, signed by the key
// BundleKey shows, verified intact; cancelled (before or during the export), it leaves
// no file.
func TestBundleExportJob(t *testing.T) {
	e := ready(t)
	pol, err := e.app.CreateRecord("policy", map[string]any{"title": "Access policy", "owner": "Ada Lovelace", "status": "approved"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.AttachFile("policy", pol.ID, "review.txt", base64.StdEncoding.EncodeToString([]byte("reviewed\n"))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.SetOrganisation(ims.Organisation{LegalName: "Fenmore Credit Ltd"}); err != nil {
		t.Fatal(err)
	}
	key, err := e.app.BundleKey()
	if err != nil || !strings.HasPrefix(key.Fingerprint, "SHA256:") {
		t.Fatalf("key %+v %v", key, err)
	}
	if again, _ := e.app.BundleKey(); again != key {
		t.Fatalf("the key changed: %+v then %+v", key, again)
	}
	if _, err := e.app.StartBundleExport(app.BundleRequest{Registers: []string{"nope"}}); err == nil {
		t.Fatal("an unknown register was accepted")
	}
	start, err := e.app.StartBundleExport(app.BundleRequest{Registers: []string{"policy", "audit"}})
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, e.app, start.ID)
	if j.State != app.JobDone || j.Kind != "bundle" || !strings.Contains(j.Step, key.Fingerprint) || filepath.Base(j.Folder) != "bundles" {
		t.Fatalf("job %+v", j)
	}
	rep, err := e.app.VerifyBundle(j.Path, key.Fingerprint)
	if err != nil || !rep.OK {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
	if rep.Manifest.Organisation != "Fenmore Credit Ltd" {
		t.Errorf("the manifest names %q, not the organisation's legal name", rep.Manifest.Organisation)
	}
	if len(rep.Manifest.Files) < 6 {
		t.Errorf("manifest lists %d files", len(rep.Manifest.Files))
	}
	folder := j.Folder
	count := func() int {
		ents, _ := os.ReadDir(folder)
		return len(ents)
	}

	// Cancelled while it waits to start: nothing is written.
	release := make(chan struct{})
	restore := app.SetPackGate(func(ctx context.Context) { <-ctx.Done(); close(release) })
	c, err := e.app.StartBundleExport(app.BundleRequest{})
	if err != nil {
		t.Fatal(err)
	}
	e.app.CancelPack(c.ID)
	<-release
	restore()
	if j := waitJob(t, e.app, c.ID); j.State != app.JobCancelled || count() != 1 {
		t.Errorf("cancelled job %+v, %d files in %s", j, count(), folder)
	}

	// Cancelled in the middle of writing: no partial file either.
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	out := filepath.Join(folder, "mid.zip")
	_, err = app.ExportBundle(ctx, e.app, app.BundleRequest{Path: out}, time.Now(), func(done, total int64) {
		if calls++; calls == 5 {
			cancel()
		}
	})
	if err == nil || calls < 5 || count() != 1 {
		t.Errorf("an export cancelled midway: %v, %d files", err, count())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the cancelled bundle exists: %v", err)
	}
}
