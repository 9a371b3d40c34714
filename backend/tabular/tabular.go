// Package tabular imports and exports one register as CSV or XLSX. The columns come from
// the kind's schema (decision 1): "id", then one column per field, headed by the field's
// name. Lists are comma-separated and links are record ids. Import is all-or-nothing:
// every row is checked first, every problem is reported with its row and column, and
// records are created only when there is none. It works through ims.RecordService, so
// every imported value is an op like any edit.
package tabular

import (
	"fmt"
	"strings"

	"keel/backend/ims"
)

// Limits of one import file.
const (
	MaxBytes = 20 << 20 // 20 MB
	MaxRows  = 50_000
	// maxUnzipped bounds what an XLSX may expand to, against zip bombs.
	maxUnzipped = 400 << 20
	// The caps a hostile file meets before it is parsed (checkCSV, checkXLSX): cells in one
	// row, bytes in one cell, and cells in the whole file. A register has far fewer fields
	// than MaxColumns; MaxCells is MaxRows rows of 100 columns.
	MaxColumns   = 500
	MaxCellBytes = 256 << 10
	MaxCells     = 5_000_000
	// MaxProblems is how many problems an ImportError keeps; Total counts them all.
	MaxProblems = 100
)

// Format is a file format of a register.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat reads "csv" or "xlsx" (any case, with or without a dot).
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))) {
	case CSV:
		return CSV, nil
	case XLSX:
		return XLSX, nil
	}
	return "", ims.Errorf(ims.EINVALID, "unknown file format %q: use csv or xlsx", s)
}

// ContentType is the media type of a format, for downloads.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// IDColumn is the first column of an export. Import accepts and ignores it: an import
// always creates new records.
const IDColumn = "id"

// Columns returns a kind's header: "id", then every field name in schema order.
func Columns(k *ims.Kind) []string {
	out := make([]string, 0, len(k.SharedFields())+1)
	out = append(out, IDColumn)
	for _, f := range k.SharedFields() {
		out = append(out, f.Name)
	}
	return out
}

// CellError is one problem in an import file. Row counts as a spreadsheet does: the
// header is row 1. Row 0 is the file as a whole; Column is empty for a whole row.
type CellError struct {
	Kind    string `json:"kind,omitempty"` // the register, in an import of several (ImportSet)
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e CellError) String() string {
	if e.Kind != "" {
		return e.Kind + ": " + CellError{Row: e.Row, Column: e.Column, Message: e.Message}.String()
	}
	switch {
	case e.Row == 0:
		return e.Message
	case e.Column == "":
		return fmt.Sprintf("row %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Message)
}

// maxListed is how many problems an error message spells out; ImportError keeps the first
// MaxProblems.
const maxListed = 20

// ImportError is a rejected import: nothing was written. It is an invalid-input domain
// error whose message lists the first problems; Errors holds every one.
type ImportError struct {
	Kind   string
	Errors []CellError // the first MaxProblems problems
	Total  int         // every problem, when more than Errors holds
}

// newImportError keeps the first MaxProblems of errs and counts them all.
func newImportError(errs []CellError) *ImportError {
	ie := &ImportError{Errors: errs}
	if len(errs) > MaxProblems {
		ie.Errors, ie.Total = errs[:MaxProblems:MaxProblems], len(errs)
	}
	return ie
}

// Count is how many problems the file has.
func (e *ImportError) Count() int { return max(e.Total, len(e.Errors)) }

func (e *ImportError) Error() string {
	var b strings.Builder
	n := e.Count()
	fmt.Fprintf(&b, "nothing imported: %d problem%s in the file", n, plural(n))
	for i, ce := range e.Errors {
		if i == maxListed {
			fmt.Fprintf(&b, "\n… and %d more", n-maxListed)
			break
		}
		b.WriteString("\n")
		b.WriteString(ce.String())
	}
	return b.String()
}

// Unwrap makes an ImportError an ims.Error with code invalid for the edge.
func (e *ImportError) Unwrap() error { return &ims.Error{Code: ims.EINVALID, Message: e.Error()} }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func fileError(format string, args ...any) *ImportError {
	return &ImportError{Errors: []CellError{{Message: fmt.Sprintf(format, args...)}}}
}

// cellText is the text form of a stored value, the inverse of Field.ParseText.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return ims.NumberText(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []string:
		return strings.Join(x, ",")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}

// Text fields are escaped in CSV when they start like a formula, so that a spreadsheet
// opening the export does not run them; import removes the escape.
func isTextual(t ims.FieldType) bool {
	return t == ims.TypeText || t == ims.TypeLongText || t == ims.TypePerson
}

func escapeFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func unescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
