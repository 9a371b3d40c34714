package reports

// The PDF checks every pack test shares: render and write a pack, read it back with
// poppler-utils and qpdf, compare its text with the golden file, look for text and repeated
// table headers.

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// tool returns the path of a PDF tool. The checks need poppler-utils and qpdf; CI installs
// them, so a missing tool fails the test rather than skipping it.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is required for the PDF checks (apt-get install poppler-utils qpdf): %v", name, err)
	}
	return p
}

// writePDF writes a rendered pack into the test's temporary folder, and into the folder
// $KEEL_PACK_PDF names, if set, for looking at the pages.
func writePDF(t *testing.T, name string, b []byte) string {
	t.Helper()
	if dir := os.Getenv("KEEL_PACK_PDF"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// renderPDF renders a pack through the registry and writes it (writePDF): the PDF and its path.
func renderPDF(t *testing.T, kind Kind, snap Snapshot, o Options) (PDF, string) {
	t.Helper()
	pdf, err := renderKind(kind, snap, o)
	if err != nil {
		t.Fatal(err)
	}
	return pdf, writePDF(t, string(kind)+".pdf", pdf.Bytes)
}

// wantInfo checks the document information pdfinfo reads: Keel as the creator, the test
// author, the generation time of testOptions, and also each of want.
func wantInfo(t *testing.T, path string, want ...string) {
	t.Helper()
	info, _ := exec.Command(tool(t, "pdfinfo"), path).Output()
	for _, w := range append([]string{"Creator:         Keel", "Author:          " + author, "CreationDate:    Fri Nov 27 09:30:00 2026 UTC"}, want...) {
		if !bytes.Contains(info, []byte(w)) {
			t.Errorf("pdfinfo lacks %q:\n%s", w, info)
		}
	}
}

// pdfText is the text pdftotext extracts, one string per page.
func pdfText(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// pagesFrom returns the indexes of the pages from the first one with a line start up to,
// not including, the first one after it with a line stop ("" for the end).
func pagesFrom(t *testing.T, pages []string, start, stop string) []int {
	t.Helper()
	var out []int
	in := false
	// The contents list every heading too, on one page or more: the body starts at the page
	// with the contents' first entry as its heading.
	contents, first := -1, ""
	for i, p := range pages {
		lines := strings.Split(p, "\n")
		if at := slices.Index(lines, "Contents"); at >= 0 && at+1 < len(lines) {
			contents, first = i, lines[at+1]
			break
		}
	}
	body := contents + 1
	for i := contents + 1; contents >= 0 && i < len(pages); i++ {
		if slices.Contains(strings.Split(pages[i], "\n"), first) {
			body = i
			break
		}
	}
	for i, p := range pages {
		lines := strings.Split(p, "\n")
		if !in && slices.Contains(lines, start) && i >= body {
			in = true
		} else if in && stop != "" && slices.Contains(lines, stop) {
			break
		}
		if in {
			out = append(out, i)
		}
	}
	return out
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, a, b)
		}
	}
	return "(no line differs)"
}

// matchGolden compares the text pdftotext extracts, with the page count on its first line,
// against testdata/<name>.txt; -update rewrites the file (review the diff).
func matchGolden(t *testing.T, name string, pdf PDF, pages []string) {
	t.Helper()
	got := fmt.Sprintf("pages: %d\n%s", pdf.Pages, strings.Join(pages, "\n\f\n"))
	golden := filepath.Join("testdata", name+".txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update)", err)
	}
	if got != string(want) {
		t.Errorf("extracted text differs from %s (run go test ./reports -update and review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}

// repeatsHeader checks that the table under the heading start (up to the heading stop, or
// the end) continues onto another page and that every page it is on carries its header row.
func repeatsHeader(t *testing.T, pages []string, start, stop string, header []string) {
	t.Helper()
	idx := pagesFrom(t, pages, start, stop)
	if len(idx) < 2 {
		t.Fatalf("table under %q spans %d page(s); the fixture must make it continue", start, len(idx))
	}
	for _, i := range idx {
		lines := strings.Split(pages[i], "\n")
		for _, h := range header {
			if !slices.Contains(lines, h) {
				t.Errorf("page %d (under %q) lacks the header cell %q", i+1, start, h)
			}
		}
	}
}

// checkPDF checks a rendered pack the way a reader's tools see it: qpdf finds it sound,
// pdfinfo and pdftotext count the pages Render reported (at least minPages), and the last
// footer says "Page N of N". It returns the text of each page.
func checkPDF(t *testing.T, path string, pdf PDF, minPages int) []string {
	t.Helper()
	if out, err := exec.Command(tool(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	pages := pdfText(t, path)
	info, err := exec.Command(tool(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if n != pdf.Pages || len(pages) != pdf.Pages || pdf.Pages < minPages {
		t.Fatalf("pages: pdfinfo %d, pdftotext %d, Render %d", n, len(pages), pdf.Pages)
	}
	if want := fmt.Sprintf("Page %d of %d", pdf.Pages, pdf.Pages); !strings.Contains(pages[len(pages)-1], want) {
		t.Errorf("the last page's footer lacks %q", want)
	}
	return pages
}

// hasText checks that the extracted text holds every string (names, symbols, headings) and
// that no letter reached the PDF as a base and a combining accent.
func hasText(t *testing.T, pages []string, want ...string) {
	t.Helper()
	all := strings.Join(pages, "\n")
	for _, s := range want {
		if !strings.Contains(all, s) {
			t.Errorf("extracted text lacks %q", s)
		}
	}
	if strings.Contains(all, "e\u0301") {
		t.Error("a decomposed e + combining accent reached the PDF")
	}
}
