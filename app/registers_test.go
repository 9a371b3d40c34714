package app_test

import (
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"keel/app"
	"keel/app/cli"
	"keel/backend/ims"
	"keel/backend/workspace"
)

// noEvidence is an open workspace without evidence files, as a build without them opens.
type noEvidence struct{ app.WorkspaceStore }

// Evidence says this workspace keeps none.
func (noEvidence) Evidence() ims.EvidenceService { return nil }

// readyWithEvidence is ready() with evidence wired as main wires it, and a small limit.
func readyWithEvidence(t *testing.T) *app.App {
	t.Helper()
	return openNamed(t, newEnvWith(t, 1024), "Fenmore Credit", false).app
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestDemoRegisters(t *testing.T) {
	e, _ := readyRegisters(t)
	for _, kind := range []string{"policy", "role", "objective", "measurement", "change", "resource", "training", "awareness",
		"communication", "document", "supplier", "incident", "nonconformity", "improvement", "action"} {
		res, err := e.app.ListRecords(ims.ListQuery{Kind: kind})
		if err != nil || res.Total < 3 {
			t.Errorf("%s: %d records, %v; want at least 3", kind, res.Total, err)
		}
	}
	due, err := e.app.Due("2026-11-27")
	if err != nil {
		t.Fatal(err)
	}
	if len(due.Overdue) < 5 || len(due.DueSoon) < 3 {
		t.Errorf("%d overdue and %d due this month, want a realistic mix", len(due.Overdue), len(due.DueSoon))
	}
	kinds := map[string]bool{}
	for _, it := range due.Overdue {
		kinds[it.Kind] = true
	}
	if len(kinds) < 4 {
		t.Errorf("overdue items come from only %v", kinds)
	}
	if len(due.Incidents) == 0 || due.Incidents[0].Clock == nil {
		t.Fatalf("open incidents %+v: want the open breach first with its clock", due.Incidents)
	}
	if c := due.Incidents[0].Clock; c.HoursLeft < 60 || c.HoursLeft > 72 || c.Overdue || c.Stopped {
		t.Errorf("breach clock %+v: want a live clock with about 67 hours left", c)
	}
	ms, _ := e.app.ListRecords(ims.ListQuery{Kind: "measurement"})
	perObjective := map[string]int{}
	for _, m := range ms.Records {
		perObjective[m.Fields["objective"].(string)]++
	}
	for id, n := range perObjective {
		if n < 4 {
			t.Errorf("objective %s has %d measurements, want a trend", id, n)
		}
	}
	people, _ := e.app.ListRecords(ims.ListQuery{Kind: "role"})
	nonASCII := 0
	for _, r := range people.Records {
		if hasNonASCIILetter(r.Fields["person"].(string)) {
			nonASCII++
		}
	}
	if nonASCII < 3 {
		t.Errorf("only %d role holders with non-ASCII names", nonASCII)
	}
}

func TestExportImportRecords(t *testing.T) {
	e := ready(t)
	for _, title := range []string{"Renew DPA with Bramley", "Patch the VPN"} {
		if _, err := e.app.CreateRecord("action", map[string]any{"title": title, "owner": "José Núñez", "status": "open", "due_date": "2026-12-01"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			out, err := e.app.ExportRecords("action", format)
			if err != nil {
				t.Fatal(err)
			}
			if out.Records < 2 || out.FileName != "action."+format || out.ContentBase64 == "" {
				t.Fatalf("export = %+v", out)
			}
			before, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
			// Read back unchanged, the export changes nothing: its ids name the records.
			res, err := e.app.ImportRecords("action", format, out.ContentBase64)
			if err != nil || res.Created != 0 || res.Updated != 0 || res.Same != before.Total || len(res.Errors) != 0 {
				t.Fatalf("import = %+v, %v", res, err)
			}
			if format == "csv" {
				// With the ids blanked, every row creates a record.
				data, _ := base64.StdEncoding.DecodeString(out.ContentBase64)
				lines := strings.Split(string(data), "\n")
				for i := 1; i < len(lines); i++ {
					if _, rest, ok := strings.Cut(lines[i], ","); ok {
						lines[i] = "," + rest
					}
				}
				res, err := e.app.ImportRecords("action", format, b64(strings.Join(lines, "\n")))
				if err != nil || res.Created != before.Total || len(res.Errors) != 0 {
					t.Fatalf("import without ids = %+v, %v", res, err)
				}
			}
		})
	}
	t.Run("a bad file imports nothing and lists every problem", func(t *testing.T) {
		before, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		res, err := e.app.ImportRecords("action", "csv", b64("title,owner,status,due_date\nA,Zoë,open,31/02/2026\nB,Zoë,later,\n"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || len(res.Errors) != 2 || res.Errors[0].Row != 2 || res.Errors[0].Column != "due_date" ||
			!strings.Contains(res.Message, "nothing imported") {
			t.Errorf("result = %+v", res)
		}
		after, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		if after.Total != before.Total {
			t.Errorf("%d records after a rejected import, had %d", after.Total, before.Total)
		}
	})
	calls := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"unknown format", func() error { _, err := e.app.ExportRecords("action", "ods"); return err }, ims.EINVALID, "csv or xlsx"},
		{"unknown kind", func() error { _, err := e.app.ImportRecords("widget", "csv", b64("x")); return err }, ims.ENOTFOUND, "widget"},
		{"not base64", func() error { _, err := e.app.ImportRecords("action", "csv", "%%%"); return err }, ims.EINVALID, "not base64"},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.call(), c.code, c.msg) })
	}
}

