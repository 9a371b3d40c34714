package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/app"
	"keel/backend/ims"
)

// waitJob polls a pack job until it is no longer running. The deadline only guards against
// a hang; nothing here depends on how long a pack takes.
func waitJob(t *testing.T, a *app.App, id string) app.PackJob {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		j, err := a.PackStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != app.JobRunning {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still running: %+v", id, j)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func pngLogo(t *testing.T) string {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, 120, 40))
	for x := range 120 {
		for y := range 40 {
			m.Set(x, y, color.NRGBA{R: 30, G: 95, B: 110, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestPackJobs(t *testing.T) {
	e := ready(t)
	if _, err := e.app.SetStatuses([]string{"iso27001-2022:A.5.1", "iso42001-2023:A.2.2"}, "implemented"); err != nil {
		t.Fatal(err)
	}
	packs := filepath.Join(e.root, "packs-out")
	t.Setenv("KEEL_PACKS_DIR", packs)

	t.Run("made, saved, opened", func(t *testing.T) {
		start, err := e.app.StartPack(app.PackRequest{Kind: "soa", From: "2026-01-01", To: "2026-12-31",
			Standards: []string{"iso42001-2023"}, Version: "2.0", Approver: "Björn Åström"})
		if err != nil {
			t.Fatal(err)
		}
		if start.ID == "" || start.Kind != "soa" {
			t.Fatalf("start: %+v", start)
		}
		j := waitJob(t, e.app, start.ID)
		if j.State != app.JobDone || j.Percent != 100 || j.Pages < 3 || j.Folder != packs || !strings.HasPrefix(j.FileName, "keel-soa-") {
			t.Fatalf("done: %+v", j)
		}
		b, err := os.ReadFile(j.Path)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) != j.Bytes {
			t.Fatalf("saved file: %v, %d bytes, job says %d", err, len(b), j.Bytes)
		}
		f, err := e.app.PackFile(j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := base64.StdEncoding.DecodeString(f.PDF); !bytes.Equal(got, b) {
			t.Error("PackFile differs from the saved file")
		}
		var opened []string
		defer app.SetOpenWith(func(p string) error { opened = append(opened, p); return nil })()
		if err := e.app.OpenPack(j.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := e.app.OpenPack(j.ID, true); err != nil {
			t.Fatal(err)
		}
		if len(opened) != 2 || opened[0] != j.Path || opened[1] != packs {
			t.Fatalf("opened %v", opened)
		}
		// The same pack again the same day is saved beside the first, not over it.
		again, err := e.app.StartPack(app.PackRequest{Kind: "soa"})
		if err != nil {
			t.Fatal(err)
		}
		j2 := waitJob(t, e.app, again.ID)
		if j2.State != app.JobDone || j2.Path == j.Path || !strings.HasSuffix(j2.FileName, "-2.pdf") {
			t.Fatalf("second: %+v (first %s)", j2, j.Path)
		}
		if _, err := os.Stat(j.Path); err != nil {
			t.Fatalf("the first pack is gone: %v", err)
		}
	})

	t.Run("cancelled: nothing saved", func(t *testing.T) {
		before, _ := os.ReadDir(packs)
		release := make(chan struct{})
		defer app.SetPackGate(func(ctx context.Context) { <-release })()
		start, err := e.app.StartPack(app.PackRequest{Kind: "gap"})
		if err != nil {
			t.Fatal(err)
		}
		if j, err := e.app.CancelPack(start.ID); err != nil || j.ID != start.ID {
			t.Fatalf("cancel: %+v %v", j, err)
		}
		close(release)
		j := waitJob(t, e.app, start.ID)
		if j.State != app.JobCancelled || j.Path != "" {
			t.Fatalf("after cancel: %+v", j)
		}
		after, _ := os.ReadDir(packs)
		if len(after) != len(before) {
			t.Fatalf("a cancelled pack left a file: %d files before, %d after", len(before), len(after))
		}
		_, err = e.app.PackFile(j.ID)
		wantCode(t, err, ims.ECONFLICT, "cancelled")
		err = e.app.OpenPack(j.ID, false)
		wantCode(t, err, ims.ECONFLICT, "cancelled")
	})

	t.Run("workspace switched while the pack waits", func(t *testing.T) {
		release := make(chan struct{})
		restore := app.SetPackGate(func(ctx context.Context) { <-release })
		start, err := e.app.StartPack(app.PackRequest{Kind: "soa"})
		if err != nil {
			t.Fatal(err)
		}
		first := e.app.CurrentWorkspace()
		if first == nil {
			t.Fatal("no workspace open")
		}
		if _, err := e.app.CreateWorkspace("Another client", false); err != nil {
			t.Fatal(err)
		}
		close(release)
		j := waitJob(t, e.app, start.ID)
		restore()
		if j.State != app.JobFailed || !strings.Contains(j.Error, "workspace changed") || j.Path != "" {
			t.Fatalf("after the switch: %+v", j)
		}
		if _, err := e.app.OpenWorkspace(first.ID); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("bad requests start nothing", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			req  app.PackRequest
			want string
		}{
			{"unknown kind", app.PackRequest{Kind: "risks"}, "not a pack"},
			{"bad date", app.PackRequest{Kind: "soa", From: "2026-02-30"}, "not a date"},
			{"reversed period", app.PackRequest{Kind: "gap", From: "2026-12-31", To: "2026-01-01"}, "starts"},
			{"unknown standard", app.PackRequest{Kind: "soa", Standards: []string{"iso9001-2015"}}, "not a standard"},
			{"two 27701 editions", app.PackRequest{Kind: "soa", Standards: []string{"iso27701-2019", "iso27701-2025"}}, "one edition"},
			{"standards on the risk pack", app.PackRequest{Kind: "risk", Standards: []string{"iso27001-2022"}}, "only the Statement"},
			{"unknown review", app.PackRequest{Kind: "management-review", Review: "nope"}, "no management review"},
			{"review on the SoA", app.PackRequest{Kind: "soa", Review: "x"}, "only the management-review"},
			{"absurd version", app.PackRequest{Kind: "soa", Version: strings.Repeat("9", 81)}, "at most 80"},
		} {
			_, err := e.app.StartPack(tc.req)
			wantCode(t, err, ims.EINVALID, tc.want)
		}
		_, err := e.app.PackStatus("no-such-job")
		wantCode(t, err, ims.EINVALID, "No pack job")
	})

	t.Run("cover logo", func(t *testing.T) {
		if l, err := e.app.GetPackLogo(); err != nil || l.Data != "" {
			t.Fatalf("a new workspace has a logo: %+v %v", l, err)
		}
		for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("GIF89a....")), ""} {
			_, err := e.app.SetPackLogo(bad)
			wantCode(t, err, ims.EINVALID, "")
		}
		if l, _ := e.app.GetPackLogo(); l.Data != "" {
			t.Fatal("a refused logo was saved")
		}
		l, err := e.app.SetPackLogo(pngLogo(t))
		if err != nil || l.MediaType != "image/png" || l.Bytes == 0 {
			t.Fatalf("set: %+v %v", l, err)
		}
		hasImage := func(req app.PackRequest) bool {
			t.Helper()
			pdf, _, err := app.RenderPack(e.app, req, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			return bytes.Contains(pdf.Bytes, []byte("/Subtype /Image"))
		}
		if !hasImage(app.PackRequest{Kind: "risk"}) {
			t.Error("the risk pack has no cover logo")
		}
		if hasImage(app.PackRequest{Kind: "risk", NoLogo: true}) {
			t.Error("NoLogo still printed the logo")
		}
		if err := e.app.RemovePackLogo(); err != nil {
			t.Fatal(err)
		}
		if hasImage(app.PackRequest{Kind: "risk"}) {
			t.Error("a removed logo is still printed")
		}
	})
}
