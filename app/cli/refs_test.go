package cli

import (
	"strings"
	"testing"
)

// The command line writes through the same schema as the window, so it refuses a reference
// to an item no shipped catalogue holds.
func TestCLICatalogueReferences(t *testing.T) {
	dir := prepared(t)
	ok(t, dir, "records", "create", "audit", "title=AI audit", "standards=ISO/IEC 42001", "lead_auditor=José Núñez",
		"status=planned", "criteria=iso42001-2023:A.6.2.6")
	r := keel(t, dir, "records", "create", "audit", "title=Bad audit", "standards=ISO/IEC 42001", "lead_auditor=José Núñez",
		"status=planned", "criteria=iso42001-2023:A.99")
	if r.code != 1 || !strings.Contains(r.stderr, `"iso42001-2023:A.99" is not an item of a catalogue Keel ships`) {
		t.Errorf("unknown item: exit %d, %s", r.code, r.stderr)
	}
}
