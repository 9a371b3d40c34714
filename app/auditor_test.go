package app_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/backend/bundle"
	"keel/backend/ims"
)

// exportBundle writes a bundle of the open workspace's policies and audit registers to a
// file outside the data folder, signed by a fresh key.
func exportBundle(t *testing.T, e *env) (string, ed25519.PrivateKey) {
	t.Helper()
	st, info, err := e.sess.Current()
	if err != nil {
		t.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	path := filepath.Join(t.TempDir(), "fenmore-bundle.zip")
	src := bundle.Source{Workspace: bundle.Workspace{ID: info.ID, Name: info.Name}, Organisation: "Fenmore Credit Ltd",
		Generator: "Keel test", Records: st, Evidence: st.Evidence()}
	opts := bundle.Options{Key: key, Now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
		Scope: bundle.Scope{Registers: []string{"policy", "audit", "finding", "nonconformity"}}}
	if _, err := bundle.ExportFile(context.Background(), path, src, opts, nil); err != nil {
		t.Fatal(err)
	}
	return path, key
}

// snapshot is every file under root but the auditor's own (auditor/, auditor-key): path → SHA-256.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == "auditor" {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == "auditor-key" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAuditorOpensABundleReadOnlyAndExportsASignedResponse(t *testing.T) {
	e := openNamed(t, newEnvWith(t, 1<<20), "Fenmore Credit", false)
	a := e.app
	pol, err := a.CreateRecord("policy", map[string]any{"title": "Responsible AI Policy", "owner": "Siobhán O'Connell", "status": "approved"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AttachFile("policy", pol.ID, "board-minutes.txt", b64("minutes of the board")); err != nil {
		t.Fatal(err)
	}
	list, _ := a.Attachments("policy", pol.ID)
	sha := list[0].SHA256
	if _, err := a.SetAttachmentMeta("policy", pol.ID, sha, ims.EvidenceMeta{Type: "minutes", Collected: "2026-06-01", ValidUntil: "2026-09-01"}); err != nil {
		t.Fatal(err)
	}
	path, key := exportBundle(t, e)
	before := snapshot(t, e.root)

	if _, err := a.CurrentBundle(); ims.ErrorCode(err) != ims.EFORBIDDEN {
		t.Errorf("no bundle open yet: %v", err)
	}
	b, err := a.OpenBundle(path)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Report.OK || b.Report.Fingerprint != bundle.Fingerprint(key.Public().(ed25519.PublicKey)) || b.AuditorFingerprint == "" ||
		b.AuditorFingerprint == b.Report.Fingerprint {
		t.Fatalf("banner = %+v", b)
	}
	if len(b.Registers) != 4 || b.Registers[3].Kind != "policy" || b.Registers[3].Records != 1 || b.Registers[0].Label != "Audit findings" {
		t.Errorf("registers = %+v", b.Registers)
	}
	recs, err := a.BundleRecords("policy")
	if err != nil || len(recs) != 1 || recs[0].ID != pol.ID {
		t.Fatalf("records = %+v, %v", recs, err)
	}
	if h, err := a.BundleHistory("policy"); err != nil || len(h) == 0 {
		t.Errorf("history = %+v, %v", h, err)
	}
	_, err = a.BundleRecords("incident")
	wantCode(t, err, ims.ENOTFOUND, "no incident register")
	ev, err := a.BundleEvidence()
	if err != nil || len(ev) != 1 || ev[0].SHA256 != sha || ev[0].Meta.Type != "minutes" || !ev[0].Stale || ev[0].Records[0].ID != pol.ID || ev[0].Size != 20 {
		t.Fatalf("evidence = %+v, %v", ev, err)
	}
	srv := serve(t, e.sess)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/bundle/evidence/"+sha, nil)
	req.Header.Set("X-Keel-Token", token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != "minutes of the board" {
		t.Errorf("bundle evidence = %q", got)
	}

	notes, err := a.BundleNotes()
	if err != nil || notes.Auditor.Name != ada.Name || len(notes.Findings) != 0 {
		t.Fatalf("first notes = %+v, %v", notes, err)
	}
	notes.Auditor.Organisation = "Certify Ltd"
	notes.SamplingNotes = "Sampled the AI policy and its board minutes."
	finding := bundle.ResponseFinding{Grade: "minor nonconformity", Requirement: "iso42001-2023:A.2.2",
		Records: []string{pol.ID}, Evidence: []string{sha}, Text: "The policy was approved but the minutes are stale."}
	bad := []struct {
		name string
		f    bundle.ResponseFinding
		msg  string
	}{
		{"unknown grade", bundle.ResponseFinding{Grade: "serious", Text: "x"}, "grade"},
		{"unknown requirement", bundle.ResponseFinding{Grade: "observation", Requirement: "iso42001-2023:A.99", Text: "x"}, "not an item"},
		{"a record from elsewhere", bundle.ResponseFinding{Grade: "observation", Records: []string{"nope"}, Text: "x"}, "not in this bundle"},
		{"no words", bundle.ResponseFinding{Grade: "observation"}, "no text"},
	}
	for _, c := range bad {
		n := notes
		n.Findings = []bundle.ResponseFinding{c.f}
		_, err := a.SaveBundleNotes(n)
		wantCode(t, err, ims.EINVALID, c.msg)
	}
	notes.Findings = []bundle.ResponseFinding{finding}
	if _, err := a.SaveBundleNotes(notes); err != nil {
		t.Fatal(err)
	}
	if again, _ := a.BundleNotes(); len(again.Findings) != 1 || again.Auditor.Organisation != "Certify Ltd" {
		t.Errorf("notes kept = %+v", again)
	}
	out := filepath.Join(t.TempDir(), "response.json")
	x, err := a.ExportResponse(out)
	if err != nil || x.Path != out || x.Findings != 1 || x.Fingerprint != b.AuditorFingerprint {
		t.Fatalf("ExportResponse = %+v, %v", x, err)
	}
	f, _ := os.Open(out)
	defer f.Close()
	r, err := bundle.ReadResponse(f, b.Report.ManifestHash)
	if err != nil || r.Findings[0].Text != finding.Text || r.Auditor.Fingerprint != b.AuditorFingerprint {
		t.Fatalf("ReadResponse = %+v, %v", r, err)
	}
	// Bound to this bundle: another manifest hash refuses it.
	f2, _ := os.Open(out)
	defer f2.Close()
	if _, err := bundle.ReadResponse(f2, strings.Repeat("0", 64)); err == nil {
		t.Error("a response for another bundle was accepted")
	}
	// Without a path, the bytes come back for the UI to save; the same key signs.
	x2, err := a.ExportResponse("")
	raw, _ := base64.StdEncoding.DecodeString(x2.ContentBase64)
	if err != nil || x2.Fingerprint != x.Fingerprint {
		t.Errorf("ExportResponse(\"\") = %+v, %v", x2, err)
	} else if _, err := bundle.ReadResponse(bytes.NewReader(raw), b.Report.ManifestHash); err != nil {
		t.Errorf("returned response: %v", err)
	}

	if err := a.CloseBundle(); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, e.root)
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed while a bundle was browsed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was written while a bundle was browsed", p)
		}
	}
	if _, err := os.Stat(filepath.Join(e.root, "auditor-key")); err != nil {
		t.Errorf("the auditor's key is not in the data folder: %v", err)
	}
}

func TestOpenBundleRefusesWhatIsNotABundle(t *testing.T) {
	e := ready(t)
	notZip := filepath.Join(t.TempDir(), "notes.zip")
	os.WriteFile(notZip, []byte("not a zip"), 0o600)
	for _, c := range []struct{ path, msg string }{{"", "path"}, {filepath.Join(t.TempDir(), "none.zip"), "no file"}, {notZip, "cannot be opened"}} {
		_, err := e.app.OpenBundle(c.path)
		wantCode(t, err, ims.EINVALID, c.msg)
	}
	_, err := e.app.ChooseFile("bundle")
	wantCode(t, err, ims.EFORBIDDEN, "desktop")
}
