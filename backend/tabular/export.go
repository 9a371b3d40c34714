package tabular

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"keel/backend/ims"
)

// Export writes every live record of a kind to w and returns how many it wrote.
func Export(ctx context.Context, svc ims.RecordService, kindName string, format Format, w io.Writer) (int, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return 0, err
	}
	res, err := svc.ListRecords(ctx, ims.ListQuery{Kind: kind.Name})
	if err != nil {
		return 0, err
	}
	fields := kind.SharedFields() // a user's private fields never leave the device
	rows := make([][]any, 0, len(res.Records))
	for _, r := range res.Records {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		row := make([]any, 0, len(fields)+1)
		row = append(row, r.ID)
		for _, f := range fields {
			row = append(row, r.Fields[f.Name])
		}
		rows = append(rows, row)
	}
	switch format {
	case CSV:
		err = writeCSV(kind, rows, w)
	case XLSX:
		var titles map[string]string
		if titles, err = linkTitles(ctx, svc, fields); err == nil {
			err = writeXLSX(kind, rows, titles, w)
		}
	default:
		_, err = ParseFormat(string(format))
	}
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

func writeCSV(kind *ims.Kind, rows [][]any, w io.Writer) error {
	// A byte-order mark makes spreadsheet programs read the file as UTF-8 (é, ł, Å).
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns(kind)); err != nil {
		return err
	}
	fields := kind.SharedFields()
	rec := make([]string, len(fields)+1)
	for _, row := range rows {
		rec[0] = cellText(row[0])
		for i, f := range fields {
			s := cellText(row[i+1])
			if isTextual(f.Type) {
				s = escapeFormula(s)
			}
			rec[i+1] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sheetName is the register's plural, made acceptable as an Excel sheet name.
func sheetName(kind *ims.Kind) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, kind.Plural)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// linkTitles maps kind/id to title for the records the link fields can name, so an XLSX
// shows a linked record's title beside its id.
func linkTitles(ctx context.Context, svc ims.RecordService, fields []ims.Field) (map[string]string, error) {
	out := map[string]string{}
	done := map[string]bool{}
	for _, f := range fields {
		if f.LinkKind == "" || done[f.LinkKind] {
			continue
		}
		done[f.LinkKind] = true
		res, err := svc.ListRecords(ctx, ims.ListQuery{Kind: f.LinkKind})
		if err != nil {
			return nil, err
		}
		for _, r := range res.Records {
			out[f.LinkKind+"/"+r.ID] = r.Title
		}
	}
	return out, nil
}

// xcol is one column of an XLSX export: the id (f nil), a field, or the titles of a link
// field's records (title set; import ignores it).
type xcol struct {
	name  string
	f     *ims.Field
	title bool
}

// TitleSuffix ends the header of the column an XLSX export adds after a link column, with
// the linked records' titles; import ignores such a column.
const TitleSuffix = " (title)"

func xlsxColumns(kind *ims.Kind) []xcol {
	cols := []xcol{{name: IDColumn}}
	for _, f := range kind.SharedFields() {
		cols = append(cols, xcol{name: f.Name, f: &f})
		if f.LinkKind != "" {
			cols = append(cols, xcol{name: f.Name + TitleSuffix, f: &f, title: true})
		}
	}
	return cols
}

// width is a column's width in characters: enough for its header, its options or a date,
// more for long text.
func (c xcol) width() float64 {
	w := 14.0
	switch {
	case c.f == nil:
		return 38 // a UUID
	case c.title:
		w = 32
	case c.f.Type == ims.TypeLongText || c.f.Type == ims.TypeAttachments:
		w = 50
	case c.f.Type == ims.TypeText || c.f.Type == ims.TypePerson || c.f.Type == ims.TypeMultiEnum:
		w = 24
	case c.f.LinkKind != "":
		w = 38
	case c.f.Type == ims.TypeDateTime:
		w = 20
	}
	for _, o := range c.f.Options {
		w = max(w, float64(len([]rune(o)))+3)
	}
	return min(max(w, float64(len(c.name))+3), 60)
}

// writeXLSX writes a sheet for people: bold frozen header with an autofilter, sensible
// widths, date cells, a drop-down on every enum column (its options on a hidden sheet) and
// the linked records' titles beside link columns.
func writeXLSX(kind *ims.Kind, rows [][]any, titles map[string]string, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(kind)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx stream: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	cols := xlsxColumns(kind)
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width()); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{StyleID: bold}); err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")})
	if err != nil {
		return err
	}
	// value[i] is the index in a row of column i's value: the id, then one per field (a
	// title column shows its link column's).
	value := make([]int, len(cols))
	for i, c := range cols {
		if i > 0 {
			value[i] = value[i-1]
			if !c.title {
				value[i]++
			}
		}
	}
	cells := make([]any, len(cols))
	for n, row := range rows {
		for i, c := range cols {
			v := row[value[i]]
			cells[i] = cellText(v)
			switch x := v.(type) {
			case float64:
				// Numbers stay numbers so the spreadsheet can sum and chart them, dates are
				// date cells; everything else is text, so that no cell is read as a formula.
				cells[i] = x
			case string:
				if c.f != nil && !c.title {
					if dc, ok := dateCell(c.f.Type, x, dateStyle, timeStyle); ok {
						cells[i] = dc
					}
				}
			}
			if c.title {
				cells[i] = linkedTitles(c.f, v, titles)
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(ref, cells); err != nil {
			return fmt.Errorf("xlsx row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// A streamed sheet takes no filter or validation: add them to the workbook read back.
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	g, err := excelize.OpenReader(&buf, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return err
	}
	defer g.Close()
	last, _ := excelize.CoordinatesToCellName(len(cols), max(len(rows)+1, 2))
	if err := g.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return fmt.Errorf("xlsx filter: %w", err)
	}
	if err := dropDowns(g, sheet, cols); err != nil {
		return err
	}
	g.SetActiveSheet(0)
	return g.Write(w)
}

// linkedTitles is the titles of a link cell's records, comma-separated like the ids.
func linkedTitles(f *ims.Field, v any, titles map[string]string) string {
	var out []string
	for _, id := range f.Targets(v) {
		out = append(out, titles[f.LinkKind+"/"+id])
	}
	return strings.Join(out, ", ")
}

// maxValidatedRows is how far down an enum column's drop-down reaches: the import limit.
const maxValidatedRows = MaxRows + 1

// dropDowns puts a drop-down of its options on every enum column; the options sit on a
// hidden sheet, as an in-cell list is limited to 255 characters and cannot hold commas.
func dropDowns(f *excelize.File, sheet string, cols []xcol) error {
	const lists = "Lists"
	made := false
	for i, c := range cols {
		if c.f == nil || c.title || c.f.Type != ims.TypeEnum || len(c.f.Options) == 0 {
			continue
		}
		if !made {
			if _, err := f.NewSheet(lists); err != nil {
				return err
			}
			if err := f.SetSheetVisible(lists, false); err != nil {
				return err
			}
			made = true
		}
		letter, _ := excelize.ColumnNumberToName(i + 1)
		for j, o := range c.f.Options {
			if err := f.SetCellStr(lists, fmt.Sprintf("%s%d", letter, j+1), o); err != nil {
				return err
			}
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", letter, letter, maxValidatedRows))
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", lists, letter, letter, len(c.f.Options)))
		dv.SetError(excelize.DataValidationErrorStyleStop, c.f.Label, "Choose one of the options: "+strings.Join(c.f.Options, ", "))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("xlsx drop-down for %s: %w", c.name, err)
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// dateCell is a stored date or date-time as a date cell. A date-time is written as the
// device's local wall time (a cell has no time zone), as import reads it back.
func dateCell(t ims.FieldType, s string, dateStyle, timeStyle int) (excelize.Cell, bool) {
	switch t {
	case ims.TypeDate:
		d, err := time.Parse(time.DateOnly, s)
		return excelize.Cell{StyleID: dateStyle, Value: d}, err == nil
	case ims.TypeDateTime:
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return excelize.Cell{}, false
		}
		l := d.Local()
		wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
		return excelize.Cell{StyleID: timeStyle, Value: wall}, true
	}
	return excelize.Cell{}, false
}
