package tabular

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"keel/backend/ims"
)

// DateOrder says how an import reads a date written with slashes or dots (26/11/2026).
// ISO dates (2026-11-26) are read whatever the order.
type DateOrder string

const (
	DatesAuto DateOrder = ""    // day/month/year unless the file shows month/day/year; ambiguous files are refused
	DatesDMY  DateOrder = "dmy" // day/month/year, as in the UK
	DatesMDY  DateOrder = "mdy" // month/day/year, as in the US
	DatesISO  DateOrder = "iso" // only YYYY-MM-DD
)

// ParseDateOrder reads a --date-format: dmy, mdy or iso ("" and "auto" detect).
func ParseDateOrder(s string) (DateOrder, error) {
	switch o := DateOrder(strings.ToLower(strings.TrimSpace(s))); o {
	case "", "auto":
		return DatesAuto, nil
	case DatesDMY, DatesMDY, DatesISO:
		return o, nil
	case "uk":
		return DatesDMY, nil
	case "us":
		return DatesMDY, nil
	}
	return "", ims.Errorf(ims.EINVALID, "unknown date format %q: use dmy (26/11/2026), mdy (11/26/2026), iso (2026-11-26) or auto", s)
}

// slashDate is a date as spreadsheets write it for people: 26/11/2026, 26.11.2026, with
// an optional time after it.
var slashDate = regexp.MustCompile(`^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?$`)

// dateOrder settles a file's date order: the one set, or the one its dates show. A date
// whose day is over 12 shows the order; when none does and a date could be read both
// ways (03/04/2026), the file is ambiguous and refused, naming that cell.
func dateOrder(set DateOrder, cols []column, rows [][]string) (DateOrder, []CellError) {
	if set != DatesAuto {
		return set, nil
	}
	var dmy, mdy, unsure *CellError
	for i, cells := range rows[1:] {
		for j, c := range cols {
			if c.f == nil || j >= len(cells) || c.f.Type != ims.TypeDate && c.f.Type != ims.TypeDateTime {
				continue
			}
			m := slashDate.FindStringSubmatch(strings.TrimSpace(cells[j]))
			if m == nil {
				continue
			}
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			at := &CellError{Row: i + 2, Column: c.name}
			switch {
			case a > 12 && dmy == nil:
				dmy = at
			case b > 12 && mdy == nil:
				mdy = at
			case a <= 12 && b <= 12 && a != b && unsure == nil:
				unsure, at.Message = at, cells[j]
			}
		}
	}
	switch {
	case dmy != nil && mdy != nil:
		return "", []CellError{{Row: mdy.Row, Column: mdy.Column, Message: fmt.Sprintf(
			"this date is month/day/year but row %d, column %s is day/month/year: write dates one way in a file, best as YYYY-MM-DD", dmy.Row, dmy.Column)}}
	case mdy != nil:
		return DatesMDY, nil
	case dmy != nil || unsure == nil:
		return DatesDMY, nil
	}
	return "", []CellError{{Row: unsure.Row, Column: unsure.Column, Message: fmt.Sprintf(
		"%q could be day/month/year or month/day/year, and no date in the file tells which: write it as YYYY-MM-DD, or say which with --date-format dmy or mdy", unsure.Message)}}
}

// isoDate rewrites a slash date as ISO in the given order; other text is returned as it is
// (the field's own check then explains what it takes).
func isoDate(order DateOrder, cell string) string {
	m := slashDate.FindStringSubmatch(strings.TrimSpace(cell))
	if m == nil || order == DatesISO {
		return cell
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if order == DatesMDY {
		day, month = month, day
	}
	out := fmt.Sprintf("%s-%02d-%02d", m[3], month, day)
	if m[4] != "" {
		t := m[4]
		if len(t) == 4 || len(t) == 7 { // 9:30, 9:30:00
			t = "0" + t
		}
		out += "T" + t
	}
	return out
}
