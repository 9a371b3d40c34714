package app_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/sync"
)

// Evidence files travel through the folder encrypted, once per content, and a device
// fetches one from there the first time it is needed.
func TestSyncEvidence(t *testing.T) {
	a := ready(t)
	folder := t.TempDir()
	if _, err := a.app.SyncFolder(folder); err != nil {
		t.Fatal(err)
	}
	b, _ := joinedDevice(t, a, folder, "Bea")
	const body = "Minutes of the supplier review: churn is up 4%."
	content := base64.StdEncoding.EncodeToString([]byte(body))
	var ids []string
	for _, title := range []string{"Supplier churn", "Supplier churn, again"} {
		rec, err := a.app.CreateRecord("context_issue", map[string]any{"title": title, "type": "external"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.app.AttachFile("context_issue", rec.ID, "minutes.txt", content); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID)
	}
	rep, err := a.app.SyncFolder("")
	if err != nil || rep.Blobs != 1 {
		t.Fatalf("a's round: %+v, %v (want one blob for the two attachments of one content)", rep, err)
	}
	blobs, _ := filepath.Glob(filepath.Join(folder, "blobs", "*.blob"))
	if len(blobs) != 1 {
		t.Fatalf("blobs: %v", blobs)
	}
	if raw, _ := os.ReadFile(blobs[0]); strings.Contains(string(raw), "supplier review") {
		t.Error("the blob is not encrypted")
	}
	if rep, _ := a.app.SyncFolder(""); rep.Blobs != 0 {
		t.Errorf("a second round added %d blobs", rep.Blobs)
	}
	if _, err := b.app.SyncFolder(""); err != nil {
		t.Fatal(err)
	}
	atts, err := b.app.Attachments("context_issue", ids[0])
	if err != nil || len(atts) != 1 || !atts[0].Missing {
		t.Fatalf("b's attachments before the download: %+v, %v", atts, err)
	}
	got, err := b.app.EvidenceFile(atts[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if dec, _ := base64.StdEncoding.DecodeString(got.ContentBase64); string(dec) != body {
		t.Errorf("b fetched %q", dec)
	}
	if atts, _ := b.app.Attachments("context_issue", ids[1]); len(atts) != 1 || atts[0].Missing {
		t.Errorf("after the fetch: %+v", atts)
	}
	// A device set to fetch all evidence has it after a round, with no download.
	c, _ := joinedDevice(t, a, folder, "Cy")
	if atts, _ := c.app.Attachments("context_issue", ids[0]); len(atts) != 1 || !atts[0].Missing {
		t.Fatalf("c before fetching all: %+v", atts)
	}
	if err := c.app.SyncFetchAllEvidence(true); err != nil {
		t.Fatal(err)
	}
	if st, _ := c.app.SyncStatus(); !st.FetchAll {
		t.Error("the setting is not in the status")
	}
	if _, err := c.app.SyncFolder(""); err != nil {
		t.Fatal(err)
	}
	if atts, _ := c.app.Attachments("context_issue", ids[0]); len(atts) != 1 || atts[0].Missing {
		t.Errorf("c after a round fetching all: %+v", atts)
	}
}

// A sync file carries the evidence its changes attach, and only that when the other device
// has said what it holds; the device that imports it opens the file.
func TestSyncFileEvidence(t *testing.T) {
	a := ready(t)
	b, _ := joinedDevice(t, a, "", "Bea") // sync files only
	files := t.TempDir()
	fromB := filepath.Join(files, "b.keelsync")
	if _, err := b.app.SyncExport(fromB); err != nil {
		t.Fatal(err)
	}
	if _, err := a.app.SyncImport(fromB); err != nil { // a now knows what b holds
		t.Fatal(err)
	}
	rec, err := a.app.CreateRecord("context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
	if err != nil {
		t.Fatal(err)
	}
	const body = "Minutes of the supplier review."
	if _, err := a.app.AttachFile("context_issue", rec.ID, "minutes.txt", base64.StdEncoding.EncodeToString([]byte(body))); err != nil {
		t.Fatal(err)
	}
	fromA := filepath.Join(files, "a.keelsync")
	if _, err := a.app.SyncExport(fromA); err != nil {
		t.Fatal(err)
	}
	if n := blobsIn(t, fromA); n != 1 {
		t.Fatalf("a's sync file holds %d blobs, want the one its new change attaches", n)
	}
	if _, err := b.app.SyncImport(fromA); err != nil {
		t.Fatal(err)
	}
	atts, err := b.app.Attachments("context_issue", rec.ID)
	if err != nil || len(atts) != 1 {
		t.Fatalf("b's attachments: %+v, %v", atts, err)
	}
	got, err := b.app.EvidenceFile(atts[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if dec, _ := base64.StdEncoding.DecodeString(got.ContentBase64); string(dec) != body {
		t.Errorf("b opened %q", dec)
	}
	// b tells a it has everything: a's next file carries no blob.
	if _, err := b.app.SyncExport(fromB); err != nil {
		t.Fatal(err)
	}
	if _, err := a.app.SyncImport(fromB); err != nil {
		t.Fatal(err)
	}
	if _, err := a.app.SyncExport(fromA); err != nil {
		t.Fatal(err)
	}
	if n := blobsIn(t, fromA); n != 0 {
		t.Errorf("a's file for a device that has everything holds %d blobs", n)
	}
	if _, err := a.app.SyncExportAll(fromA); err != nil {
		t.Fatal(err)
	}
	if n := blobsIn(t, fromA); n != 1 {
		t.Errorf("--all holds %d blobs", n)
	}
}

func blobsIn(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := sync.ReadPack(b)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name, "blobs/") {
			n++
		}
	}
	return n
}
