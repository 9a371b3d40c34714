package app_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"keel/app"
	"keel/backend/ims"
)

// TestAsOfReads: on the demo, the app's as-of reads and every pack read the workspace as
// it stood at the end of the day asked for, and a bad date is refused on field as_of.
func TestAsOfReads(t *testing.T) {
	e, _ := demoReviews(t)
	stage := func(asOf string) any {
		res, err := e.app.ListRecordsAsOf(ims.ListQuery{Kind: "ai_system", Search: "Credit-decision"}, asOf)
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("as of %q: %v %+v", asOf, err, res)
		}
		return res.Records[0].Fields["stage"]
	}
	if got := stage("2025-09-30"); got != "verification and validation" {
		t.Errorf("the credit model as of 2025-09-30 is at %v", got)
	}
	if got := stage(""); got != "operation and monitoring" {
		t.Errorf("the credit model today is at %v", got)
	}
	for _, bad := range []string{"2025-02-30", "30 June 2025", "2999-12-31"} {
		_, err := e.app.ListRecordsAsOf(ims.ListQuery{Kind: "ai_system"}, bad)
		if ae := ims.AsError(err); ae.Code != ims.EINVALID || ae.Field != "as_of" {
			t.Errorf("as of %q: %v, want invalid as_of", bad, err)
		}
		if _, _, err := app.RenderPack(e.app, app.PackRequest{Kind: "audit", AsOf: bad}, time.Now()); ims.AsError(err).Field != "as_of" {
			t.Errorf("a pack as of %q: %v, want invalid as_of", bad, err)
		}
	}

	// The audit pack as of the end of 2025 holds none of 2026's audits; today's does.
	text := func(asOf string) string {
		pdf, name, err := app.RenderPack(e.app, app.PackRequest{Kind: "audit", AsOf: asOf}, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if asOf != "" && name != "keel-audit-as-of-"+asOf+".pdf" {
			t.Errorf("file name %s", name)
		}
		cmd := exec.Command("pdftotext", "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf.Bytes)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext (poppler-utils): %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	const audit = "AI lifecycle and model change"
	if now := text(""); !strings.Contains(now, audit) {
		t.Fatalf("today's audit pack lacks %q", audit)
	}
	then := text("2025-12-31")
	if strings.Contains(then, audit) || !strings.Contains(then, "As of 31 December 2025, as it stood then") {
		t.Errorf("the audit pack as of 2025-12-31 shows a 2026 audit or lacks its date:\n%.600s", then)
	}
}
