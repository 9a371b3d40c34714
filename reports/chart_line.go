package reports

import (
	"math"
	"strconv"
	"time"
)

// linePoint is one reading of a trend: a date and a value.
type linePoint struct {
	t time.Time
	v float64
}

// niceStep rounds a raw tick step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// axisStep is the step between a chart's value lines: niceStep, but never 2.5, 25, 250…
// (steps of a quarter of a power of ten put ticks at 7.5 and 12.5, which whole-number
// labels printed as 8 and 12 on evenly spaced lines): those become 5, 50, 500.
func axisStep(raw float64) float64 {
	s := niceStep(raw)
	p := math.Pow(10, math.Floor(math.Log10(s)))
	if math.Abs(s/p-2.5) < 1e-9 {
		return 2 * s
	}
	return s
}

func tickText(v, step float64) string {
	dec := 0
	if step < 1 {
		dec = int(math.Ceil(-math.Log10(step)))
		if math.Abs(step*math.Pow(10, float64(dec))-math.Round(step*math.Pow(10, float64(dec)))) > 1e-9 {
			dec++
		}
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// lineChart draws a trend as vectors: the readings joined by a line over time, a dashed
// line at the target, value ticks on the left and dates below. Points are sorted by the
// caller; the chart and its title are kept together on one page.
func (d *doc) lineChart(title, unit string, pts []linePoint, target float64, hasTarget bool) {
	d.flush(0)
	if len(pts) == 0 {
		return
	}
	p := d.pdf
	const (
		chartH = 44.0
		axisW  = 14.0
		titleH = 6.0
		dateH  = 6.0
	)
	if p.GetY()+titleH+chartH+dateH+4 > bodyBottom {
		d.newPage()
	}
	y0 := p.GetY()
	d.font("B", 9)
	d.color(ink)
	p.SetX(marginL)
	label := title
	if unit != "" {
		label += " (" + trimUnit(unit) + ")"
	}
	p.CellFormat(contentW, titleH, txt(label), "", 0, "L", false, 0, "")

	// Value range: the readings and the target, padded to whole ticks.
	lo, hi := valueRange(pts, target, hasTarget)
	step := axisStep((hi - lo) / 4)
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step

	px0, px1 := marginL+axisW, marginL+contentW-2
	py0, py1 := y0+titleH+2, y0+titleH+2+chartH // top, bottom
	t0, t1 := pts[0].t, pts[len(pts)-1].t
	span := t1.Sub(t0).Hours()
	xOf := func(t time.Time) float64 {
		if span <= 0 {
			return (px0 + px1) / 2
		}
		return px0 + (px1-px0)*t.Sub(t0).Hours()/span
	}
	yOf := func(v float64) float64 { return py1 - (py1-py0)*(v-lo)/(hi-lo) }

	// Grid and value ticks.
	d.font("", 7)
	d.color(muted)
	p.SetLineWidth(0.15)
	for v := lo; v <= hi+step/2; v += step {
		y := yOf(v)
		d.draw(faint)
		p.Line(px0, y, px1, y)
		s := tickText(v, step)
		p.SetXY(marginL, y-2)
		p.CellFormat(axisW-2, 4, s, "", 0, "R", false, 0, "")
	}
	d.draw(rule)
	p.SetLineWidth(0.25)
	p.Line(px0, py1, px1, py1)

	// Date ticks: at most six, first and last always.
	n := min(6, len(pts))
	last := -1.0
	for k := 0; k < n; k++ {
		i := 0
		if n > 1 {
			i = k * (len(pts) - 1) / (n - 1)
		}
		x := xOf(pts[i].t)
		s := pts[i].t.Format("Jan 2006")
		w := d.width(s)
		lx := min(max(x-w/2, px0-4), px1-w)
		if lx < last+2 {
			continue
		}
		p.Line(x, py1, x, py1+1)
		p.SetXY(lx, py1+1.2)
		p.CellFormat(w, 4, s, "", 0, "L", false, 0, "")
		last = lx + w
	}

	// Target.
	if hasTarget {
		y := yOf(target)
		d.draw(rgb{176, 58, 46})
		p.SetLineWidth(0.3)
		p.SetDashPattern([]float64{1.2, 1}, 0)
		p.Line(px0, y, px1, y)
		p.SetDashPattern([]float64{}, 0)
		d.font("", 7)
		d.color(rgb{176, 58, 46})
		s := "Target " + numText(target)
		p.SetXY(px1-d.width(s)-1, y-4.2)
		p.CellFormat(d.width(s)+1, 4, s, "", 0, "R", false, 0, "")
	}

	// The line and its points.
	d.draw(accent)
	d.fill(accent)
	p.SetLineWidth(0.5)
	for i := 1; i < len(pts); i++ {
		p.Line(xOf(pts[i-1].t), yOf(pts[i-1].v), xOf(pts[i].t), yOf(pts[i].v))
	}
	if len(pts) <= 40 {
		for _, pt := range pts {
			p.Circle(xOf(pt.t), yOf(pt.v), 0.8, "F")
		}
	}
	// The latest value, labelled at its point.
	lp := pts[len(pts)-1]
	d.font("B", 7.5)
	d.color(accent)
	s := numText(lp.v)
	p.SetXY(min(xOf(lp.t)-d.width(s)-1.5, px1-d.width(s)), yOf(lp.v)+1)
	p.CellFormat(d.width(s)+1, 4, s, "", 0, "L", false, 0, "")
	p.SetXY(marginL, py1+dateH+3)
}

func trimUnit(u string) string {
	if len(u) > 0 && u[0] == ' ' {
		return u[1:]
	}
	return u
}

// valueRange is the lowest and highest of the readings and the target (if any), one apart
// at least. pts is not empty.
func valueRange(pts []linePoint, target float64, hasTarget bool) (lo, hi float64) {
	lo, hi = pts[0].v, pts[0].v
	for _, pt := range pts {
		lo, hi = min(lo, pt.v), max(hi, pt.v)
	}
	if hasTarget {
		lo, hi = min(lo, target), max(hi, target)
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	return lo, hi
}
