package app_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

func TestManagementReviewPack(t *testing.T) {
	// The whole demo, as `keel demo` makes it, with the audit programme and the reviews.
	e := readyDemo(t)
	st, _, err := e.sess.Current()
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"audit": 2, "finding": 6, "management_review": 2} {
		res, err := st.ListRecords(context.Background(), ims.ListQuery{Kind: kind})
		if err != nil || res.Total != want {
			t.Errorf("%s: %d records (%v), want %d", kind, res.Total, err, want)
		}
	}
	var pdf []byte
	for _, period := range [][2]string{{"2025-11-16", "2026-11-30"}, {"", ""}} {
		j, b := makePack(t, e.app, app.PackRequest{Kind: "management-review", From: period[0], To: period[1]})
		wantPack(t, "management-review", j, b, 10)
		pdf = b
	}
	// .ci/bench-packs.sh benchmarks the pack of the demo workspace: it asks for the snapshot
	// (records and AI system history) as JSON, and for the PDF to look at.
	if path := os.Getenv("KEEL_DEMO_REVIEW_SNAPSHOT"); path != "" {
		snap, err := app.PackSnapshot(e.app, "management-review")
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(map[string]any{"organisation": snap.Organisation, "records": snap.Records, "history": snap.History})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(path, ".json")+".pdf", pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err = e.app.StartPack(app.PackRequest{Kind: "management-reviews"})
	wantCode(t, err, ims.EINVALID, "management-review")
}
