package reports

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"slices"
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"keel/assets/fonts"
	"keel/backend/ims"
)

// The look: A4, generous margins, one accent colour (a deep teal) with its tints, dark grey
// text, hairline rules.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 22.0
	marginR      = 22.0
	marginT      = 26.0
	marginB      = 24.0
	contentW     = pageW - marginL - marginR
	bodyBottom   = pageH - marginB
	family       = "DejaVu"
)

type rgb struct{ r, g, b int }

var (
	accent    = rgb{31, 95, 107}
	ink       = rgb{34, 38, 41}
	muted     = rgb{106, 114, 120}
	rule      = rgb{208, 213, 216}
	headFill  = rgb{230, 239, 241}
	faint     = rgb{236, 238, 240}
	coverTint = rgb{244, 247, 248}
)

// tint mixes the accent with white: 1 is the accent, 0 is white.
func tint(f float64) rgb {
	mix := func(c int) int { return c + int(float64(255-c)*(1-f)+0.5) }
	return rgb{mix(accent.r), mix(accent.g), mix(accent.b)}
}

// tocEntry is one line of the contents: a heading and the page it starts on.
type tocEntry struct {
	level int
	title string
	page  int
}

// meta is what the kit prints around a pack's body.
type meta struct {
	title    string // "Statement of Applicability"
	subtitle string // the standards it covers
	subject  string // PDF subject
	keywords string
}

// doc is one pass of one pack's layout.
type doc struct {
	pdf  *gofpdf.Fpdf
	o    Options
	s    Snapshot
	m    meta
	toc  []tocEntry
	prev []tocEntry // the entries of the first pass, with their pages (nil in the first pass)
	// tocPages is how many contents pages the second pass inserts; total is the page count
	// of the whole pack, known in the second pass.
	tocPages int
	total    int // the page count of the first pass plus the contents, 0 in the first pass
	sections int // how many sections (h1) are laid out so far
	pending  *pendingHead
}

// txt normalises a string to NFC: gofpdf does no shaping, so a letter written as a base and
// a combining mark would print as two glyphs; NFC gives the precomposed letter where one
// exists. Combining-only sequences remain a known limit.
func txt(s string) string { return norm.NFC.String(s) }

func (d *doc) color(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)  { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)  { d.pdf.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) font(style string, size float64) {
	d.pdf.SetFont(family, style, size)
}

// width measures a string in the current font.
func (d *doc) width(s string) float64 { return d.pdf.GetStringWidth(s) }

// render lays out a pack twice: the first pass records the page every heading lands on and
// how many pages the contents needs; the second writes the contents with those numbers.
// gofpdf cannot move pages, so this is how a contents page sits at the front.
func render(s Snapshot, o Options, m meta, body func(d *doc) error) (pdf PDF, err error) {
	if err := o.Validate(); err != nil {
		return PDF{}, err
	}
	// A cancelled context stops the layout from deep inside a section (see doc.checkpoint).
	defer func() {
		if r := recover(); r != nil {
			c, ok := r.(cancelled)
			if !ok {
				panic(r)
			}
			pdf, err = PDF{}, c.err
		}
	}()
	first, err := layout(s, o, m, nil, 0, 0, body)
	if err != nil {
		return PDF{}, err
	}
	pages := tocPagesFor(len(first.toc))
	entries := make([]tocEntry, len(first.toc))
	for i, e := range first.toc {
		e.page += pages
		entries[i] = e
	}
	second, err := layout(s, o, m, entries, pages, first.pdf.PageNo()+pages, body)
	if err != nil {
		return PDF{}, err
	}
	for i := range second.toc {
		if i >= len(entries) || second.toc[i].page != entries[i].page {
			return PDF{}, fmt.Errorf("reports: the second layout pass moved %q", second.toc[i].title)
		}
	}
	var buf bytes.Buffer
	n := second.pdf.PageNo()
	if n != second.total {
		return PDF{}, fmt.Errorf("reports: the second layout pass has %d pages, the first %d", n, second.total)
	}
	if err := second.pdf.Output(&buf); err != nil {
		return PDF{}, fmt.Errorf("reports: write the PDF: %w", err)
	}
	b, err := withLanguage(buf.Bytes(), Language)
	if err != nil {
		return PDF{}, err
	}
	return PDF{Bytes: b, Pages: n}, nil
}

