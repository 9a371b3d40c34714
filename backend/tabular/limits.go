package tabular

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"strings"
)

// The caps are checked by a scan that keeps no cells, before a parser builds any: a
// hostile file (a megabyte of commas, one huge string, a row of millions of cells) is
// refused with a file error in one pass at constant memory.

// capError is the file error of a cap, with where it was met.
func capError(where string, n int, what string) *ImportError {
	switch what {
	case "columns":
		return fileError("the file is refused: %s %d has more than %d cells, the import limit", where, n, MaxColumns)
	case "cell":
		return fileError("the file is refused: %s %d has a cell longer than %d KB, the import limit", where, n, MaxCellBytes>>10)
	}
	return fileError("the file is refused: it has more than %d cells, the import limit: split it into smaller files", MaxCells)
}

// checkCSV scans CSV text as encoding/csv reads it (a quote opens a field, two quotes
// inside one are a quote) and refuses it at the first cap it passes.
func checkCSV(text []byte, comma rune) *ImportError {
	line, cells, total, size := 1, 1, 1, 0
	quoted := false
	sep := byte(comma)
	for _, c := range text {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
			size++
			if c == '\n' {
				line++
			}
		case c == sep:
			cells, total, size = cells+1, total+1, 0
		case c == '\n':
			line, cells, total, size = line+1, 1, total+1, 0
		default:
			size++
		}
		switch {
		case cells > MaxColumns:
			return capError("line", line, "columns")
		case size > MaxCellBytes:
			return capError("line", line, "cell")
		case total > MaxCells:
			return capError("", 0, "total")
		}
	}
	return nil
}

// checkXLSX scans every worksheet and the shared strings of a workbook as they unzip,
// counting cells per row and in all, and the length of every text run.
func checkXLSX(data []byte) *ImportError {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // excelize reports an unreadable workbook
	}
	total := 0
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if !strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedstrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		ie := scanXML(bufio.NewReaderSize(io.LimitReader(rc, maxUnzipped), 64<<10), &total)
		rc.Close()
		if ie != nil {
			return ie
		}
	}
	return nil
}

// scanXML counts <c> elements per <row> and in all, and refuses a text run (between
// tags) longer than MaxCellBytes.
func scanXML(r *bufio.Reader, total *int) *ImportError {
	rows, cells, run := 0, 0, 0
	for {
		b, err := r.ReadByte()
		if err != nil {
			return nil
		}
		if b != '<' {
			if run++; run > MaxCellBytes {
				return capError("row", max(rows, 1), "cell")
			}
			continue
		}
		run = 0
		name, _ := r.Peek(4)
		switch {
		case len(name) >= 4 && string(name[:3]) == "row" && isNameEnd(name[3]):
			rows, cells = rows+1, 0
		case len(name) >= 2 && name[0] == 'c' && isNameEnd(name[1]):
			cells++
			if *total++; *total > MaxCells {
				return capError("", 0, "total")
			}
			if cells > MaxColumns {
				return capError("row", rows, "columns")
			}
		}
	}
}

func isNameEnd(b byte) bool {
	return b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\n' || b == '\r'
}
