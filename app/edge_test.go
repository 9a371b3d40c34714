package app_test

import (
	"strings"
	"testing"
)

// No other page may put Keel in a frame: every answer says so.
func TestHTTPRefusesFraming(t *testing.T) {
	srv := serve(t, newEnv(t).sess)
	for _, path := range []string{"/", "/api/call/Nothing"} {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy = %q", path, csp)
		}
		if xfo := resp.Header.Get("X-Frame-Options"); xfo != "DENY" {
			t.Errorf("GET %s: X-Frame-Options = %q", path, xfo)
		}
	}
}