// Language is the packs' language, set as the document's /Lang (PDF 1.7, 14.9.2) so a
// screen reader reads the text in British English.
const Language = "en-GB"

// withLanguage sets the catalogue's /Lang and asks viewers to show the title rather than
// the file name. gofpdf writes neither, so the catalogue, the last object before the
// cross-reference table, gets them here: the objects before it keep their offsets and only
// startxref moves by what was added.
func withLanguage(b []byte, lang string) ([]byte, error) {
	cat := []byte("/Type /Catalog")
	i := bytes.LastIndex(b, cat)
	x := bytes.LastIndex(b, []byte("\nxref\n"))
	sx := bytes.LastIndex(b, []byte("startxref\n"))
	if i < 0 || x < i || sx < x {
		return nil, fmt.Errorf("reports: the PDF's catalogue was not where gofpdf writes it")
	}
	add := []byte("\n/Lang (" + lang + ")\n/ViewerPreferences << /DisplayDocTitle true >>")
	end := sx + len("startxref\n")
	nl := bytes.IndexByte(b[end:], '\n')
	if nl < 0 {
		return nil, fmt.Errorf("reports: the PDF has no startxref offset")
	}
	old, err := strconv.Atoi(string(b[end : end+nl]))
	if err != nil || old != x+1 {
		return nil, fmt.Errorf("reports: the PDF's startxref (%q) is not its cross-reference table", b[end:end+nl])
	}
	var out bytes.Buffer
	out.Grow(len(b) + len(add) + 4)
	out.Write(b[:i+len(cat)])
	out.Write(add)
	out.Write(b[i+len(cat) : end])
	out.WriteString(strconv.Itoa(old + len(add)))
	out.Write(b[end+nl:])
	return out.Bytes(), nil
}

// Contents lines per page, the first page carrying the title, and the pitch of a line (mm):
// the body is 247 mm tall, the title takes 17.5, so 38 × 5.8 and 41 × 5.8 fit with room
// (enough that a pack of six sections and their sub-headings keeps its contents on one page).
const (
	tocFirst = 38
	tocNext  = 41
	tocPitch = 5.8
)

func tocPagesFor(n int) int {
	if n <= tocFirst {
		return 1
	}
	return 1 + (n-tocFirst+tocNext-1)/tocNext
}

func layout(s Snapshot, o Options, m meta, prev []tocEntry, tocPages, total int, body func(d *doc) error) (*doc, error) {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: pageW, Ht: pageH}})
	pdf.AddUTF8FontFromBytes(family, "", fonts.Sans)
	pdf.AddUTF8FontFromBytes(family, "B", fonts.SansBold)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(true, marginB)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(o.Generated.UTC())
	pdf.SetModificationDate(o.Generated.UTC())
	pdf.SetTitle(txt(m.title+" — "+s.org()), true)
	pdf.SetAuthor(txt(o.Author), true)
	pdf.SetSubject(txt(m.subject), true)
	pdf.SetKeywords(txt(m.keywords), true)
	pdf.SetCreator("Keel", true)
	pdf.SetProducer("Keel", true)
	pdf.AliasNbPages("{nb}")
	if o.Version == "" {
		// The pack's version: the document register's, else 1.0.
		o.Version = "1.0"
		if s.Document != nil && str(*s.Document, "version") != "" {
			o.Version = str(*s.Document, "version")
		}
	}
	d := &doc{pdf: pdf, o: o, s: s, m: m, prev: prev, tocPages: tocPages, total: total}
	pdf.SetHeaderFuncMode(d.header, false)
	pdf.SetFooterFunc(d.footer)

	d.cover()
	d.documentControl()
	if prev != nil {
		d.contents()
	}
	if err := body(d); err != nil {
		return nil, err
	}
	d.flush(0)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return d, nil
}

func (d *doc) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.font("", 7.5)
	d.color(muted)
	d.pdf.SetXY(marginL, 12)
	d.pdf.CellFormat(contentW/2, 5, txt(d.s.org()+"  ·  "+d.m.title), "", 0, "L", false, 0, "")
	d.pdf.CellFormat(contentW/2, 5, txt(strings.ToUpper(d.o.Classification)), "", 0, "R", false, 0, "")
	d.draw(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginL, 18, pageW-marginR, 18)
	d.pdf.SetXY(marginL, marginT)
}

