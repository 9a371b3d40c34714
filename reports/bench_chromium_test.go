package reports

// The side-by-side benchmark of issue 6: the management-review pack rendered by Keel and the
// same content printed by headless Chromium from HTML (the way web GRC tools make PDFs).
// Not a timed test: TestBenchPacks does nothing unless .ci/bench-packs.sh sets
// KEEL_BENCH_PACKS; the script runs it once per case and measurement, in separate
// processes, so each process's peak memory is its own.

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
)

// htmlSink writes the review's sections as one HTML page: the same headings, paragraphs,
// tables (with <thead>, which Chromium repeats on every printed page), and the charts as
// inline SVG, with DejaVu Sans as a web font so the browser embeds the same fonts.
type htmlSink struct {
	b   strings.Builder
	toc []string
}

func esc(s string) string { return strings.ReplaceAll(html.EscapeString(txt(s)), "\n", "<br>") }

func (h *htmlSink) h1(t string) {
	h.toc = append(h.toc, t)
	fmt.Fprintf(&h.b, "<h1 id=\"s%d\">%s</h1>\n", len(h.toc), esc(t))
}
func (h *htmlSink) h2(t string, _ float64) { fmt.Fprintf(&h.b, "<h2>%s</h2>\n", esc(t)) }
func (h *htmlSink) para(s string)          { fmt.Fprintf(&h.b, "<p>%s</p>\n", esc(s)) }
func (h *htmlSink) note(s string)          { fmt.Fprintf(&h.b, "<p class=note>%s</p>\n", esc(s)) }
func (h *htmlSink) gap(float64)            {}
func (h *htmlSink) keepChart(int)          {}

func (h *htmlSink) keyValues(rows [][2]string) {
	h.b.WriteString("<dl>")
	for _, r := range rows {
		if r[1] != "" {
			fmt.Fprintf(&h.b, "<dt>%s</dt><dd>%s</dd>", esc(r[0]), esc(r[1]))
		}
	}
	h.b.WriteString("</dl>\n")
}

func (h *htmlSink) figures(items [][2]string) {
	h.b.WriteString("<div class=figs>")
	for _, it := range items {
		fmt.Fprintf(&h.b, "<div><b>%s</b><span>%s</span></div>", esc(it[0]), esc(it[1]))
	}
	h.b.WriteString("</div>\n")
}

func (h *htmlSink) table(cols []column, rows [][]string) {
	h.b.WriteString("<table><thead><tr>")
	for _, c := range cols {
		fmt.Fprintf(&h.b, "<th class=%q>%s</th>", c.align, esc(c.header))
	}
	h.b.WriteString("</tr></thead><tbody>\n")
	for _, r := range rows {
		h.b.WriteString("<tr>")
		for i, c := range cols {
			v := ""
			if i < len(r) {
				v = r[i]
			}
			fmt.Fprintf(&h.b, "<td class=%q>%s</td>", c.align, esc(v))
		}
		h.b.WriteString("</tr>\n")
	}
	h.b.WriteString("</tbody></table>\n")
}

func css(c rgb) string { return fmt.Sprintf("rgb(%d,%d,%d)", c.r, c.g, c.b) }

func (h *htmlSink) barChart(segs []segment, bars []bar) {
	h.b.WriteString("<div class=legend>")
	for _, s := range segs {
		fmt.Fprintf(&h.b, "<i style=\"background:%s\"></i>%s ", css(s.color), esc(s.label))
	}
	h.b.WriteString("</div>\n")
	const w = 100.0
	for _, b := range bars {
		total := sum(b.counts)
		fmt.Fprintf(&h.b, "<div class=bar><span>%s</span><svg viewBox=\"0 0 100 4\" preserveAspectRatio=\"none\"><rect width=\"100\" height=\"4\" fill=\"%s\"/>", esc(b.label), css(faint))
		x := 0.0
		for i, c := range b.counts {
			if c == 0 || total == 0 || i >= len(segs) {
				continue
			}
			bw := w * float64(c) / float64(total)
			fmt.Fprintf(&h.b, "<rect x=\"%.2f\" width=\"%.2f\" height=\"4\" fill=\"%s\"/>", x, bw, css(segs[i].color))
			x += bw
		}
		fmt.Fprintf(&h.b, "</svg><b>%s</b></div>\n", esc(b.figure))
	}
}

