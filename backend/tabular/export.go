package tabular

import (
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
		err = writeXLSX(kind, rows, w)
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

func writeXLSX(kind *ims.Kind, rows [][]any, w io.Writer) error {
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
	cols := Columns(kind)
	for i, c := range cols {
		width := 18.0
		if c == IDColumn {
			width = 38
		} else if fl, _ := kind.Field(c); fl != nil && (fl.Type == ims.TypeLongText || fl.Type == ims.TypeAttachments) {
			width = 50
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: c}
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
	fields := kind.SharedFields()
	cells := make([]any, len(cols))
	for n, row := range rows {
		for i, v := range row {
			// Numbers stay numbers so the spreadsheet can sum and chart them, dates are
			// date cells; everything else is text, so that no cell is read as a formula.
			cells[i] = cellText(v)
			if x, ok := v.(float64); ok {
				cells[i] = x
			} else if s, ok := v.(string); ok && i > 0 {
				if c, ok := dateCell(fields[i-1].Type, s, dateStyle, timeStyle); ok {
					cells[i] = c
				}
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
	return f.Write(w)
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