func (d *doc) footer() {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.font("", 7.5)
	d.color(muted)
	d.draw(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginL, pageH-16, pageW-marginR, pageH-16)
	d.pdf.SetXY(marginL, pageH-14)
	d.pdf.CellFormat(contentW/2, 5, txt("Generated by Keel on "+d.o.Generated.UTC().Format("2 January 2006")+"  ·  version "+d.o.Version), "", 0, "L", false, 0, "")
	// "{nb}" is replaced by the page count when the file is written (RegisterAlias), so its
	// width is not the number's: place the text by the width it will have.
	label := "Page " + strconv.Itoa(d.pdf.PageNo()) + " of "
	total := "{nb}"
	if d.total > 0 {
		total = strconv.Itoa(d.total)
	}
	w := d.width(label + total)
	d.pdf.SetX(pageW - marginR - w)
	d.pdf.CellFormat(w, 5, label+"{nb}", "", 0, "L", false, 0, "")
}

// cover is page 1: organisation, title, period and the pack's particulars.
func (d *doc) cover() {
	p := d.pdf
	p.AddPage()
	// The cover places text by hand down to the bottom edge: no automatic page break.
	auto, margin := p.GetAutoPageBreak()
	p.SetAutoPageBreak(false, margin)
	defer p.SetAutoPageBreak(auto, margin)
	d.fill(coverTint)
	p.Rect(0, 0, pageW, pageH, "F")
	d.fill(accent)
	p.Rect(0, 0, 8, pageH, "F")

	d.logo()
	d.font("B", 11)
	d.color(accent)
	p.SetXY(marginL+6, 48)
	p.CellFormat(contentW, 6, txt(strings.ToUpper(d.s.org())), "", 1, "L", false, 0, "")
	if reg := registration(d.s); reg != "" {
		d.font("", 8.5)
		d.color(muted)
		p.SetXY(marginL+6, 55)
		p.MultiCell(contentW-10, 4.4, txt(reg), "", "L", false)
	}

	d.font("B", 28)
	d.color(ink)
	p.SetXY(marginL+6, 70)
	p.MultiCell(contentW-10, 12, txt(d.m.title), "", "L", false)
	d.font("", 13)
	d.color(muted)
	p.SetXY(marginL+6, p.GetY()+3)
	p.MultiCell(contentW-10, 7, txt(d.m.subtitle), "", "L", false)

	d.draw(accent)
	p.SetLineWidth(0.6)
	y := p.GetY() + 8
	p.Line(marginL+6, y, marginL+46, y)

	rows := [][2]string{
		{"Period", periodText(d.o)},
		{"Version", d.o.Version},
		{"Classification", d.o.Classification},
		{"Generated", d.o.Generated.UTC().Format("2 January 2006, 15:04 UTC")},
		{"Prepared by", d.o.Author},
	}
	if d.o.Approver != "" {
		rows = append(rows, [2]string{"Approved by", d.o.Approver})
	}
	y = 200
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		p.SetXY(marginL+6, y)
		d.font("", 8)
		d.color(muted)
		p.CellFormat(38, 6, txt(strings.ToUpper(r[0])), "", 0, "L", false, 0, "")
		d.font("", 10.5)
		d.color(ink)
		p.CellFormat(contentW-44, 6, txt(r[1]), "", 1, "L", false, 0, "")
		y += 8
	}
	d.font("", 7.5)
	d.color(muted)
	p.SetXY(marginL+6, pageH-22)
	p.CellFormat(contentW, 5, txt("Generated by Keel. Standards content is Keel's own summary; no ISO text is reproduced."), "", 0, "L", false, 0, "")
}

// Logo box on the cover, top left above the organisation's name, in mm.
const (
	logoMaxW = 60.0
	logoMaxH = 20.0
	logoTop  = 20.0
)

