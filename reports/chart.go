package reports

import (
	"fmt"
)

// segment is one coloured part of a stacked bar.
type segment struct {
	label string
	color rgb
}

// bar is one row of a bar chart: a label, a count per segment, and the figure printed at the
// right end (a percentage, usually).
type bar struct {
	label  string
	counts []int
	figure string
}

// barChart draws horizontal stacked bars as vectors, with a legend above. All bars share
// one scale, the largest total filling the width, so a bar of 1 is a third of a bar of 3.
func (d *doc) barChart(segs []segment, bars []bar) {
	d.flush(0)
	p := d.pdf
	const (
		labelW = 58.0
		figW   = 16.0
		rowH   = 7.0
		barH   = 4.2
	)
	barW := contentW - labelW - figW
	widths := barWidths(bars, barW)
	need := 10 + float64(len(bars))*rowH
	if p.GetY()+min(need, 60) > bodyBottom {
		d.newPage()
	}
	// Legend.
	x, y := marginL+labelW, p.GetY()
	d.font("", 7.5)
	// The legend starts over the bars and wraps inside the right margin.
	for _, s := range segs {
		if w := d.width(txt(s.label)) + 5; x+w > pageW-marginR {
			x, y = marginL+labelW, y+5.4
		}
		d.fill(s.color)
		d.draw(rule)
		p.SetLineWidth(0.1)
		p.Rect(x, y+1.2, 3, 3, "FD")
		d.color(muted)
		p.SetXY(x+4, y)
		w := d.width(txt(s.label)) + 1
		p.CellFormat(w, 5.4, txt(s.label), "", 0, "L", false, 0, "")
		x += w + 8
	}
	p.SetY(y + 9)
	for bi, b := range bars {
		// A long label takes two lines (shortened after that); the row grows to fit.
		d.font("", 8.5)
		lines := d.wrap(b.label, labelW-3)
		if len(lines) > 2 {
			lines = lines[:2]
			r := []rune(lines[1])
			for d.width(string(r)+"…") > labelW-3 && len(r) > 1 {
				r = r[:len(r)-1]
			}
			lines[1] = string(r) + "…"
		}
		rh := max(rowH, float64(len(lines))*3.8+2)
		if p.GetY()+rh > bodyBottom {
			d.newPage()
		}
		y := p.GetY()
		d.color(ink)
		for i, line := range lines {
			p.SetXY(marginL, y+(rh-float64(len(lines))*3.8)/2+float64(i)*3.8)
			p.CellFormat(labelW-3, 3.8, line, "", 0, "L", false, 0, "")
		}
		total := 0
		for _, c := range b.counts {
			total += c
		}
		bx := marginL + labelW
		by := y + (rh-barH)/2
		d.fill(faint)
		p.Rect(bx, by, barW, barH, "F")
		if total > 0 {
			for i, c := range b.counts {
				if c == 0 || i >= len(segs) {
					continue
				}
				w := widths[bi][i]
				d.fill(segs[i].color)
				p.Rect(bx, by, w, barH, "F")
				bx += w
			}
		}
		d.font("B", 8.5)
		d.color(accent)
		p.SetXY(marginL+labelW+barW, y)
		p.CellFormat(figW, rh, b.figure, "", 0, "R", false, 0, "")
		p.SetY(y + rh)
	}
	d.gap(4)
}

// barWidths are the lengths of each bar's segments on one scale: the largest total fills
// the width w.
func barWidths(bars []bar, w float64) [][]float64 {
	scale := 1
	for _, b := range bars {
		t := 0
		for _, c := range b.counts {
			t += c
		}
		scale = max(scale, t)
	}
	out := make([][]float64, len(bars))
	for i, b := range bars {
		out[i] = make([]float64, len(b.counts))
		for j, c := range b.counts {
			out[i][j] = w * float64(c) / float64(scale)
		}
	}
	return out
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v) }

// share is covered over applicable as a percentage to one decimal, 100 when none apply.
func share(covered, of int) float64 {
	if of <= 0 {
		return 100
	}
	return float64(int(float64(covered)*1000/float64(of)+0.5)) / 10
}
