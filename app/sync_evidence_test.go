package app_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
