package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/app"
	"keel/backend/ims"
)

// asOfWorkspace is a data folder whose context issue was opened in March 2025 and closed
// in September 2025 (back-dated writes), and a second issue raised in January 2026.
func asOfWorkspace(t *testing.T) string {
	t.Helper()
	dir, sess := openedFolder(t)
	defer sess.Close()
	st, _, err := sess.Current()
	if err != nil {
		t.Fatal(err)
	}
	at := func(date string) context.Context {
		d, _ := time.Parse(time.DateOnly, date)
		return ims.Backdated(context.Background(), d.Add(10*time.Hour))
	}
	ada := ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com"}
	r, err := st.CreateRecord(at("2025-03-01"), ada, "context_issue", map[string]any{"title": "Cloud region outage", "type": "external", "status": "open"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateRecord(at("2025-09-01"), ada, "context_issue", r.ID, map[string]any{"status": "closed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateRecord(at("2026-01-10"), ada, "context_issue", map[string]any{"title": "Chatbot pilot", "type": "internal", "status": "open"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAsOfFlags(t *testing.T) {
	dir := asOfWorkspace(t)
	run := func(args ...string) (string, error) {
		return inProcess(t, append([]string{"--data", dir}, args...)...)
	}
	t.Run("records list --as-of", func(t *testing.T) {
		// By title: Chatbot pilot, then Cloud region outage.
		for date, want := range map[string][]string{"2025-02-28": {}, "2025-06-30": {"open"}, "2025-09-01": {"closed"}, "2026-01-10": {"open", "closed"}} {
			out, err := run("--format", "json", "records", "list", "context_issue", "--as-of", date, "--sort", "title")
			if err != nil {
				t.Fatal(err)
			}
			var res ims.ListResult
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			var got []string
			for _, r := range res.Records {
				got = append(got, r.Fields["status"].(string))
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("as of %s: statuses %v, want %v", date, got, want)
			}
		}
		out, err := run("records", "list", "context_issue", "--as-of", "2025-06-30")
		if err != nil || !strings.Contains(out, "1 context issues") || !strings.Contains(out, "as of 2025-06-30") {
			t.Errorf("text list as of 2025-06-30: %q, %v", out, err)
		}
		out, err = run("records", "list", "context_issue")
		if err != nil || !strings.Contains(out, "2 context issues") {
			t.Errorf("today's list: %q, %v", out, err)
		}
	})
	t.Run("a bad date is a clear error", func(t *testing.T) {
		for date, want := range map[string]string{"2025-02-30": "is not a date", "30/06/2025": "is not a date", "2999-01-01": "is in the future"} {
			_, err := run("records", "list", "context_issue", "--as-of", date)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("--as-of %s: %v, want %q", date, err, want)
			}
			_, err = run("pack", "--kind", "risk", "--as-of", date, "--out", filepath.Join(t.TempDir(), "x.pdf"))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("pack --as-of %s: %v, want %q", date, err, want)
			}
		}
	})
	t.Run("pack --as-of says so on the cover", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "soa.pdf")
		if _, err := run("pack", "--kind", "soa", "--as-of", "2025-06-30", "--out", file); err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command("pdftotext", "-layout", "-l", "1", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext (poppler-utils): %v", err)
		}
		if flat := strings.Join(strings.Fields(string(text)), " "); !strings.Contains(flat, "As of 30 June 2025, as it stood then") {
			t.Errorf("the cover of an as-of pack lacks its date:\n%s", flat)
		}
		if _, err := os.Stat(file); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("record get --as-of", func(t *testing.T) {
		out, err := run("--format", "json", "records", "list", "context_issue", "--search", "Cloud")
		if err != nil {
			t.Fatal(err)
		}
		var res ims.ListResult
		_ = json.Unmarshal([]byte(out), &res)
		if len(res.Records) != 1 {
			t.Fatalf("%s", out)
		}
		out, err = run("--format", "json", "records", "get", "context_issue", res.Records[0].ID, "--as-of", "2025-03-01")
		if err != nil || !strings.Contains(out, `"status": "open"`) && !strings.Contains(out, `"status":"open"`) {
			t.Errorf("get as of 2025-03-01: %s %v", out, err)
		}
	})
}

// openedFolder is a data folder with Ada's workspace "Fenmore Credit", opened; the caller
// closes the session before running commands on the folder.
func openedFolder(t *testing.T) (string, *app.Session) {
	t.Helper()
	dir, e := dataFolder(t, "Fenmore Credit", ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com"})
	sess, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	return dir, sess
}
