package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"keel/backend/ims"
)

// Server is the HTTP transport of the App services: POST /api/call/<Method> with a JSON
// array of arguments, server-sent events at /api/events, and the frontend's files.
// It answers only on loopback host names, checks Origin, and needs the session token.
type Server struct {
	app     *App
	token   string
	assets  fs.FS
	methods map[string]reflect.Method
	events  *eventBroker
	files   http.Handler
}

// NewToken returns a random token for the URL printed by `keel serve`.
func NewToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// NewServer serves the session's App over HTTP; assets is the built frontend.
func NewServer(s *Session, assets fs.FS, token string) *Server {
	srv := &Server{app: s.App(), token: token, assets: assets, methods: map[string]reflect.Method{}, events: newEventBroker(), files: FileHandler(s)}
	t := reflect.TypeOf(srv.app)
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		srv.methods[m.Name] = m
	}
	s.AddEmitter(srv.events)
	return srv
}

// maxBody allows a 25 MB evidence file or a 20 MB import, base64-encoded, in one call.
const maxBody = 40 << 20

func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		http.Error(w, "Keel answers only on 127.0.0.1 or localhost", http.StatusForbidden)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// No other page may frame Keel (clickjacking); plugins and foreign form targets are off.
	w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'")
	w.Header().Set("X-Frame-Options", "DENY")
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/call/"):
		srv.call(w, r, strings.TrimPrefix(r.URL.Path, "/api/call/"))
	case r.URL.Path == "/api/events":
		srv.serveEvents(w, r)
	case isFilePath(r.URL.Path): // evidence files, streamed (evidence_http.go)
		if !srv.authorised(r.Header.Get("X-Keel-Token")) {
			writeError(w, ims.Errorf(ims.EFORBIDDEN, "missing or wrong token: open the URL that `keel serve` printed"))
			return
		}
		srv.files.ServeHTTP(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		writeError(w, ims.Errorf(ims.ENOTFOUND, "no such API path %s", r.URL.Path))
	default:
		srv.serveAsset(w, r)
	}
}

func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (srv *Server) authorised(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(srv.token)) == 1
}

func writeError(w http.ResponseWriter, e *ims.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(HTTPStatus(e.Code))
	json.NewEncoder(w).Encode(e)
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

func (srv *Server) call(w http.ResponseWriter, r *http.Request, name string) {
	if !srv.authorised(r.Header.Get("X-Keel-Token")) {
		writeError(w, ims.Errorf(ims.EFORBIDDEN, "missing or wrong token: open the URL that `keel serve` printed"))
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, ims.Errorf(ims.EINVALID, "use POST for API calls"))
		return
	}
	m, ok := srv.methods[name]
	if !ok {
		writeError(w, ims.Errorf(ims.ENOTFOUND, "no such method %q", name))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, ims.Errorf(ims.EINVALID, "read request: %v", err))
		return
	}
	if len(body) > maxBody {
		writeError(w, ims.Errorf(ims.EINVALID, "request too large: at most %d MB", maxBody>>20))
		return
	}
	args, bad := decodeArgs(m, name, body)
	if bad != nil {
		writeError(w, bad)
		return
	}
	out := m.Func.Call(append([]reflect.Value{reflect.ValueOf(srv.app)}, args...))
	var result any
	for _, v := range out {
		if v.Type().Implements(errorType) {
			if !v.IsNil() {
				writeError(w, PublicError(srv.app.s.Log, v.Interface().(error)))
				return
			}
			continue
		}
		result = v.Interface()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(result)
}

// decodeArgs reads a call's body, a JSON array, into the arguments of method m (after
// its receiver), or says what is wrong with it.
func decodeArgs(m reflect.Method, name string, body []byte) ([]reflect.Value, *ims.Error) {
	var raw []json.RawMessage
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, ims.Errorf(ims.EINVALID, "the body must be a JSON array of arguments: %v", err)
		}
	}
	nin := m.Type.NumIn() - 1 // minus the receiver
	if len(raw) != nin {
		return nil, ims.Errorf(ims.EINVALID, "%s takes %d argument(s), got %d", name, nin, len(raw))
	}
	args := make([]reflect.Value, 0, nin)
	for i, rm := range raw {
		p := reflect.New(m.Type.In(i + 1))
		if err := json.Unmarshal(rm, p.Interface()); err != nil {
			return nil, ims.Errorf(ims.EINVALID, "argument %d of %s: %v", i+1, name, err)
		}
		args = append(args, p.Elem())
	}
	return args, nil
}

func (srv *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	if path == "" {
		path = "index.html"
	}
	if _, err := fs.Stat(srv.assets, path); err != nil {
		path = "index.html" // client-side routes
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, srv.assets, path)
}

// eventBroker fans events out to the open SSE streams. A slow client loses events rather
// than slowing writers; the UI refetches on any event.
type eventBroker struct {
	mu   sync.Mutex
	subs map[chan []byte]bool
}

func newEventBroker() *eventBroker { return &eventBroker{subs: map[chan []byte]bool{}} }

func (b *eventBroker) Emit(name string, data any) {
	payload, _ := json.Marshal(data)
	msg := fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, payload)
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- msg:
		default:
		}
	}
}

func (srv *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if !srv.authorised(r.URL.Query().Get("token")) {
		writeError(w, ims.Errorf(ims.EFORBIDDEN, "missing or wrong token"))
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, ims.Errorf(ims.EINTERNAL, "streaming unsupported"))
		return
	}
	ch := make(chan []byte, 64)
	srv.events.mu.Lock()
	srv.events.subs[ch] = true
	srv.events.mu.Unlock()
	defer func() {
		srv.events.mu.Lock()
		delete(srv.events.subs, ch)
		srv.events.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg := <-ch:
			w.Write(msg)
			flusher.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		}
	}
}