func (h *htmlSink) lineChart(title, unit string, pts []linePoint, target float64, hasTarget bool) {
	if len(pts) == 0 {
		return
	}
	fmt.Fprintf(&h.b, "<h3>%s%s</h3>", esc(title), esc(map[bool]string{true: " (" + trimUnit(unit) + ")", false: ""}[unit != ""]))
	lo, hi := valueRange(pts, target, hasTarget)
	t0, t1 := pts[0].t, pts[len(pts)-1].t
	span := max(1, t1.Sub(t0).Hours())
	x := func(t time.Time) float64 { return 30 + 560*t.Sub(t0).Hours()/span }
	y := func(v float64) float64 { return 150 - 140*(v-lo)/(hi-lo) }
	h.b.WriteString("<svg class=line viewBox=\"0 0 600 170\">")
	for k := 0; k <= 4; k++ {
		v := lo + (hi-lo)*float64(k)/4
		fmt.Fprintf(&h.b, "<line x1=30 x2=590 y1=%.1f y2=%.1f stroke=\"%s\"/><text x=26 y=%.1f text-anchor=end>%s</text>", y(v), y(v), css(faint), y(v)+3, numText(v))
	}
	if hasTarget {
		fmt.Fprintf(&h.b, "<line x1=30 x2=590 y1=%.1f y2=%.1f stroke=\"rgb(176,58,46)\" stroke-dasharray=\"4 3\"/><text x=588 y=%.1f text-anchor=end>Target %s</text>", y(target), y(target), y(target)-3, numText(target))
	}
	var pl []string
	for _, p := range pts {
		pl = append(pl, fmt.Sprintf("%.1f,%.1f", x(p.t), y(p.v)))
	}
	fmt.Fprintf(&h.b, "<polyline fill=none stroke=\"%s\" stroke-width=2 points=\"%s\"/>", css(accent), strings.Join(pl, " "))
	fmt.Fprintf(&h.b, "<text x=30 y=165>%s</text><text x=590 y=165 text-anchor=end>%s</text></svg>\n", t0.Format("Jan 2006"), t1.Format("Jan 2006"))
}

