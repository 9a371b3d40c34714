package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/workspace"
)

const token = "0123456789abcdef0123456789abcdef"

var assets = fstest.MapFS{
	"index.html":    {Data: []byte("<!doctype html><title>Keel</title>")},
	"assets/app.js": {Data: []byte("console.log('keel')")},
}

func serve(t *testing.T, sess *app.Session) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(app.NewServer(sess, assets, token))
	t.Cleanup(srv.Close)
	return srv
}

type request struct {
	method string
	path   string
	body   string
	token  string
	host   string // "" keeps the server's 127.0.0.1:port
	origin string
}

func do(t *testing.T, srv *httptest.Server, r request) (int, []byte) {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	req, err := http.NewRequest(r.method, srv.URL+r.path, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if r.token != "" {
		req.Header.Set("X-Keel-Token", r.token)
	}
	if r.host != "" {
		req.Host = r.host
	}
	if r.origin != "" {
		req.Header.Set("Origin", r.origin)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// call posts one API call with the token and decodes a 200 result into out.
func call(t *testing.T, srv *httptest.Server, method string, out any, args ...any) {
	t.Helper()
	body, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	status, b := do(t, srv, request{path: "/api/call/" + method, body: string(body), token: token})
	if status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", method, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: decode %s: %v", method, b, err)
		}
	}
}

func TestHTTPGuards(t *testing.T) {
	e := ready(t)
	srv := serve(t, e.sess)
	self := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name       string
		req        request
		wantStatus int
		wantCode   string // the JSON error's code, when the answer is a JSON error
		wantMsg    string
	}{
		{name: "with the token", req: request{path: "/api/call/Version", token: token}, wantStatus: 200},
		{name: "without the token", req: request{path: "/api/call/Version"}, wantStatus: 403, wantCode: ims.EFORBIDDEN, wantMsg: "open the URL that `keel serve` printed"},
		{name: "with a wrong token", req: request{path: "/api/call/Version", token: strings.Repeat("0", 32)}, wantStatus: 403, wantCode: ims.EFORBIDDEN},
		{name: "a write without the token", req: request{path: "/api/call/CreateRecord", body: `["context_issue",{"title":"x","type":"internal"}]`}, wantStatus: 403, wantCode: ims.EFORBIDDEN},
		{name: "host localhost", req: request{path: "/api/call/Version", token: token, host: "localhost:4780"}, wantStatus: 200},
		{name: "host IPv6 loopback", req: request{path: "/api/call/Version", token: token, host: "[::1]:4780"}, wantStatus: 200},
		{name: "foreign host refused", req: request{path: "/api/call/Version", token: token, host: "evil.example"}, wantStatus: 403},
		{name: "rebinding host refused", req: request{path: "/api/call/Version", token: token, host: "127.0.0.1.evil.example:4780"}, wantStatus: 403},
		{name: "LAN address refused", req: request{path: "/api/call/Version", token: token, host: "192.168.1.20:4780"}, wantStatus: 403},
		{name: "foreign host refused for the page too", req: request{method: "GET", path: "/", host: "evil.example"}, wantStatus: 403},
		{name: "same origin", req: request{path: "/api/call/Version", token: token, origin: "http://" + self}, wantStatus: 200},
		{name: "foreign origin refused", req: request{path: "/api/call/Version", token: token, origin: "http://evil.example"}, wantStatus: 403},
		{name: "null origin refused", req: request{path: "/api/call/Version", token: token, origin: "null"}, wantStatus: 403},
		{name: "other port on loopback refused", req: request{path: "/api/call/Version", token: token, origin: "http://127.0.0.1:1"}, wantStatus: 403},
		{name: "GET is not a call", req: request{method: "GET", path: "/api/call/Version", token: token}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "use POST"},
		{name: "unknown method", req: request{path: "/api/call/DropEverything", token: token, body: "[]"}, wantStatus: 404, wantCode: ims.ENOTFOUND, wantMsg: `no such method "DropEverything"`},
		{name: "unexported method", req: request{path: "/api/call/demoActor", token: token, body: "[]"}, wantStatus: 404, wantCode: ims.ENOTFOUND},
		{name: "too few arguments", req: request{path: "/api/call/GetRecord", token: token, body: `["context_issue"]`}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "GetRecord takes 2 argument(s), got 1"},
		{name: "too many arguments", req: request{path: "/api/call/Version", token: token, body: `[1]`}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "Version takes 0 argument(s), got 1"},
		{name: "no body for a method with arguments", req: request{path: "/api/call/GetRecord", token: token}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "got 0"},
		{name: "bad JSON", req: request{path: "/api/call/GetRecord", token: token, body: `["context_issue",`}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "JSON array of arguments"},
		{name: "an object instead of an array", req: request{path: "/api/call/GetRecord", token: token, body: `{"kind":"context_issue"}`}, wantStatus: 400, wantCode: ims.EINVALID},
		{name: "an argument of the wrong type", req: request{path: "/api/call/GetRecord", token: token, body: `[1, 2]`}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "argument 1 of GetRecord"},
		{name: "a struct argument of the wrong shape", req: request{path: "/api/call/ListRecords", token: token, body: `[{"kind": 5}]`}, wantStatus: 400, wantCode: ims.EINVALID, wantMsg: "argument 1 of ListRecords"},
		{name: "unknown API path", req: request{path: "/api/other", token: token}, wantStatus: 404, wantCode: ims.ENOTFOUND},
		{name: "events without the token", req: request{method: "GET", path: "/api/events"}, wantStatus: 403, wantCode: ims.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, srv, tt.req)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", status, tt.wantStatus, body)
			}
			if tt.wantCode == "" {
				return
			}
			var e map[string]string
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body %q is not JSON: %v", body, err)
			}
			if e["code"] != tt.wantCode || !strings.Contains(e["message"], tt.wantMsg) {
				t.Errorf("error = %v, want code %q and a message containing %q", e, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestHTTPAssets(t *testing.T) {
	srv := serve(t, newEnv(t).sess)
	tests := []struct {
		path, want string
	}{
		{"/", "<title>Keel</title>"},
		{"/assets/app.js", "console.log"},
		{"/risks/42", "<title>Keel</title>"}, // a client-side route gets the app
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := do(t, srv, request{method: "GET", path: tt.path})
			if status != 200 || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s = %d %q", tt.path, status, body)
			}
		})
	}
}