func TestAttachments(t *testing.T) {
	a := readyWithEvidence(t)
	pol, err := a.CreateRecord("policy", map[string]any{"title": "Responsible AI Policy", "owner": "Siobhán O'Connell", "status": "approved"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.AttachFile("policy", pol.ID, "Board minutes, June.pdf", b64("%PDF minutes"))
	if err != nil {
		t.Fatal(err)
	}
	if refs, _ := r.Fields["attachments"].([]string); len(refs) != 1 || !strings.HasSuffix(refs[0], "/Board minutes_ June.pdf") {
		t.Fatalf("attachments = %v", r.Fields["attachments"])
	}
	if _, err := a.AttachFile("policy", pol.ID, "copy.pdf", b64("%PDF minutes")); err != nil {
		t.Fatal(err)
	}
	list, err := a.Attachments("policy", pol.ID)
	if err != nil || len(list) != 2 || list[0].SHA256 != list[1].SHA256 || list[0].Size != 12 || list[0].Missing {
		t.Fatalf("Attachments = %+v, %v", list, err)
	}
	if err := a.VerifyEvidence(list[0].SHA256); err != nil {
		t.Error(err)
	}
	got, err := a.EvidenceFile(list[0].SHA256)
	if err != nil || got.ContentBase64 != b64("%PDF minutes") {
		t.Errorf("EvidenceFile = %+v, %v", got, err)
	}
	h, _ := a.History("policy", pol.ID)
	if last := h[len(h)-1]; last.Field != "attachments" {
		t.Errorf("attaching is not in the history: %+v", last)
	}
	if r, err = a.DetachFile("policy", pol.ID, list[0].SHA256); err != nil || r.Fields["attachments"] != nil {
		t.Errorf("DetachFile = %v, %v", r.Fields["attachments"], err)
	}
	meas, _ := a.CreateRecord("objective", map[string]any{"title": "Fair decisions", "owner": "Priya Raghunathan"})
	calls := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"too large", func() error {
			_, err := a.AttachFile("policy", pol.ID, "big.bin", b64(strings.Repeat("x", 2000)))
			return err
		}, ims.EINVALID, "too large to attach"},
		{"kind without attachments", func() error { _, err := a.AttachFile("objective", meas.ID, "a.txt", b64("a")); return err }, ims.EINVALID, "do not take evidence files"},
		{"no such record", func() error { _, err := a.AttachFile("policy", "nope", "a.txt", b64("a")); return err }, ims.ENOTFOUND, "nope"},
		{"detach what is not there", func() error { _, err := a.DetachFile("policy", pol.ID, strings.Repeat("0", 64)); return err }, ims.ENOTFOUND, "no evidence file"},
		{"verify a missing file", func() error { return a.VerifyEvidence(strings.Repeat("1", 64)) }, ims.ENOTFOUND, "missing"},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.call(), c.code, c.msg) })
	}
	t.Run("a build without evidence says so", func(t *testing.T) {
		ws := workspace.Workspaces{Root: t.TempDir()}
		full := cli.StoreOpener(ws, 0, 0)
		open := func(info ims.WorkspaceInfo, onChange func(ims.RecordChange)) (app.WorkspaceStore, error) {
			st, err := full(info, onChange)
			if err != nil {
				return nil, err
			}
			return noEvidence{st}, nil
		}
		sess := app.NewSession("test", "http", ws, open, slog.New(slog.NewTextHandler(io.Discard, nil)))
		t.Cleanup(func() { sess.Close() })
		if _, err := sess.App().CreateWorkspace("Fenmore Credit", false); err != nil {
			t.Fatal(err)
		}
		_, err := sess.App().Attachments("policy", "x")
		if ims.ErrorCode(err) != ims.EFORBIDDEN || !errors.As(err, new(*ims.Error)) {
			t.Errorf("err = %v", err)
		}
	})
}