// reviewHTML renders the same content as the review pack as a page for a browser to print.
func reviewHTML(s Snapshot, o Options) string {
	v := newReview(s, o)
	body := &htmlSink{}
	v.body(body)
	fontDir, _ := filepath.Abs(filepath.Join("..", "assets", "fonts"))
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><meta charset="utf-8"><title>Management review — %s</title><style>
@font-face{font-family:DejaVu;src:url("file://%s/DejaVuSans.ttf")}
@font-face{font-family:DejaVu;font-weight:bold;src:url("file://%s/DejaVuSans-Bold.ttf")}
@page{size:A4;margin:26mm 22mm 24mm 22mm}
body{font-family:DejaVu;font-size:9.5pt;color:%s}
h1{color:%s;font-size:18pt;page-break-before:always}
h2{font-size:12pt;page-break-after:avoid}
h3{font-size:9pt}
.note{font-size:8pt;color:%s}
table{width:100%%;border-collapse:collapse;font-size:8pt;margin:4pt 0 10pt}
thead{display:table-header-group}
th{background:%s;color:%s;text-align:left;padding:3pt;border-bottom:1px solid %s}
td{padding:3pt;border-bottom:0.5px solid %s;vertical-align:top}
tr{page-break-inside:avoid}
.R{text-align:right}
.figs{display:flex;gap:8pt}.figs div{flex:1;background:%s;border-left:3pt solid %s;padding:6pt}
.figs b{display:block;font-size:16pt;color:%s}.figs span{font-size:7.5pt;color:%s}
.legend{font-size:7.5pt;color:%s;margin-left:35%%}.legend i{display:inline-block;width:8pt;height:8pt;margin:0 3pt 0 8pt}
.bar{display:flex;align-items:center;font-size:8.5pt;margin:3pt 0}.bar span{width:35%%}.bar svg{width:55%%;height:12pt}.bar b{width:10%%;text-align:right;color:%s}
svg.line{width:100%%;height:60mm;font-size:9px;fill:%s}
dt{float:left;width:36mm;font-size:8pt;color:%s}dd{margin-left:36mm}
.cover{height:200mm;background:%s;border-left:8mm solid %s;padding:40mm 10mm}
</style></head><body>
<div class=cover><p><b>%s</b></p><h1 style="page-break-before:avoid;font-size:28pt;color:%s">Management review</h1><p>Period: %s · Version %s · %s</p><p>Generated %s · Prepared by %s · Approved by %s</p></div>
<h1>Document control</h1>`,
		esc(s.Organisation), fontDir, fontDir, css(ink), css(accent), css(muted), css(headFill), css(accent), css(accent), css(rule),
		css(coverTint), css(accent), css(accent), css(muted), css(muted), css(accent), css(muted), css(muted), css(coverTint), css(accent),
		esc(strings.ToUpper(s.Organisation)), css(ink), esc(periodText(o)), esc(o.Version), esc(o.Classification),
		o.Generated.UTC().Format("2 January 2006, 15:04 UTC"), esc(o.Author), esc(o.Approver))
	dc := &htmlSink{}
	rows := [][]string{}
	for _, r := range o.Revisions {
		rows = append(rows, []string{r.Version, r.Date, r.Author, r.Approver, r.Change})
	}
	dc.table([]column{{"Version", 14, ""}, {"Date", 22, ""}, {"Author", 30, ""}, {"Approver", 30, ""}, {"Change", 48, ""}}, rows)
	b.WriteString(dc.b.String())
	b.WriteString("<h1>Contents</h1><ol>")
	for i, t := range body.toc {
		fmt.Fprintf(&b, "<li><a href=\"#s%d\">%s</a></li>", i+1, esc(t))
	}
	b.WriteString("</ol>\n")
	b.WriteString(body.b.String())
	b.WriteString("</body></html>\n")
	return b.String()
}

// benchCase builds the snapshot of a benchmark case: "large" is generated, "demo" is read
// from the JSON the app test writes from the demo workspace (KEEL_BENCH_DEMO).
func benchCase(t testing.TB, name string) (Snapshot, Options) {
	o := testOptions()
	switch name {
	case "large":
		s, o := reviewSnapshot(t, largeReview)
		o.From = "2024-01-01"
		return s, o
	case "demo":
		raw, err := os.ReadFile(os.Getenv("KEEL_BENCH_DEMO"))
		if err != nil {
			t.Fatal(err)
		}
		var dump struct {
			Organisation string
			Records      map[string][]ims.Record
			History      map[string][]ims.HistoryEntry
		}
		if err := json.Unmarshal(raw, &dump); err != nil {
			t.Fatal(err)
		}
		// JSON gives lists as []any; the store gives []string.
		for _, rs := range dump.Records {
			for _, r := range rs {
				for k, v := range r.Fields {
					if l, ok := v.([]any); ok {
						ss := make([]string, 0, len(l))
						for _, x := range l {
							s, _ := x.(string)
							ss = append(ss, s)
						}
						r.Fields[k] = ss
					}
				}
			}
		}
		o.From, o.To = "", ""
		o.Generated = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
		return Snapshot{Organisation: dump.Organisation, Standards: standards(t), Records: dump.Records, History: dump.History}, o
	}
	t.Fatalf("unknown bench case %q", name)
	return Snapshot{}, o
}

// TestBenchPacks is driven by .ci/bench-packs.sh: KEEL_BENCH_MODE=html writes <case>.html
// for Chromium; KEEL_BENCH_MODE=render renders the pack KEEL_BENCH_RUNS times and prints
// the median render time (the process's peak memory is measured from outside).
func TestBenchPacks(t *testing.T) {
	dir := os.Getenv("KEEL_BENCH_PACKS")
	if dir == "" {
		t.Skip("run by .ci/bench-packs.sh")
	}
	name := os.Getenv("KEEL_BENCH_CASE")
	s, o := benchCase(t, name)
	switch os.Getenv("KEEL_BENCH_MODE") {
	case "html":
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(reviewHTML(s, o)), 0o644); err != nil {
			t.Fatal(err)
		}
		rows := 0
		for _, rs := range s.Records {
			rows += len(rs)
		}
		fmt.Printf("BENCH case=%s records=%d\n", name, rows)
	case "render":
		runs, _ := strconv.Atoi(os.Getenv("KEEL_BENCH_RUNS"))
		runs = max(1, runs)
		var times []time.Duration
		var pdf PDF
		for range runs {
			start := time.Now()
			var err error
			pdf, err = renderKind(KindReview, s, o)
			if err != nil {
				t.Fatal(err)
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		if err := os.WriteFile(filepath.Join(dir, name+".keel.pdf"), pdf.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("BENCH case=%s render_ms=%.0f min_ms=%.0f pages=%d bytes=%d\n", name,
			float64(times[len(times)/2].Microseconds())/1000, float64(times[0].Microseconds())/1000, pdf.Pages, len(pdf.Bytes))
	default:
		t.Fatal("KEEL_BENCH_MODE is html or render")
	}
}