func TestHTTPRoundTrip(t *testing.T) {
	e := ready(t)
	srv := serve(t, e.sess)

	var created ims.Record
	call(t, srv, "CreateRecord", &created, "context_issue", map[string]any{
		"title": "Consumer Duty — automated decisions", "type": "external", "lens": []string{"ai", "privacy"},
		"owner": "Siobhán O'Connell", "review_date": "2026-12-15"})
	if created.ID == "" || created.Title != "Consumer Duty — automated decisions" || created.CreatedBy != ada {
		t.Fatalf("created = %+v", created)
	}
	if lens, _ := created.Fields["lens"].([]any); len(lens) != 2 || lens[0] != "privacy" {
		t.Errorf("lens = %v, want [privacy ai]", created.Fields["lens"])
	}

	var got ims.Record
	call(t, srv, "GetRecord", &got, "context_issue", created.ID)
	if got.ID != created.ID || got.Fields["owner"] != "Siobhán O'Connell" || got.UpdatedAt == "" {
		t.Errorf("GetRecord = %+v", got)
	}

	var updated ims.Record
	call(t, srv, "UpdateRecord", &updated, "context_issue", created.ID, map[string]any{"status": "open"})
	if updated.Fields["status"] != "open" {
		t.Errorf("UpdateRecord = %+v", updated.Fields)
	}

	var hist []ims.HistoryEntry
	call(t, srv, "History", &hist, "context_issue", created.ID)
	var types []string
	for _, h := range hist {
		types = append(types, string(h.Type)+":"+h.Field)
	}
	want := "create:,set:title,set:type,set:lens,set:owner,set:review_date,set:status"
	if strings.Join(types, ",") != want {
		t.Errorf("history = %s\nwant      %s", strings.Join(types, ","), want)
	}
	if hist[0].Actor != ada || hist[0].At == "" {
		t.Errorf("first history entry = %+v", hist[0])
	}

	var list ims.ListResult
	call(t, srv, "ListRecords", &list, ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "open"}})
	if list.Total != 1 || list.Records[0].ID != created.ID {
		t.Errorf("ListRecords = %+v", list)
	}
	var hits []ims.SearchHit
	call(t, srv, "Search", &hits, "siobhán")
	if len(hits) != 1 || hits[0].ID != created.ID {
		t.Errorf("Search = %+v", hits)
	}
	status, body := do(t, srv, request{path: "/api/call/DeleteRecord", token: token, body: `["context_issue","` + created.ID + `"]`})
	if status != 200 || strings.TrimSpace(string(body)) != "null" {
		t.Errorf("DeleteRecord = %d %s, want 200 null", status, body)
	}
	var restored ims.Record
	call(t, srv, "RestoreRecord", &restored, "context_issue", created.ID)
	if restored.Deleted {
		t.Errorf("restored record still deleted")
	}
}

