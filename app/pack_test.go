package app_test

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"testing"

	"keel/app"
	"keel/backend/ims"
	"keel/reports"
)

// makePack makes a pack as the Packs screen does: StartPack, then PackStatus until the job
// ends. It returns the finished job and the file it saved.
func makePack(t *testing.T, a *app.App, req app.PackRequest) (app.PackJob, []byte) {
	t.Helper()
	start, err := a.StartPack(req)
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, a, start.ID)
	if j.State != app.JobDone {
		t.Fatalf("%s pack: %+v", req.Kind, j)
	}
	b, err := os.ReadFile(j.Path)
	if err != nil {
		t.Fatal(err)
	}
	return j, b
}

// wantPack checks a finished pack: a PDF of at least min pages, of its kind, under the
// suggested name keel-<kind>-<date>.pdf (-2, -3… when made again the same day).
func wantPack(t *testing.T, kind string, j app.PackJob, b []byte, min int) {
	t.Helper()
	name := regexp.MustCompile(`^keel-` + regexp.QuoteMeta(kind) + `-\d{4}-\d{2}-\d{2}(-\d+)?\.pdf$`)
	if !bytes.HasPrefix(b, []byte("%PDF-")) || j.Pages < min || j.Kind != kind || j.Bytes != len(b) || !name.MatchString(j.FileName) {
		t.Fatalf("result: kind %q, file %q, %d pages (want ≥ %d), %d bytes", j.Kind, j.FileName, j.Pages, min, len(b))
	}
}

func TestStartPack(t *testing.T) {
	t.Run("no workspace", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.app.StartPack(app.PackRequest{Kind: "soa"})
		wantCode(t, err, ims.EFORBIDDEN, "no workspace is open")
	})
	e := ready(t)
	if _, err := e.app.SetStatuses([]string{"iso27001-2022:A.5.1", "iso42001-2023:A.2.2"}, "implemented"); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"soa", "gap"} {
		t.Run(kind, func(t *testing.T) {
			j, b := makePack(t, e.app, app.PackRequest{Kind: kind, From: "2026-01-01", To: "2026-12-31"})
			wantPack(t, kind, j, b, 5)
		})
	}
	t.Run("bad input", func(t *testing.T) {
		_, err := e.app.StartPack(app.PackRequest{Kind: "risks"})
		wantCode(t, err, ims.EINVALID, "not a pack")
		_, err = e.app.StartPack(app.PackRequest{Kind: "soa", From: "2026-13-01"})
		wantCode(t, err, ims.EINVALID, "not a date")
	})
}

func TestPacksList(t *testing.T) {
	// No workspace needed: the screen lists the packs before anything is open.
	e := newEnv(t)
	got := e.app.Packs()
	want := reports.Packs()
	if len(got) != len(want) {
		t.Fatalf("Packs() lists %d packs, the registry %d", len(got), len(want))
	}
	for i, p := range want {
		g := got[i]
		if g.Kind != string(p.Kind) || g.Title != p.Title || g.Short != p.Short || g.Summary != p.Summary || !slices.Equal(g.Choices, p.Choices) {
			t.Errorf("pack %d: %+v, want %+v", i, g, p)
		}
		if g.Choices == nil {
			t.Errorf("%s: choices is null, not a list", g.Kind)
		}
	}
	// Over HTTP, as the screen calls it.
	var served []map[string]any
	call(t, serve(t, e.sess), "Packs", &served)
	if len(served) != len(want) {
		t.Fatalf("Packs over HTTP: %d packs, want %d", len(served), len(want))
	}
	for i, p := range served {
		if p["kind"] != string(want[i].Kind) || p["title"] != want[i].Title || p["short"] != want[i].Short || p["summary"] != want[i].Summary {
			t.Errorf("served pack %d: %v", i, p)
		}
		if _, ok := p["choices"].([]any); !ok {
			t.Errorf("served pack %d: choices %v is not a list", i, p["choices"])
		}
	}
	// Every pack listed is one StartPack accepts, and no other.
	for _, p := range got {
		if _, err := e.app.StartPack(app.PackRequest{Kind: p.Kind}); ims.ErrorCode(err) != ims.EFORBIDDEN {
			t.Errorf("StartPack(%s) without a workspace: %v, want forbidden", p.Kind, err)
		}
	}
}

// Each pack's snapshot holds what the registry says it reads, and nothing else: the records
// of its kinds, the history of those it asks for, the gap analysis if it needs it.
func TestPackSnapshot(t *testing.T) {
	e := readyDemo(t)
	for _, p := range reports.Packs() {
		t.Run(string(p.Kind), func(t *testing.T) {
			snap, err := app.PackSnapshot(e.app, string(p.Kind))
			if err != nil {
				t.Fatal(err)
			}
			if snap.Organisation != "Fenmore Credit" || snap.Standards == nil || (snap.Gap != nil) != p.NeedsGap {
				t.Errorf("organisation %q, catalogue %v, gap %v (needs it: %v)", snap.Organisation, snap.Standards != nil, snap.Gap != nil, p.NeedsGap)
			}
			var kinds []string
			for k := range snap.Records {
				kinds = append(kinds, k)
			}
			slices.Sort(kinds)
			if want := slices.Sorted(slices.Values(p.Reads)); !slices.Equal(kinds, want) {
				t.Errorf("records of %v, want %v", kinds, want)
			}
			withHistory := 0
			for _, k := range p.HistoryOf {
				if len(snap.Records[k]) == 0 {
					t.Fatalf("the demo has no %s", k)
				}
				for _, r := range snap.Records[k] {
					if len(snap.History[r.ID]) == 0 {
						t.Errorf("no history of %s %s", k, r.ID)
					}
					withHistory++
				}
			}
			if len(snap.History) != withHistory {
				t.Errorf("history of %d records, want %d", len(snap.History), withHistory)
			}
		})
	}
}
