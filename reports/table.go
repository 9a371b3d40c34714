package reports

import (
	"strings"
)

// column is one column of a table: its header, its width as a share of the content width
// (the shares of a table need not add to anything in particular) and its alignment.
type column struct {
	header string
	weight float64
	align  string // "L" (default), "C", "R"
}

const (
	cellPadX  = 1.8
	cellPadY  = 1.5
	tableFont = 8.0
	lineH     = 3.9
)

// table draws rows under a header row. It breaks across pages on its own, repeating the
// header row at the top of every continuation page; a row taller than a page is split
// between pages, line by line, rather than overflowing.
func (d *doc) table(cols []column, rows [][]string) {
	p := d.pdf
	auto, margin := p.GetAutoPageBreak()
	p.SetAutoPageBreak(false, margin)
	defer p.SetAutoPageBreak(auto, margin)

	widths := d.fitWidths(cols, rows)
	header := make([][]string, len(cols))
	d.font("B", tableFont)
	for i, c := range cols {
		header[i] = d.wrap(c.header, widths[i]-2*cellPadX)
	}
	headerH := float64(maxLines(header))*lineH + 2*cellPadY

	drawHeader := func() {
		y := p.GetY()
		d.fill(headFill)
		p.Rect(marginL, y, contentW, headerH, "F")
		d.font("B", tableFont)
		d.color(accent)
		d.drawCells(cols, widths, header, y, 0, maxLines(header))
		d.draw(accent)
		p.SetLineWidth(0.3)
		p.Line(marginL, y+headerH, marginL+contentW, y+headerH)
		p.SetY(y + headerH)
	}
	// Each row's cells as lines, and its height.
	d.font("", tableFont)
	lines := make([][][]string, len(rows))
	heights := make([]float64, len(rows))
	for r, row := range rows {
		cells := make([][]string, len(cols))
		for i := range cols {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			cells[i] = d.wrap(v, widths[i]-2*cellPadX)
		}
		lines[r] = cells
		heights[r] = float64(maxLines(cells))*lineH + 2*cellPadY
	}
	rowsH := func(from, to int) float64 {
		h := 0.0
		for _, x := range heights[from:to] {
			h += x
		}
		return h
	}
	fresh := bodyBottom - marginT - headerH
	// A table never starts with its header and fewer than three rows on a page (all of them
	// when it has fewer): the header moves with them, a very tall first row aside, which
	// takes its first few lines.
	keep := min(3, len(rows))
	need := rowsH(0, keep)
	if keep > 0 && (need > fresh || heights[0] > bodyBottom-marginT) {
		need = float64(min(int(heights[0]/lineH), 6))*lineH + 2*cellPadY
	}
	d.flush(headerH + need) // a sub-heading just above stays with the header and rows
	if p.GetY()+headerH+need > bodyBottom {
		d.newPage()
	}
	drawHeader()

	for n := range rows {
		if n%64 == 63 {
			d.checkpoint()
		}
		// Never strand the last one or two rows on a page of their own: when the last three
		// do not fit where they are but do fit a fresh page, they go there together.
		if tail := len(rows) - n; tail == 3 && n >= 3 && p.GetY()+rowsH(n, len(rows)) > bodyBottom &&
			p.GetY()+heights[n] <= bodyBottom && rowsH(n, len(rows)) <= fresh {
			d.newPage()
			drawHeader()
		}
		d.font("", tableFont)
		cells := lines[n]
		n := maxLines(cells)
		fitsFresh := int((bodyBottom - marginT - headerH - 2*cellPadY) / lineH)
		for from := 0; from < n; {
			room := int((bodyBottom - p.GetY() - 2*cellPadY) / lineH)
			// Move a row that fits on a fresh page rather than splitting it.
			if room < n-from && (n-from <= fitsFresh || room < 2) {
				d.newPage()
				drawHeader()
				continue
			}
			take := min(room, n-from)
			y := p.GetY()
			h := float64(take)*lineH + 2*cellPadY
			d.font("", tableFont)
			d.color(ink)
			d.drawCells(cols, widths, cells, y, from, from+take)
			d.draw(rule)
			p.SetLineWidth(0.15)
			p.Line(marginL, y+h, marginL+contentW, y+h)
			p.SetY(y + h)
			from += take
		}
	}
	p.SetX(marginL)
	d.gap(3)
}

// drawCells writes lines [from, to) of each cell starting at y.
func (d *doc) drawCells(cols []column, widths []float64, cells [][]string, y float64, from, to int) {
	p := d.pdf
	x := marginL
	for i, c := range cols {
		align := c.align
		if align == "" {
			align = "L"
		}
		for l := from; l < to && l < len(cells[i]); l++ {
			p.SetXY(x+cellPadX, y+cellPadY+float64(l-from)*lineH)
			p.CellFormat(widths[i]-2*cellPadX, lineH, cells[i][l], "", 0, align, false, 0, "")
		}
		x += widths[i]
	}
}

// fitWidths shares the content width by the columns' weights, then widens any column too
// narrow for its longest word (a status like "Implemented" must not break) at the expense
// of the columns with room to spare, so words break only when nothing else can give.
func (d *doc) fitWidths(cols []column, rows [][]string) []float64 {
	widths := colWidths(cols)
	need := make([]float64, len(cols))
	longest := func(s string, i int) {
		for _, w := range strings.Fields(s) {
			need[i] = max(need[i], d.width(w)+2*cellPadX+0.2)
		}
	}
	d.font("B", tableFont)
	for i, c := range cols {
		longest(txt(c.header), i)
	}
	d.font("", tableFont)
	for _, r := range rows {
		for i := range cols {
			if i < len(r) && len(r[i]) < 40 {
				longest(txt(r[i]), i)
			}
		}
	}
	deficit, slack := 0.0, 0.0
	for i := range cols {
		need[i] = min(need[i], contentW/3)
		if widths[i] < need[i] {
			deficit += need[i] - widths[i]
		} else {
			slack += widths[i] - need[i]
		}
	}
	if deficit == 0 || slack == 0 {
		return widths
	}
	// Give what there is: all of the deficit when the slack covers it, else the slack
	// shared in proportion to each column's need.
	give := min(1, slack/deficit)
	take := min(1, deficit/slack)
	for i := range cols {
		if widths[i] < need[i] {
			widths[i] += (need[i] - widths[i]) * give
		} else {
			widths[i] -= (widths[i] - need[i]) * take
		}
	}
	return widths
}

func colWidths(cols []column) []float64 {
	total := 0.0
	for _, c := range cols {
		total += c.weight
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = contentW * c.weight / total
	}
	return out
}

func maxLines(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

// wrap breaks text into lines no wider than w in the current font: at spaces, and inside a
// word only when the word alone is wider than the line. Newlines are kept.
func (d *doc) wrap(s string, w float64) []string {
	s = txt(s)
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line := ""
		for _, word := range words {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if d.width(cand) <= w {
				line = cand
				continue
			}
			if line != "" {
				out = append(out, line)
				line = ""
			}
			for d.width(word) > w {
				r := []rune(word)
				k := len(r) - 1
				for k > 1 && d.width(string(r[:k])) > w {
					k--
				}
				out = append(out, string(r[:k]))
				word = string(r[k:])
			}
			line = word
		}
		out = append(out, line)
	}
	// Drop trailing empty lines so a value ending in a newline takes no extra space.
	for len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