// logo draws the cover logo scaled to fit its box, keeping its proportions.
func (d *doc) logo() {
	if d.o.Logo == nil {
		return
	}
	format, b, err := logoForPDF(d.o.Logo)
	if err != nil {
		d.pdf.SetError(err)
		return
	}
	info := d.pdf.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: format}, bytes.NewReader(b))
	if info == nil || d.pdf.Err() {
		return
	}
	w, h := info.Extent()
	if w <= 0 || h <= 0 {
		return
	}
	scale := min(logoMaxW/w, logoMaxH/h)
	d.pdf.ImageOptions("logo", marginL+6, logoTop, w*scale, h*scale, false, gofpdf.ImageOptions{ImageType: format}, 0, "")
}

// logoForPDF gives the logo in a form gofpdf reads: JPEG as it is; PNG decoded and written
// again as 8-bit, non-interlaced RGBA, since gofpdf reads neither 16-bit nor interlaced PNG.
func logoForPDF(b []byte) (string, []byte, error) {
	format, err := LogoFormat(b)
	if err != nil || format != "PNG" {
		return format, b, err
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "", nil, fmt.Errorf("reports: the logo is not a readable PNG: %v", err)
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := png.Encode(&out, rgba); err != nil {
		return "", nil, fmt.Errorf("reports: the logo: %v", err)
	}
	return "PNG", out.Bytes(), nil
}

// registration is the organisation's registered number and address in one line.
func registration(s Snapshot) string {
	var parts []string
	if s.Registered != "" {
		parts = append(parts, "Registered number "+s.Registered)
	}
	if s.Address != "" {
		parts = append(parts, strings.Join(strings.Fields(strings.ReplaceAll(s.Address, "\n", ", ")), " "))
	}
	return strings.Join(parts, "  ·  ")
}

// documentControl is page 2: the version history, who owns and approves the pack, when it
// is next reviewed, its classification and distribution.
func (d *doc) documentControl() {
	d.newPage()
	d.h1plain("Document control")
	c := controlOf(d.s, d.o)
	rows := make([][]string, len(c.revisions))
	for i, r := range c.revisions {
		rows[i] = []string{r.Version, shortDate(r.Date), orDash(r.Author), orDash(r.Approver), orDash(r.Change)}
	}
	d.table([]column{{"Version", 14, ""}, {"Date", 22, ""}, {"Author", 30, ""}, {"Approver", 30, ""}, {"Change", 48, ""}}, rows)
	d.gap(6)
	org := d.s.org()
	if reg := registration(d.s); reg != "" {
		org += "\n" + reg
	}
	d.keyValues([][2]string{
		{"Organisation", org},
		{"Document", d.m.title},
		{"Reference", c.reference},
		{"Scope", d.m.subtitle},
		{"Period", periodText(d.o)},
		{"Owner", orDash(c.owner)},
		{"Approved by", orDash(c.approver)},
		{"Approved on", orDash(longDate(c.approved))},
		{"Next review", orDash(longDate(c.nextReview))},
		{"Classification", c.classification},
		{"Distribution", orDash(c.distribution)},
	})
	d.gap(4)
	d.para("This pack is generated from the records of the workspace as they stood at the time above. " +
		"Regenerating it from the same records and options gives the same document.")
	if d.s.Document == nil {
		d.note("No entry in the document register is titled \"" + d.m.title + "\": add one (owner, approver, next review, " +
			"distribution) and its versions make the history above.")
	}
}

// contents lists the headings with their pages; each line links to its page.
func (d *doc) contents() {
	d.newPage()
	d.h1plain("Contents")
	p := d.pdf
	for i, e := range d.prev {
		if i == tocFirst || (i > tocFirst && (i-tocFirst)%tocNext == 0) {
			d.newPage()
		}
		y := p.GetY()
		indent := 0.0
		if e.level == 1 {
			d.font("B", 10)
			d.color(ink)
		} else {
			indent = 6
			d.font("", 9.5)
			d.color(ink)
		}
		num := strconv.Itoa(e.page)
		title := txt(e.title)
		nw := d.width(num)
		avail := contentW - indent - nw - 4
		for d.width(title) > avail && len([]rune(title)) > 4 {
			r := []rune(title)
			title = strings.TrimSpace(string(r[:len(r)-2])) + "…"
		}
		p.SetXY(marginL+indent, y)
		p.CellFormat(d.width(title)+1, tocPitch, title, "", 0, "L", false, 0, "")
		// dotted leader
		d.draw(rule)
		p.SetLineWidth(0.2)
		p.SetDashPattern([]float64{0.4, 1.2}, 0)
		p.Line(marginL+indent+d.width(title)+2, y+tocPitch-1.6, pageW-marginR-nw-2, y+tocPitch-1.6)
		p.SetDashPattern([]float64{}, 0)
		p.SetXY(pageW-marginR-nw, y)
		p.CellFormat(nw, tocPitch, num, "", 0, "R", false, 0, "")
		link := p.AddLink()
		p.SetLink(link, 0, e.page)
		p.Link(marginL, y, contentW, tocPitch, link)
		p.SetXY(marginL, y+tocPitch)
	}
}

// cancelled carries a cancelled context's error out of the layout to render.
type cancelled struct{ err error }

// checkpoint stops the layout when the pack's context is cancelled.
func (d *doc) checkpoint() {
	if d.o.Ctx != nil {
		if err := d.o.Ctx.Err(); err != nil {
			panic(cancelled{err})
		}
	}
}

func countLevel1(entries []tocEntry) int {
	n := 0
	for _, e := range entries {
		if e.level == 1 {
			n++
		}
	}
	return n
}

// newPage starts a page of the body.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.pdf.SetXY(marginL, marginT)
}

