//go:build interop

package tabular_test

// The LibreOffice round trip (`make interop`): files exported by Keel, opened and saved by
// LibreOffice Calc (headless), import back as updates. Needs soffice on PATH (Debian
// libreoffice-calc).

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/tabular"
)

// soffice converts in to the filter's format in a folder of its own and returns the bytes.
func soffice(t *testing.T, in, to string, args ...string) []byte {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command("soffice", append(append([]string{"-env:UserInstallation=file://" + t.TempDir(), "--headless"}, args...),
		"--convert-to", to, "--outdir", out, in)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(files) != 1 {
		t.Fatalf("soffice wrote %v", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLibreOfficeRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Fatal("soffice is not installed (apt-get install libreoffice-calc)")
	}
	st := demoStore(t)
	for _, kind := range []string{"action", "ai_system", "incident", "risk"} {
		t.Run(kind, func(t *testing.T) {
			unchanged := func(name string, f tabular.Format, data []byte) {
				t.Helper()
				before := newest(t, st)
				res, err := tabular.Import(ctx, st, zoe, kind, f, bytes.NewReader(data), tabular.Options{})
				if err != nil || res.Created+res.Updated != 0 || res.Same == 0 {
					t.Fatalf("%s: %+v, %v; want every row unchanged", name, res, err)
				}
				if after := newest(t, st); after.At != before.At {
					t.Fatalf("%s wrote %+v", name, after)
				}
			}
			// An XLSX opened and saved by Calc.
			xlsx := export(t, st, kind, tabular.XLSX)
			unchanged("xlsx saved by Calc", tabular.XLSX, soffice(t, writeTemp(t, kind+".xlsx", xlsx), "xlsx"))
			// Saved as CSV by Calc, with semicolons (44 is a comma, 59 a semicolon; 76 UTF-8).
			unchanged("csv with semicolons saved by Calc", tabular.CSV,
				soffice(t, writeTemp(t, kind+".xlsx", xlsx), `csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true`))
			// A CSV export edited (one title), opened by Calc and saved as XLSX: one update.
			csv := string(export(t, st, kind, tabular.CSV))
			lines := strings.SplitN(csv, "\n", 3)
			edited := lines[0] + "\n" + strings.Replace(lines[1], ",", ",Edited in Calc ", 1)
			if !strings.Contains(edited, "Edited in Calc") || len(lines) < 3 {
				t.Fatalf("no row to edit in %q", csv)
			}
			edited += "\n" + lines[2]
			saved := soffice(t, writeTemp(t, kind+".csv", []byte(edited)), "xlsx", "--infilter=CSV:44,34,76,1")
			res, err := tabular.Import(ctx, st, zoe, kind, tabular.XLSX, bytes.NewReader(saved), tabular.Options{})
			if err != nil || res.Updated != 1 || res.Created != 0 {
				t.Fatalf("edited csv saved as xlsx by Calc: %+v, %v; want one update", res, err)
			}
		})
	}
}
