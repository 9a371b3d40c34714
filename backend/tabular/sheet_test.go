package tabular_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"keel/backend/tabular"
)

// Dates as people type them: ISO, UK day/month/year (what a file's dates show, or what is
// set), and a clear refusal when a file cannot tell.
func TestImportDates(t *testing.T) {
	head := "title,owner,status,due_date\n"
	for _, tc := range []struct {
		name, rows string
		order      tabular.DateOrder
		want       []string
		err        string
	}{
		{"iso", "A,Zoë,open,2026-11-26\n", "", []string{"2026-11-26"}, ""},
		{"uk shown by a day over 12", "A,Zoë,open,26/11/2026\nB,Zoë,open,03/04/2026\n", "", []string{"2026-11-26", "2026-04-03"}, ""},
		{"day and month alike", "A,Zoë,open,5.5.2026\n", "", []string{"2026-05-05"}, ""},
		{"ambiguous", "A,Zoë,open,2026-01-01\nB,Zoë,open,03/04/2026\n", "", nil,
			`row 3, column due_date: "03/04/2026" could be day/month/year or month/day/year`},
		{"set dmy", "A,Zoë,open,03/04/2026\n", tabular.DatesDMY, []string{"2026-04-03"}, ""},
		{"set mdy", "A,Zoë,open,03/04/2026\n", tabular.DatesMDY, []string{"2026-03-04"}, ""},
		{"us shown", "A,Zoë,open,11/26/2026\nB,Zoë,open,03/04/2026\n", "", []string{"2026-11-26", "2026-03-04"}, ""},
		{"mixed", "A,Zoë,open,26/11/2026\nB,Zoë,open,11/26/2026\n", "", nil, "row 3, column due_date: this date is month/day/year but row 2"},
		{"set iso refuses slashes", "A,Zoë,open,26/11/2026\n", tabular.DatesISO, nil, `"26/11/2026" is not a date`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			res, err := tabular.Import(ctx, st, zoe, "action", tabular.CSV, strings.NewReader(head+tc.rows), tabular.Options{Dates: tc.order})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, id := range res.IDs {
				if r, _ := st.GetRecord(ctx, "action", id); r.Fields["due_date"] != tc.want[i] {
					t.Errorf("row %d: due_date %v, want %s", i+2, r.Fields["due_date"], tc.want[i])
				}
			}
		})
	}
	if _, err := tabular.ParseDateOrder("ydm"); err == nil {
		t.Error("ParseDateOrder took ydm")
	}
}

// openSheet opens an XLSX and names its first sheet; the test closes it.
func openSheet(t *testing.T, data []byte) (*excelize.File, string) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, x.GetSheetList()[0]
}

// An XLSX export writes dates and date-times as date cells, and reads them back.
func TestXLSXWritesDateCells(t *testing.T) {
	st := openStore(t)
	a := mustCreate(t, st, "action", map[string]any{"title": "Patch", "owner": "Zoë", "status": "open", "due_date": "2026-11-26"})
	data := export(t, st, "action", tabular.XLSX)
	x, sheet := openSheet(t, data)
	rows, _ := x.GetRows(sheet)
	col := -1
	for i, h := range rows[0] {
		if h == "due_date" {
			col = i
		}
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, 2)
	raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if typ, _ := x.GetCellType(sheet, cell); raw != "46352" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("due_date cell %s = %q (type %v), want the date serial 46352", cell, raw, typ)
	}
	res, err := tabular.Import(ctx, st, zoe, "action", tabular.XLSX, bytes.NewReader(data), tabular.Options{})
	if err != nil || res.Same != 1 || res.IDs == nil || len(res.IDs) != 0 {
		t.Errorf("re-import = %+v, %v; want %s unchanged", res, err, a.ID)
	}
}

// An XLSX export is written for people: a frozen, filtered header, drop-downs on enum
// columns, and each link's record title beside its id, which import ignores.
func TestXLSXForPeople(t *testing.T) {
	st := openStore(t)
	sup := mustCreate(t, st, "supplier", map[string]any{"name": "Bramley Analytics Ltd"})
	mustCreate(t, st, "ai_system", map[string]any{"name": "Scorer", "provenance": "third-party", "stage": "design and development", "supplier": sup.ID})
	x, sheet := openSheet(t, export(t, st, "ai_system", tabular.XLSX))
	panes, err := x.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v; want the header row frozen", panes, err)
	}
	rows, _ := x.GetRows(sheet)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if i, ok := col["supplier (title)"]; !ok || i != col["supplier"]+1 || rows[1][i] != "Bramley Analytics Ltd" {
		t.Errorf("header %v, row %v: want the supplier's title beside its id", rows[0], rows[1])
	}
	dvs, err := x.GetDataValidations(sheet)
	stage, _ := excelize.ColumnNumberToName(col["stage"] + 1)
	found := false
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, stage+"2:") && dv.Type == "list" && strings.HasPrefix(dv.Formula1, "Lists!") {
			found = true
		}
	}
	if err != nil || !found {
		t.Errorf("data validations %+v, %v; want a drop-down on column %s (stage)", dvs, err, stage)
	}
	if v, _ := x.GetCellValue("Lists", stage+"1"); v != "design and development" {
		t.Errorf("the stage options start with %q", v)
	}
	filter := false
	for _, dn := range x.GetDefinedName() {
		filter = filter || dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet
	}
	if !filter {
		t.Error("no autofilter on the header")
	}
	// Edited in the sheet, the title column is not read: a changed title writes nothing.
	x.SetCellStr(sheet, "A1", "id")
	title, _ := excelize.CoordinatesToCellName(col["supplier (title)"]+1, 2)
	x.SetCellStr(sheet, title, "Someone else")
	var buf bytes.Buffer
	x.Write(&buf)
	res, err := tabular.Import(ctx, st, zoe, "ai_system", tabular.XLSX, &buf, tabular.Options{})
	if err != nil || res.Same != 1 {
		t.Errorf("re-import = %+v, %v", res, err)
	}
}