// h1 starts a section on a new page and records it for the contents and the outline.
func (d *doc) h1(title string) {
	d.flush(0)
	d.checkpoint()
	if d.o.Progress != nil {
		p := Progress{Pass: 1, Section: title, Done: countLevel1(d.toc)}
		if d.prev != nil {
			p = Progress{Pass: 2, Section: title, Done: countLevel1(d.toc), Total: countLevel1(d.prev)}
		}
		d.o.Progress(p)
	}
	// A section starts on a new page, unless the page it would leave behind is less than a
	// third full (the end of the section before): then it follows on that page. The first
	// section always starts on a page of its own, after the cover, document control and
	// contents.
	if used := d.pdf.GetY() - marginT; d.sections == 0 || used >= (bodyBottom-marginT)/3 {
		d.newPage()
	} else {
		d.gap(10)
	}
	d.sections++
	d.toc = append(d.toc, tocEntry{level: 1, title: title, page: d.pdf.PageNo()})
	d.pdf.Bookmark(txt(title), 0, -1)
	d.h1plain(title)
}

func (d *doc) h1plain(title string) {
	p := d.pdf
	d.font("B", 18)
	d.color(accent)
	p.SetX(marginL)
	p.MultiCell(contentW, 9, txt(title), "", "L", false)
	d.draw(accent)
	p.SetLineWidth(0.5)
	y := p.GetY() + 1.5
	p.Line(marginL, y, marginL+24, y)
	p.SetY(y + 6)
}

// h2 is a sub-heading kept with at least keep mm of what follows. It is drawn when what
// follows is (flush), so a table can keep it with its header and first rows.
func (d *doc) h2(title string, keep float64) {
	d.flush(0)
	d.pending = &pendingHead{title: title, keep: keep}
}

// pendingHead is a sub-heading waiting for what follows it.
type pendingHead struct {
	title string
	keep  float64
}

// flush draws the pending sub-heading, if any, on a new page when it and need mm (or the
// heading's own keep, whichever is more) would not fit on this one; a need taller than a
// page is not kept with it.
func (d *doc) flush(need float64) {
	h := d.pending
	if h == nil {
		return
	}
	d.pending = nil
	keep := h.keep
	if need > keep && 12+need <= bodyBottom-marginT {
		keep = need
	}
	if d.pdf.GetY()+12+keep > bodyBottom {
		d.newPage()
	} else if d.pdf.GetY() > marginT+1 {
		d.gap(4)
	}
	d.toc = append(d.toc, tocEntry{level: 2, title: h.title, page: d.pdf.PageNo()})
	d.pdf.Bookmark(txt(h.title), 1, -1)
	d.font("B", 12)
	d.color(ink)
	d.pdf.SetX(marginL)
	d.pdf.MultiCell(contentW, 6.5, txt(h.title), "", "L", false)
	d.gap(2)
}

