package tabular

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"keel/backend/ims"
)

// fuzzRead reads and checks one hostile file as an import does, and holds it to the caps:
// whatever is accepted has no row longer than MaxColumns and no cell longer than
// MaxCellBytes; nothing panics.
func fuzzRead(t *testing.T, format Format, data []byte) {
	kind, err := ims.KindByName("action")
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readFile(File{Kind: kind.Name, Format: format, Data: bytes.NewReader(data)})
	if err != nil {
		return
	}
	for _, r := range rows {
		if len(r) > MaxColumns {
			t.Fatalf("a row of %d cells got through", len(r))
		}
		for _, c := range r {
			if len(c) > MaxCellBytes {
				t.Fatalf("a cell of %d bytes got through", len(c))
			}
		}
	}
	if _, ie := check(kind, rows, format == XLSX, DatesAuto); ie != nil && len(ie.Errors) > MaxProblems {
		t.Fatalf("%d problems kept, want at most %d", len(ie.Errors), MaxProblems)
	}
}

func FuzzImportCSV(f *testing.F) {
	for _, s := range []string{
		"title,owner,status,due_date\nTidy,Zoë,open,2026-01-01\n",
		"title;owner;status\n\"a;b\";Zoë;open\n",
		"\uFEFFtitle,owner,status\n'=1+1,Zoë,open\n",
		"\"unterminated,\n", ",,,,,,,,,,,,", "title\n\"" + strings.Repeat("x", 300) + "\"\n",
		"\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, CSV, data) })
}

func FuzzImportXLSX(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	for _, rows := range [][][]any{
		{{"title", "owner", "status", "due_date"}, {"Tidy", "Zoë", "open", 46000}},
		{{"title"}, {strings.Repeat("y", 1000)}},
	} {
		f.Add(xlsxSeed(f, rows))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, XLSX, data) })
}

// xlsxSeed is a workbook of rows, written by the exporter's library.
func xlsxSeed(f *testing.F, rows [][]any) []byte {
	wb := excelize.NewFile()
	defer wb.Close()
	for i := range rows {
		if err := wb.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &rows[i]); err != nil {
			f.Fatal(err)
		}
	}
	buf, err := wb.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}
