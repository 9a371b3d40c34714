package app

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"keel/backend/ims"
)

// Evidence files travel as raw bytes, never base64 or whole in memory, through one
// handler both transports mount: `keel serve` behind its token (http.go), the desktop
// window as its asset server's handler (the web view reaches nothing else).
//
//	POST /api/evidence/upload?kind=K&id=ID&name=N   body: the file → the record (JSON)
//	GET  /api/evidence/file/<sha256>                → the file's bytes
//	GET  /api/bundle/evidence/<sha256>              → an evidence file of the open bundle (auditor.go)
//	GET  /api/bundle/file?path=packs/<name>.pdf     → another file of the open bundle
const (
	evidenceUploadPath = "/api/evidence/upload"
	evidenceFilePath   = "/api/evidence/file/"
	bundleFilePath     = "/api/bundle/evidence/"
	bundlePackPath     = "/api/bundle/file"
)

// isFilePath says whether an API path is one FileHandler serves.
func isFilePath(p string) bool {
	return p == evidenceUploadPath || strings.HasPrefix(p, evidenceFilePath) || strings.HasPrefix(p, bundleFilePath) || p == bundlePackPath
}

// FileHandler serves the evidence upload and download paths of a session's App.
func FileHandler(s *Session) http.Handler {
	a := s.App()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == evidenceUploadPath && r.Method == http.MethodPost:
			a.serveUpload(w, r)
		case strings.HasPrefix(p, evidenceFilePath) && r.Method == http.MethodGet:
			_, ev, err := a.evidence()
			if err != nil {
				writeError(w, PublicError(s.Log, err))
				return
			}
			f, err := ev.Open(strings.TrimPrefix(p, evidenceFilePath))
			serveFile(w, r, s, f, r.URL.Query().Get("name"), err)
		case strings.HasPrefix(p, bundleFilePath) && r.Method == http.MethodGet:
			f, name, err := a.bundleFile(strings.TrimPrefix(p, bundleFilePath), "")
			serveFile(w, r, s, f, name, err)
		case p == bundlePackPath && r.Method == http.MethodGet:
			f, name, err := a.bundleFile("", r.URL.Query().Get("path"))
			serveFile(w, r, s, f, name, err)
		default:
			writeError(w, ims.Errorf(ims.ENOTFOUND, "no such file path %s %s", r.Method, p))
		}
	})
}

func (a *App) serveUpload(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := q.Get("name")
	if _, ev, err := a.evidence(); err != nil {
		writeError(w, PublicError(a.s.Log, err))
		return
	} else if r.ContentLength > ev.MaxBytes() {
		// Said before a byte is read, so a browser is not made to send 3 GB to hear "no".
		writeError(w, PublicError(a.s.Log, ims.Errorf(ims.EINVALID, "%q is too large to attach: the limit is %d MB per file (Settings › Evidence files)", name, ev.MaxBytes()>>20)))
		return
	}
	rec, err := a.attach(q.Get("kind"), q.Get("id"), name, r.Body)
	if err != nil {
		writeError(w, PublicError(a.s.Log, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(rec)
}

// serveFile streams an evidence file, typed by its name so the UI can preview it, and
// sandboxed so a file opened on its own runs nothing.
func serveFile(w http.ResponseWriter, r *http.Request, s *Session, f io.ReadCloser, name string, err error) {
	if err != nil {
		writeError(w, PublicError(s.Log, err))
		return
	}
	defer f.Close()
	ct := mime.TypeByExtension(strings.ToLower(path.Ext(name)))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("Cache-Control", "private, max-age=3600") // immutable: named by its hash
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", time.Time{}, rs)
		return
	}
	io.Copy(w, f)
}