func (d *doc) gap(h float64) {
	d.flush(0)
	d.pdf.SetY(d.pdf.GetY() + h)
}

// para writes a paragraph of body text.
func (d *doc) para(s string) { d.paragraph(s, 9.5, 5.2, ink, 2) }

// note writes a muted small paragraph.
func (d *doc) note(s string) { d.paragraph(s, 8, 4.4, muted, 1.5) }

// paragraph writes s across the text column at a font size and line height, in colour c,
// with space after it.
func (d *doc) paragraph(s string, size, lineH float64, c rgb, after float64) {
	d.flush(0)
	d.font("", size)
	d.color(c)
	d.pdf.SetX(marginL)
	d.pdf.MultiCell(contentW, lineH, txt(s), "", "L", false)
	d.gap(after)
}

// keyValues writes label/value pairs in two columns; a long label wraps in its column, and
// a pair that would cross the page's foot starts the next page.
func (d *doc) keyValues(rows [][2]string) {
	d.flush(0)
	p := d.pdf
	const labelW, pitch = 40.0, 5.2
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		d.font("", 8)
		label := d.wrap(r[0], labelW-3)
		d.font("", 9.5)
		value := d.wrap(r[1], contentW-labelW)
		h := float64(max(len(label), len(value))) * pitch
		need := h // a pair moves whole to the next page when it fits one
		if need > (bodyBottom-marginT)/2 {
			need = 4 * pitch
		}
		if p.GetY()+need > bodyBottom {
			d.newPage()
		}
		y := p.GetY()
		d.font("", 8)
		d.color(muted)
		for i, l := range label {
			p.SetXY(marginL, y+float64(i)*pitch)
			p.CellFormat(labelW-3, pitch, l, "", 0, "L", false, 0, "")
		}
		d.font("", 9.5)
		d.color(ink)
		p.SetXY(marginL+labelW, y)
		page := p.PageNo()
		p.MultiCell(contentW-labelW, pitch, txt(r[1]), "", "L", false)
		if p.PageNo() == page { // a long value may have run onto the next page
			p.SetY(max(p.GetY(), y+float64(len(label))*pitch))
		}
		p.SetY(p.GetY() + 0.6)
	}
}

// figures writes the headline numbers, one line each: the number, then its label on the
// same baseline, so the text reads (and extracts) as "209 Annex A controls".
func (d *doc) figures(items [][2]string) {
	d.flush(0)
	p := d.pdf
	if len(items) == 0 {
		return
	}
	const rowH = 9.0
	if p.GetY()+rowH*float64(len(items)) > bodyBottom {
		d.newPage()
	}
	numW := 0.0
	d.font("B", 14)
	for _, it := range items {
		numW = max(numW, d.width(txt(it[0])))
	}
	y := p.GetY()
	for i, it := range items {
		yy := y + float64(i)*rowH
		d.fill(coverTint)
		p.Rect(marginL, yy, contentW, rowH-1.5, "F")
		d.fill(accent)
		p.Rect(marginL, yy, 1.2, rowH-1.5, "F")
		d.font("B", 14)
		d.color(accent)
		p.SetXY(marginL+4, yy)
		p.CellFormat(numW+2, rowH-1.5, txt(it[0]), "", 0, "R", false, 0, "")
		d.font("", 9)
		d.color(ink)
		p.SetXY(marginL+4+numW+5, yy)
		p.CellFormat(contentW-numW-12, rowH-1.5, txt(it[1]), "", 0, "L", false, 0, "")
	}
	p.SetXY(marginL, y+float64(len(items))*rowH+4)
}

// control is the document control of a pack: from the document register's record of it
// when there is one, else from the options.
type control struct {
	revisions                                []Revision
	reference, owner, approver, approved     string
	nextReview, classification, distribution string
}

