package tabular

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
)

// countingReader counts the bytes a scan took.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// zipped makes a workbook-shaped zip of the given entries, each written by its function.
func zipped(t *testing.T, entries map[string]func(io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, write := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		write(w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func repeat(w io.Writer, s string, n int) {
	chunk := []byte(strings.Repeat(s, 4096))
	for ; n >= 4096; n -= 4096 {
		w.Write(chunk)
	}
	io.WriteString(w, strings.Repeat(s, n))
}

func wantCap(t *testing.T, err error, want string) {
	t.Helper()
	ie, ok := err.(*ImportError)
	if !ok {
		t.Fatalf("error = %v (%T), want a refused file", err, err)
	}
	if len(ie.Errors) != 1 || !strings.Contains(ie.Errors[0].Message, want) {
		t.Fatalf("problems = %v, want one that says %q", ie.Errors, want)
	}
}

// A 20 MB file of commas is one row of 20 million cells: it is refused by the scan,
// which keeps no cells (it allocates only its error), before encoding/csv builds any.
func TestCSVOfCommasIsRefusedByTheScan(t *testing.T) {
	commas := bytes.Repeat([]byte{','}, MaxBytes)
	_, _, err := readFile(File{Format: CSV, Data: bytes.NewReader(commas)})
	wantCap(t, err, "line 1 has more than 500 cells")
	if n := testing.AllocsPerRun(3, func() { checkCSV(commas, ',') }); n > 8 {
		t.Errorf("the scan allocated %v times, want only its error's few", n)
	}
	// A cell past MaxCellBytes, and more than MaxCells in all.
	_, _, err = readCSV([]byte("title\n\"" + strings.Repeat("x", MaxCellBytes+1) + "\"\n"))
	wantCap(t, err, "line 2 has a cell longer than 256 KB")
	_, _, err = readCSV(bytes.Repeat([]byte("a,b,c,d,e,f,g,h,i,j\n"), MaxCells/10+1))
	wantCap(t, err, "more than 5000000 cells")
}

// A small XLSX whose one shared string unzips to 32 MB is refused at the first cell past
// MaxCellBytes, without reading the rest.
func TestXLSXHugeStringIsRefused(t *testing.T) {
	data := zipped(t, map[string]func(io.Writer){
		"xl/sharedStrings.xml": func(w io.Writer) {
			io.WriteString(w, `<sst><si><t>`)
			repeat(w, "A", 32<<20)
			io.WriteString(w, `</t></si></sst>`)
		},
		"xl/worksheets/sheet1.xml": func(w io.Writer) {
			io.WriteString(w, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`)
		},
	})
	if len(data) > 1<<20 {
		t.Fatalf("the test file is %d bytes, want a small one", len(data))
	}
	_, _, err := readFile(File{Format: XLSX, Data: bytes.NewReader(data)})
	wantCap(t, err, "has a cell longer than 256 KB")
}

// A row of 25 million cells is refused at cell MaxColumns+1: the scan reads a few
// kilobytes of the 100 MB sheet.
func TestXLSXRowOfMillionsOfCellsIsRefused(t *testing.T) {
	const cells = 25_000_000
	data := zipped(t, map[string]func(io.Writer){
		"xl/worksheets/sheet1.xml": func(w io.Writer) {
			io.WriteString(w, `<worksheet><sheetData><row r="1">`)
			repeat(w, "<c/>", cells)
			io.WriteString(w, `</row></sheetData></worksheet>`)
		},
	})
	_, _, err := readFile(File{Format: XLSX, Data: bytes.NewReader(data)})
	wantCap(t, err, "row 1 has more than 500 cells")

	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	rc, _ := zr.File[0].Open()
	defer rc.Close()
	cr := &countingReader{r: rc}
	total := 0
	wantCap(t, scanXML(bufio.NewReaderSize(cr, 64<<10), &total), "more than 500 cells")
	if cr.n > 128<<10 {
		t.Errorf("the scan read %d bytes of the sheet, want at most its buffer", cr.n)
	}
}

// A file with more problems than MaxProblems keeps the first ones and counts them all.
func TestImportErrorKeepsTheFirstProblems(t *testing.T) {
	errs := make([]CellError, 150)
	for i := range errs {
		errs[i] = CellError{Row: i + 2, Message: "bad"}
	}
	ie := newImportError(errs)
	if len(ie.Errors) != MaxProblems || ie.Count() != 150 || ie.Errors[0].Row != 2 {
		t.Fatalf("kept %d, count %d", len(ie.Errors), ie.Count())
	}
	if !strings.Contains(ie.Error(), "150 problems") || !strings.Contains(ie.Error(), "and 130 more") {
		t.Errorf("message = %q", ie.Error())
	}
}
