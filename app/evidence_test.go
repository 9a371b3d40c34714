package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

func TestEvidenceMetaAndList(t *testing.T) {
	e := openNamed(t, newEnvWith(t, 1<<20), "Fenmore Credit", false)
	a := e.app
	pol, _ := a.CreateRecord("policy", map[string]any{"title": "Responsible AI Policy", "owner": "Siobhán O'Connell", "status": "approved"})
	sup, _ := a.CreateRecord("supplier", map[string]any{"name": "Acme Scoring Ltd"})
	if _, err := a.AttachFile("policy", pol.ID, "iso-cert.pdf", b64("%PDF cert")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AttachFile("supplier", sup.ID, "iso-cert.pdf", b64("%PDF cert")); err != nil {
		t.Fatal(err)
	}
	list, _ := a.Attachments("policy", pol.ID)
	if len(list) != 1 || list[0].Meta.AddedBy != ada.Name || list[0].Meta.AddedAt == "" {
		t.Fatalf("who added it and when are not kept: %+v", list)
	}
	meta := ims.EvidenceMeta{Type: "certificate", Collected: "2024-01-10", ValidUntil: "2025-01-09", Source: "Acme, via email", AddedBy: "someone else"}
	r, err := a.SetAttachmentMeta("policy", pol.ID, list[0].SHA256, meta)
	if err != nil {
		t.Fatal(err)
	}
	_, _, got, _ := ims.ParseAttachment(r.Fields["attachments"].([]string)[0])
	if got.Type != "certificate" || got.ValidUntil != "2025-01-09" || got.Source != "Acme, via email" || got.AddedBy != ada.Name {
		t.Errorf("metadata kept = %+v", got)
	}
	h, _ := a.History("policy", pol.ID)
	if last := h[len(h)-1]; last.Field != "attachments" {
		t.Errorf("describing a file is not in the history: %+v", last)
	}
	if _, err := a.SetAttachmentMeta("policy", pol.ID, list[0].SHA256, ims.EvidenceMeta{Collected: "2025-02-01", ValidUntil: "2025-01-01"}); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("valid until before collected: %v", err)
	}
	files, err := a.EvidenceList()
	if err != nil || len(files) != 1 {
		t.Fatalf("EvidenceList = %+v, %v", files, err)
	}
	f := files[0]
	if f.Name != "iso-cert.pdf" || f.Size != 9 || f.Missing || !f.Stale || len(f.Records) != 2 || f.Meta.Type != "certificate" {
		t.Errorf("evidence item = %+v", f)
	}
	if f.Records[0].Kind != "policy" || f.Records[1].Kind != "supplier" {
		t.Errorf("records it supports = %+v", f.Records)
	}
}

func TestEvidenceSizeLimitSetting(t *testing.T) {
	a := openNamed(t, newEnvWith(t, 0), "Fenmore Credit", false).app
	s, err := a.EvidenceSettings()
	if err != nil || s.MaxFileMB != 200 {
		t.Fatalf("default = %+v, %v", s, err)
	}
	if _, err := a.SetEvidenceSettings(app.EvidenceSettings{MaxFileMB: 0}); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("0 MB: %v", err)
	}
	if s, err = a.SetEvidenceSettings(app.EvidenceSettings{MaxFileMB: 1}); err != nil || s.MaxFileMB != 1 {
		t.Fatalf("set = %+v, %v", s, err)
	}
	pol, _ := a.CreateRecord("policy", map[string]any{"title": "P", "owner": "O", "status": "draft"})
	_, err = a.AttachFile("policy", pol.ID, "big.bin", b64(strings.Repeat("x", 1<<20+10)))
	if ims.ErrorCode(err) != ims.EINVALID || !strings.Contains(err.Error(), "1 MB") {
		t.Errorf("over the workspace's limit: %v", err)
	}
}

// The upload path streams the body into the evidence store; the download path streams it
// back, typed by name so the UI can preview it.
func TestEvidenceUploadAndDownloadOverHTTP(t *testing.T) {
	e := openNamed(t, newEnvWith(t, 1<<20), "Fenmore Credit", false)
	srv := serve(t, e.sess)
	pol, _ := e.app.CreateRecord("policy", map[string]any{"title": "P", "owner": "O", "status": "draft"})
	q := url.Values{"kind": {"policy"}, "id": {pol.ID}, "name": {"minutes.txt"}}
	if code, _ := do(t, srv, request{path: "/api/evidence/upload?" + q.Encode(), body: "board minutes"}); code != http.StatusForbidden {
		t.Errorf("no token: %d", code)
	}
	code, body := do(t, srv, request{path: "/api/evidence/upload?" + q.Encode(), body: "board minutes", token: token})
	var rec ims.Record
	if code != 200 || json.Unmarshal(body, &rec) != nil {
		t.Fatalf("upload = %d %s", code, body)
	}
	refs, _ := rec.Fields["attachments"].([]any)
	h, name, _ := ims.SplitAttachment(refs[0].(string))
	if name != "minutes.txt" {
		t.Fatalf("attached %v", refs)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/evidence/file/"+h+"?name=minutes.txt", nil)
	req.Header.Set("X-Keel-Token", token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil || string(got) != "board minutes" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("download = %q %q %v", got, resp.Header.Get("Content-Type"), err)
	}
	// A file larger than any JSON call may carry goes through: the bytes are streamed.
	if _, err := e.app.SetEvidenceSettings(app.EvidenceSettings{MaxFileMB: 64}); err != nil {
		t.Fatal(err)
	}
	q.Set("name", "recording.bin")
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/api/evidence/upload?"+q.Encode(), io.LimitReader(zeros{}, 48<<20))
	req.Header.Set("X-Keel-Token", token)
	if resp, err := srv.Client().Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("a 48 MB upload: %v %v", resp.Status, err)
	} else {
		resp.Body.Close()
	}
	if files, _ := e.app.EvidenceList(); len(files) != 2 || files[1].Size != 48<<20 {
		t.Fatalf("after the large upload: %+v", files)
	}
	e.app.SetEvidenceSettings(app.EvidenceSettings{MaxFileMB: 1})
	big := strings.Repeat("x", 1<<20+1)
	code, body = do(t, srv, request{path: "/api/evidence/upload?" + q.Encode(), body: big, token: token})
	if code != http.StatusBadRequest || !strings.Contains(string(body), "too large to attach") {
		t.Errorf("over the limit = %d %s", code, body)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