func controlOf(s Snapshot, o Options) control {
	c := control{approver: o.Approver, classification: o.Classification}
	if doc := s.Document; doc != nil {
		c.reference, c.owner = str(*doc, "reference"), str(*doc, "owner")
		c.approved, c.nextReview, c.distribution = str(*doc, "approval_date"), str(*doc, "next_review"), str(*doc, "distribution")
		if a := str(*doc, "approver"); a != "" && c.approver == "" {
			c.approver = a
		}
	}
	c.revisions = o.Revisions
	if len(c.revisions) == 0 {
		c.revisions = versionHistory(s.DocumentHistory)
	}
	if len(c.revisions) == 0 {
		c.revisions = []Revision{{Version: o.Version, Date: o.Generated.UTC().Format("2006-01-02"),
			Author: o.Author, Approver: o.Approver, Change: "Generated from the workspace by Keel"}}
	}
	return c
}

// versionHistory reads the versions of a document from its record's history: one row per
// value its version field took, with the date and author of the write that set it, and the
// approver and change note as that write left them (the ops of one write share its time).
func versionHistory(h []ims.HistoryEntry) []Revision {
	h = chronological(h)
	var out []Revision
	cur := map[string]string{}
	for i := 0; i < len(h); {
		j, versioned, note := i, false, ""
		for ; j < len(h) && h[j].At == h[i].At; j++ {
			if h[j].Field == "" {
				continue
			}
			v, _ := h[j].Value.(string)
			cur[h[j].Field] = strings.TrimSpace(v)
			versioned = versioned || h[j].Field == "version"
			if h[j].Field == "change_note" {
				note = cur["change_note"]
			}
		}
		n := len(out)
		switch {
		case versioned && cur["version"] != "" && (n == 0 || out[n-1].Version != cur["version"]):
			out = append(out, Revision{Version: cur["version"], Date: day(h[i].At), Author: h[i].Actor.Name,
				Approver: cur["approver"], Change: note})
		case n > 0:
			// A later write to the same version: its approver as it now stands.
			out[n-1].Approver = cur["approver"]
		}
		i = j
	}
	return out
}

// fieldText is a stored field as a pack prints it, by its type in the schema: dates long,
// linked records by their titles, yes or no, lists joined, evidence files by name.
func fieldText(f ims.Field, r ims.Record, title func(id string) string) string {
	v := r.Fields[f.Name]
	switch f.Type {
	case ims.TypeDate:
		s, _ := v.(string)
		return longDate(s)
	case ims.TypeDateTime:
		s, _ := v.(string)
		return shortDate(s)
	case ims.TypeBool:
		b, ok := v.(bool)
		if !ok {
			return ""
		}
		return yesNo(&b)
	case ims.TypeNumber:
		if n, ok := v.(float64); ok {
			return numText(n)
		}
		return ""
	case ims.TypeLink:
		s, _ := v.(string)
		if s == "" {
			return ""
		}
		return title(s)
	case ims.TypeLinks, ims.TypeMultiEnum, ims.TypeAttachments:
		l := list(r, f.Name)
		out := make([]string, len(l))
		for i, x := range l {
			switch f.Type {
			case ims.TypeLinks:
				out[i] = title(x)
			case ims.TypeAttachments:
				_, name, _ := strings.Cut(x, "/")
				out[i] = name
			default:
				out[i] = capitalise(x)
			}
		}
		return strings.Join(out, "; ")
	case ims.TypeEnum:
		s, _ := v.(string)
		return capitalise(s)
	}
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// recordFields prints every stored field of a record in the schema's order, label and
// value, leaving out those named in skip; an empty field prints "Not recorded" so a missing
// answer shows.
func (d *doc) recordFields(kind string, r ims.Record, title func(id string) string, skip ...string) {
	k, err := ims.KindByName(kind)
	if err != nil {
		d.pdf.SetError(err)
		return
	}
	var kv [][2]string
	for _, f := range k.SharedFields() {
		if slices.Contains(skip, f.Name) {
			continue
		}
		v := fieldText(f, r, title)
		if v == "" {
			v = "Not recorded"
		}
		kv = append(kv, [2]string{f.Label, v})
	}
	d.keyValues(kv)
}

// chronological is a record's history oldest first (by time, then op ID), whatever order it
// arrived in.
func chronological(h []ims.HistoryEntry) []ims.HistoryEntry {
	h = slices.Clone(h)
	slices.SortStableFunc(h, func(a, b ims.HistoryEntry) int {
		return cmp.Or(strings.Compare(a.At, b.At), strings.Compare(a.OpID, b.OpID))
	})
	return h
}
