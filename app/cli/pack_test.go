package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestPackCommand(t *testing.T) {
	dir := gapWorkspace(t)
	run := func(format string, args ...string) (string, error) {
		return inProcess(t, append([]string{"--data", dir, "--format", format, "pack"}, args...)...)
	}
	outDir := t.TempDir()
	for _, kind := range []string{"soa", "gap"} {
		t.Run(kind, func(t *testing.T) {
			file := filepath.Join(outDir, kind+".pdf")
			out, err := run("json", "--kind", kind, "--out", file, "--from=2026-01-01", "--to", "2026-12-31")
			if err != nil {
				t.Fatal(err)
			}
			var res packFile
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || res.Pages < 5 || res.Bytes != len(b) || res.File != file {
				t.Fatalf("result %+v for a %d-byte file starting %q", res, len(b), b[:8])
			}
			// Same workspace, same time: the same bytes.
			if _, err := run("text", "--kind", kind, "--out", file+".2", "--from=2026-01-01", "--to", "2026-12-31"); err != nil {
				t.Fatal(err)
			}
			b2, _ := os.ReadFile(file + ".2")
			if !bytes.Equal(b, b2) {
				t.Fatal("two packs of the same workspace at the same time differ")
			}
		})
	}
	t.Run("text output", func(t *testing.T) {
		file := filepath.Join(outDir, "t.pdf")
		out, err := run("text", "--kind=soa", "--out="+file)
		if err != nil || !strings.Contains(out, "wrote the soa pack to "+file) {
			t.Fatalf("out %q, err %v", out, err)
		}
	})
	t.Run("options", func(t *testing.T) {
		file := filepath.Join(outDir, "o.pdf")
		if _, err := run("text", "--kind", "soa", "--out", file, "--standards", "iso42001-2023, iso27701-2019",
			"--version", "3.1", "--classification", "Internal", "--approver", "Björn Åström", "--no-logo"); err != nil {
			t.Fatal(err)
		}
		all, err := run("text", "--kind", "soa", "--out", file+".all")
		if err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command("pdftotext", "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext (poppler-utils): %v", err)
		}
		for _, want := range []string{"ISO/IEC 27701:2019", "version 3.1", "INTERNAL", "Björn Åström"} {
			if !strings.Contains(strings.Join(strings.Fields(string(text)), " "), want) {
				t.Errorf("the pack made with options lacks %q", want)
			}
		}
		if strings.Contains(string(text), "27001:2022") {
			t.Error("--standards left out 27001, yet the pack prints it")
		}
		if !strings.Contains(all, "wrote the soa pack") {
			t.Errorf("out %q", all)
		}
	})
	t.Run("one-off logo", func(t *testing.T) {
		file := filepath.Join(outDir, "logo.pdf")
		if _, err := run("text", "--kind", "risk", "--out", file, "--logo", filepath.Join("testdata", "logo-fenmore.png")); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(file)
		if !bytes.Contains(b, []byte("/Subtype /Image")) {
			t.Error("--logo printed no logo")
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		code string // "" for a usage error
		msg  string
	}{
		{"no kind", []string{"--out", "x.pdf"}, "", "--kind is required"},
		{"stray argument", []string{"--kind", "soa", "extra"}, "", "unexpected \"extra\""},
		{"unknown flag", []string{"--kind", "soa", "--pages", "3"}, "", "unknown option \"--pages\""},
		{"missing value", []string{"--kind"}, "", "--kind needs a value"},
		{"unknown pack", []string{"--kind", "risks"}, ims.EINVALID, "not a pack"},
		{"logo missing", []string{"--kind", "soa", "--logo", "no-such-logo.png"}, "", "--logo no-such-logo.png"},
		{"logo not an image", []string{"--kind", "soa", "--logo", filepath.Join("..", "..", "README.md")}, ims.EINVALID, "not a PNG or JPEG"},
		{"logo and no logo", []string{"--kind", "soa", "--logo", filepath.Join("testdata", "logo-fenmore.png"), "--no-logo"}, ims.EINVALID, "not both"},
		{"both 27701 editions", []string{"--kind", "soa", "--standards", "iso27701-2019,iso27701-2025"}, ims.EINVALID, "one edition"},
		{"bad date", []string{"--kind", "soa", "--from", "2026-02-30"}, ims.EINVALID, "not a date"},
		{"reversed period", []string{"--kind", "gap", "--from", "2026-12-31", "--to", "2026-01-01"}, ims.EINVALID, "starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run("text", tc.args...)
			var u usageError
			switch {
			case err == nil:
				t.Fatal("no error")
			case tc.code == "" && !errors.As(err, &u):
				t.Fatalf("want a usage error, got %v", err)
			case tc.code != "" && ims.ErrorCode(err) != tc.code:
				t.Fatalf("code %q, want %q (%v)", ims.ErrorCode(err), tc.code, err)
			}
			if !strings.Contains(ims.ErrorMessageOr(err), tc.msg) {
				t.Fatalf("message %q lacks %q", ims.ErrorMessageOr(err), tc.msg)
			}
		})
	}
}
