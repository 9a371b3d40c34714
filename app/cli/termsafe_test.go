package cli

import (
	"strings"
	"testing"
)

// A record's text cannot drive the terminal: escape sequences and bidi overrides are
// printed as visible escapes, in list output and in JSON alike (JSON escapes them itself).
func TestTerminalOutputEscapesUserText(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "context_issue", "title=Evil\x1b[2J\u202Egpj.exe", "type=external", "status=open", "owner=Zoë")
	out := ok(t, dir, "records", "list", "context_issue")
	if strings.ContainsAny(out, "\x1b\u202E") || !strings.Contains(out, `Evil\u001b[2J\u202egpj.exe`) {
		t.Errorf("list printed %q", out)
	}
	if !strings.Contains(out, "\n") {
		t.Errorf("newlines went too: %q", out)
	}
}
