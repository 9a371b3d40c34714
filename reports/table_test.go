package reports

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// A cell longer than a page splits line by line across pages, every part under the header
// row, and nothing is lost.
func TestTableSplitsTallRow(t *testing.T) {
	snap := testSnapshot(t, 0)
	var long []string
	for i := 1; i <= 160; i++ {
		long = append(long, fmt.Sprintf("Evidence line %03d — Zoë", i))
	}
	pdf, err := render(snap, testOptions(), meta{title: "Table test", subtitle: "Tall rows"}, func(d *doc) error {
		d.h1("Tall table")
		d.table([]column{{"Ref", 20, ""}, {"Lines", 100, ""}}, [][]string{
			{"short", "one line"},
			{"tall", strings.Join(long, "\n")},
			{"after", "the row after the tall one"},
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, "tall.pdf", pdf.Bytes)
	if out, err := exec.Command(tool(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, out)
	}
	pages := pdfText(t, path)
	idx := pagesFrom(t, pages, "Tall table", "")
	if len(idx) < 3 {
		t.Fatalf("160 lines should take at least 3 pages, took %d", len(idx))
	}
	all := ""
	for _, i := range idx {
		lines := strings.Split(pages[i], "\n")
		if !slices.Contains(lines, "Ref") || !slices.Contains(lines, "Lines") {
			t.Errorf("page %d lacks the header row", i+1)
		}
		all += pages[i]
	}
	for _, l := range append(long, "the row after the tall one") {
		if !strings.Contains(all, l) {
			t.Fatalf("lost %q", l)
		}
	}
}

func TestWrap(t *testing.T) {
	d, err := layout(testSnapshot(t, 0), testOptions(), meta{title: "x"}, nil, 0, 0, func(*doc) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	d.font("", tableFont)
	for _, tc := range []struct {
		in   string
		w    float64
		want int // lines
	}{
		{"", 40, 1},
		{"short", 40, 1},
		{"a\nb\n", 40, 2},
		{"word word word word word word word word word word", 20, 5},
		{strings.Repeat("x", 80), 20, 8}, // one word wider than the column breaks inside
	} {
		got := d.wrap(tc.in, tc.w)
		for _, l := range got {
			if d.width(l) > tc.w+0.01 {
				t.Errorf("wrap(%q) line %q is %.1f mm wide, over %.1f", tc.in, l, d.width(l), tc.w)
			}
		}
		if len(got) != tc.want {
			t.Errorf("wrap(%q, %v) = %d lines %q, want %d", tc.in, tc.w, len(got), got, tc.want)
		}
	}
}