func TestHTTPErrorShape(t *testing.T) {
	e := ready(t)
	srv := serve(t, e.sess)
	tests := []struct {
		name   string
		method string
		body   string
		status int
		want   map[string]any // the whole JSON body
	}{
		{"invalid value names the field", "CreateRecord", `["context_issue",{"title":"x","type":"sideways"}]`, 400,
			map[string]any{"code": "invalid", "field": "type",
				"message": `Internal or external: "sideways" is not allowed; choose one of: internal, external`}},
		{"missing required field", "CreateRecord", `["context_issue",{"type":"internal"}]`, 400,
			map[string]any{"code": "invalid", "field": "title", "message": "Issue is required"}},
		{"unknown kind has no field", "CreateRecord", `["widget",{}]`, 404,
			map[string]any{"code": "not_found", "message": `unknown record kind "widget" (see ` + "`keel records kinds`)"}},
		{"missing record", "GetRecord", `["context_issue","nope"]`, 404,
			map[string]any{"code": "not_found", "message": `there is no Context issue with id "nope"`}},
		{"link to a missing record", "CreateRecord", `["context_issue",{"title":"x","type":"internal","related_parties":["nope"]}]`, 400,
			map[string]any{"code": "invalid", "field": "related_parties", "message": `Related interested parties: there is no interested party with id "nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, srv, request{path: "/api/call/" + tt.method, body: tt.body, token: token})
			if status != tt.status {
				t.Fatalf("status = %d, want %d: %s", status, tt.status, body)
			}
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if !equalJSON(got, tt.want) {
				t.Errorf("body = %v\nwant   %v", got, tt.want)
			}
		})
	}
	var list ims.ListResult
	call(t, srv, "ListRecords", &list, ims.ListQuery{Kind: "context_issue"})
	if list.Total != 0 {
		t.Errorf("failed calls created %d records", list.Total)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestHTTPInternalErrorIsHidden(t *testing.T) {
	root := t.TempDir()
	ws := workspace.Workspaces{Root: root}
	info, err := ws.Create("Mocked")
	if err != nil {
		t.Fatal(err)
	}
	mock := &mockStore{GetRecordFn: func(context.Context, string, string) (ims.Record, error) {
		return ims.Record{}, errors.New("badger: table checksum mismatch at /home/ada/keel/db/000001.sst")
	}}
	var logBuf bytes.Buffer
	sess := app.NewSession("test", "http", ws, func(ims.WorkspaceInfo, func(ims.RecordChange)) (app.WorkspaceStore, error) {
		return mock, nil
	}, slog.New(slog.NewTextHandler(&logBuf, nil)))
	if _, err := sess.Open(info.ID); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, sess)
	status, body := do(t, srv, request{path: "/api/call/GetRecord", body: `["context_issue","x"]`, token: token})
	if status != 500 {
		t.Fatalf("status = %d: %s", status, body)
	}
	if got := strings.TrimSpace(string(body)); got != `{"code":"internal","message":"internal error"}` {
		t.Errorf("body = %s; internals must not reach the browser", got)
	}
	if !strings.Contains(logBuf.String(), "checksum mismatch") {
		t.Errorf("the internal error was not logged: %q", logBuf.String())
	}
}

// sse reads server-sent events from the stream into a channel, one "name data" per event.
func sse(t *testing.T, srv *httptest.Server) <-chan [2]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/events?token="+token, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(resp.Body)
	if line, err := r.ReadString('\n'); err != nil || line != ": connected\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	out := make(chan [2]string, 16)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		var name, data string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSuffix(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				out <- [2]string{name, data}
				name, data = "", ""
			}
		}
	}()
	return out
}

func next(t *testing.T, events <-chan [2]string) [2]string {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return [2]string{}
}

func TestHTTPEvents(t *testing.T) {
	e := ready(t)
	srv := serve(t, e.sess)
	events := sse(t, srv)

	var r ims.Record
	call(t, srv, "CreateRecord", &r, "context_issue", map[string]any{"title": "Watched", "type": "internal"})
	ev := next(t, events)
	if ev[0] != ims.EventRecordsChanged {
		t.Fatalf("event = %q, want %q", ev[0], ims.EventRecordsChanged)
	}
	var change ims.RecordChange
	if err := json.Unmarshal([]byte(ev[1]), &change); err != nil || change.Kind != "context_issue" || change.ID != r.ID {
		t.Errorf("data = %s (%v), want the created record", ev[1], err)
	}

	// A failed write sends nothing; the next event is the rename below.
	do(t, srv, request{path: "/api/call/CreateRecord", body: `["context_issue",{"title":"x"}]`, token: token})
	cur := e.app.CurrentWorkspace()
	call(t, srv, "RenameWorkspace", nil, cur.ID, "Renamed Ltd")
	ev = next(t, events)
	var info ims.WorkspaceInfo
	if err := json.Unmarshal([]byte(ev[1]), &info); ev[0] != ims.EventWorkspaceChanged || err != nil || info.Name != "Renamed Ltd" {
		t.Errorf("event = %v, want workspace:changed with the new name", ev)
	}
}
