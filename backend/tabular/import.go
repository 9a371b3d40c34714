package tabular

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"keel/backend/ims"
)

// Result is what an import created and updated.
type Result struct {
	Kind    string   `json:"kind"`
	Created int      `json:"created"`
	Updated int      `json:"updated"`        // rows whose id named a record, with a field changed
	Same    int      `json:"unchanged"`      // rows whose id named a record, nothing changed
	IDs     []string `json:"ids"`            // the records created or updated, in file order
	Note    string   `json:"note,omitempty"` // how the file's text was read, when not as UTF-8
	// Raised counts the created records the store's follow-ups linked to a record they
	// raised (a field the file left empty came back set), e.g. a finding graded a
	// nonconformity.
	Raised int `json:"raised"`
}

// BatchWriter is a service that can create and update many records as one batch, checked
// before anything is written. An import uses it when the service offers it (all or
// nothing even across a crash: the store journals the batch; a context made with
// ims.WithProgress hears how far it got); otherwise it writes records one by one and undoes them if
// one fails.
type BatchWriter interface {
	WriteRecords(ctx context.Context, actor ims.Actor, kind string, writes []ims.RecordWrite) ([]ims.Record, error)
}

// Options tune an import.
type Options struct {
	// Progress, when set, is called as records are created (done of total).
	Progress func(done, total int)
	// Checked, when set, is called once the file is checked, before anything is written.
	Checked func()
	// Dates is how dates written with slashes read (26/11/2026); by default the file's
	// dates tell, and a file they leave ambiguous is refused.
	Dates DateOrder
}

// Import reads a CSV or XLSX file of one register. A row with a blank id creates a record;
// a row whose id names a record updates it, with an op only for each field that changes;
// an id that names no record is an error, except in a register with no records at all,
// where the rows are created under their ids (an export read into a new workspace, links
// intact). When any row has a problem it returns an *ImportError listing every problem and
// writes nothing.
func Import(ctx context.Context, svc ims.RecordService, actor ims.Actor, kindName string, format Format, r io.Reader, opts Options) (Result, error) {
	res, err := ImportSet(ctx, svc, actor, []File{{Kind: kindName, Format: format, Data: r}}, opts)
	if err != nil {
		return Result{}, err
	}
	return res[0], nil
}

// File is one register's file of a set imported together.
type File struct {
	Kind   string
	Format Format
	Data   io.Reader
}

// ImportSet imports the files of several registers as one import, all or nothing, as
// Import does one: a row may link to a record of another file of the set, so registers
// that link each other (an AI system, its risks and its impact assessment) come into a new
// workspace together. Several files need a service that is a BatchWriter. The problems of
// a set name their register (CellError.Kind).
func ImportSet(ctx context.Context, svc ims.RecordService, actor ims.Actor, files []File, opts Options) ([]Result, error) {
	set := make([]sheet, len(files))
	pending := map[string]bool{} // kind/id of every row with an id
	var errs []CellError
	for i, file := range files {
		kind, err := ims.KindByName(file.Kind)
		if err != nil {
			return nil, err
		}
		set[i].kind = kind
		rows, note, err := readFile(file)
		set[i].note = note
		var ie *ImportError
		if err == nil {
			set[i].rows, ie = check(kind, rows, file.Format == XLSX, opts.Dates)
		} else if !errors.As(err, &ie) {
			return nil, err
		}
		if ie != nil {
			errs = append(errs, inSheet(kind, ie.Errors, len(files))...)
			continue
		}
		for _, r := range set[i].rows {
			if r.id != "" {
				pending[kind.Name+"/"+r.id] = true
			}
		}
	}
	for i := range set {
		if set[i].rows == nil {
			continue
		}
		es := checkLinks(ctx, svc, set[i].kind, set[i].rows, pending)
		if len(es) == 0 {
			var err error
			if set[i].rows, es, err = match(ctx, svc, set[i].kind, set[i].rows); err != nil {
				es = []CellError{{Message: "cannot read the register: " + ims.ErrorMessageOr(err)}}
			}
		}
		errs = append(errs, inSheet(set[i].kind, es, len(files))...)
	}
	if len(errs) > 0 {
		ie := newImportError(errs)
		if len(files) == 1 {
			ie.Kind = set[0].kind.Name
		}
		return nil, ie
	}
	// Cancelled while reading and checking, an import writes nothing; the write, one
	// batch undone if it fails, runs to the end.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.Checked != nil {
		opts.Checked()
	}
	res, err := write(context.WithoutCancel(ctx), svc, actor, set, opts)
	var ie *ImportError
	if errors.As(err, &ie) && len(files) == 1 {
		ie.Kind = set[0].kind.Name
	}
	return res, err
}

// sheet is one file of a set, checked.
type sheet struct {
	kind *ims.Kind
	rows []row
	note string
}

// inSheet names the register of a set's problems (a set of one names it in ImportError).
func inSheet(kind *ims.Kind, errs []CellError, files int) []CellError {
	if files > 1 {
		for i := range errs {
			errs[i].Kind = kind.Name
		}
	}
	return errs
}

// readFile reads a file's rows, up to the limits, and a note on how its text was read.
func readFile(file File) ([][]string, string, error) {
	data, err := io.ReadAll(io.LimitReader(file.Data, MaxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read import file: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, "", fileError("the file is larger than %d MB, the import limit: split it into smaller files", MaxBytes>>20)
	}
	switch file.Format {
	case CSV:
		return readCSV(data)
	case XLSX:
		rows, err := readXLSX(data)
		return rows, "", err
	}
	_, err = ParseFormat(string(file.Format))
	return nil, "", err
}

func readCSV(data []byte) ([][]string, string, error) {
	data, note, err := decodeText(data)
	if err != nil {
		return nil, "", fileError("the file's text cannot be read (%v)", err)
	}
	comma := separator(data)
	if ie := checkCSV(data, comma); ie != nil {
		return nil, "", ie
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // row length is checked against the header, with the row number
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, "", fileError("the file is not valid CSV: line %d: %v", pe.Line, pe.Err)
			}
			return nil, "", fmt.Errorf("read csv: %w", err)
		}
		if len(rows) > MaxRows {
			return nil, "", fileError("the file has more than %d rows, the import limit: split it into smaller files", MaxRows)
		}
		rows = append(rows, rec)
	}
	return rows, note, nil
}

func readXLSX(data []byte) ([][]string, error) {
	if ie := checkXLSX(data); ie != nil {
		return nil, ie
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fileError("the file is not a readable XLSX workbook (%v)", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError("the workbook has no sheets")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileError("the first sheet cannot be read (%v)", err)
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) > MaxRows {
			return nil, fileError("the sheet has more than %d rows, the import limit: split it into smaller files", MaxRows)
		}
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError("row %d cannot be read (%v)", len(rows)+1, err)
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		return nil, fileError("the first sheet cannot be read (%v)", err)
	}
	return rows, nil
}

// column is one header cell matched to the schema; f is nil for the id column and for
// a column import ignores (skip: the titles an XLSX export puts beside a link column).
type column struct {
	name string
	f    *ims.Field
	skip bool
}

// header matches the first row to the kind's fields: every column must be a field (or
// id), none twice, and every required field present. Columns may come in any order and
// optional fields may be left out.
func header(kind *ims.Kind, row []string) ([]column, []CellError) {
	var errs []CellError
	cols := make([]column, len(row))
	seen := map[string]bool{}
	for i, h := range row {
		name := strings.ToLower(strings.TrimSpace(h)) // "Title" is the title column
		letter, _ := excelize.ColumnNumberToName(i + 1)
		switch {
		case name == "":
			errs = append(errs, CellError{Row: 1, Column: letter, Message: "the header is empty; every column needs a field name"})
			continue
		case seen[name]:
			errs = append(errs, CellError{Row: 1, Column: name, Message: "this column appears twice"})
			continue
		}
		seen[name] = true
		if name == IDColumn {
			cols[i] = column{name: name}
			continue
		}
		if base, ok := strings.CutSuffix(name, TitleSuffix); ok {
			if f, _ := kind.Field(base); f != nil && f.LinkKind != "" {
				cols[i] = column{name: name, skip: true}
				continue
			}
		}
		f, ok := kind.Field(name)
		if !ok {
			errs = append(errs, CellError{Row: 1, Column: name, Message: fmt.Sprintf("%s has no field %q; the columns are: %s",
				kind.Plural, name, strings.Join(Columns(kind), ", "))})
			continue
		}
		cols[i] = column{name: name, f: f}
	}
	for _, f := range kind.SharedFields() {
		if f.Required && !seen[f.Name] {
			errs = append(errs, CellError{Row: 1, Column: f.Name, Message: "this required column is missing"})
		}
	}
	return cols, errs
}

// row is one checked data row: id is the id column ("" to create), create is set when
// the row creates a record under that id.
type row struct {
	num    int
	id     string
	create bool
	fields map[string]any
}

// check validates every row against the schema. It collects all problems rather than
// stopping at the first.
func check(kind *ims.Kind, rows [][]string, xlsx bool, dates DateOrder) ([]row, *ImportError) {
	if len(rows) == 0 {
		return nil, fileError("the file is empty: the first row must name the columns (%s)", strings.Join(Columns(kind), ", "))
	}
	cols, errs := header(kind, rows[0])
	if len(errs) > 0 {
		return nil, newImportError(errs)
	}
	order, errs := dateOrder(dates, cols, rows)
	if len(errs) > 0 {
		return nil, newImportError(errs)
	}
	var out []row
	for i, cells := range rows[1:] {
		num := i + 2
		if blank(cells) {
			continue
		}
		if len(cells) > len(cols) {
			errs = append(errs, CellError{Row: num, Message: fmt.Sprintf("%d cells but only %d columns in the header", len(cells), len(cols))})
			continue
		}
		fields := map[string]any{}
		id := ""
		for j, c := range cols {
			cell := ""
			if j < len(cells) {
				cell = cells[j]
			}
			if c.skip {
				continue
			}
			if c.f == nil {
				id = strings.TrimSpace(cell)
				continue
			}
			v, err := cellValue(c.f, cell, xlsx, order)
			if err != nil {
				errs = append(errs, CellError{Row: num, Column: c.name, Message: fieldMessage(c.f, err)})
				continue
			}
			fields[c.name] = v // nil: an empty cell, which clears the field on update
			if v == nil && c.f.Required {
				errs = append(errs, CellError{Row: num, Column: c.name, Message: c.f.Label + " is required"})
			}
		}
		out = append(out, row{num: num, id: id, fields: fields})
	}
	if len(errs) > 0 {
		return nil, newImportError(errs)
	}
	if len(out) == 0 {
		return nil, fileError("the file has a header but no rows to import")
	}
	return out, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cellValue turns a cell into the field's normalised value.
func cellValue(f *ims.Field, cell string, xlsx bool, dates DateOrder) (any, error) {
	if isTextual(f.Type) && !xlsx {
		cell = unescapeFormula(cell)
	}
	if f.Type == ims.TypeDate || f.Type == ims.TypeDateTime {
		if xlsx {
			cell = fromSerial(f.Type, cell)
		}
		if iso := isoDate(dates, cell); iso != cell {
			v, err := f.Normalize(f.ParseText(iso))
			if err != nil { // say what the cell says: "31/02/2026" is not a date
				_, err = f.Normalize(f.ParseText(cell))
			}
			return v, err
		}
	}
	return f.Normalize(f.ParseText(cell))
}

// fromSerial turns an Excel date serial (a cell typed as a date) into our text form.
func fromSerial(t ims.FieldType, cell string) string {
	x, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
	if err != nil || x < 1 || x > 2958465 {
		return cell
	}
	tm, err := excelize.ExcelDateToTime(x, false)
	if err != nil {
		return cell
	}
	tm = tm.Round(time.Second) // a serial is a float: 09:30 may come back as 09:29:59.999
	if t == ims.TypeDate {
		return tm.Format(time.DateOnly)
	}
	return tm.Format("2006-01-02T15:04:05") // wall time, read as local like a typed one
}

// fieldMessage drops the label prefix of a validation message: the column already names
// the field.
func fieldMessage(f *ims.Field, err error) string {
	msg := ims.ErrorMessageOr(err)
	return strings.TrimPrefix(msg, f.Label+": ")
}

// checkLinks makes sure every linked id names a live record of the right kind, or a row of
// the set being imported (pending, by kind/id).
func checkLinks(ctx context.Context, svc ims.RecordService, kind *ims.Kind, rows []row, pending map[string]bool) []CellError {
	var errs []CellError
	known := map[string]error{}
	exists := func(linkKind, id string) error {
		key := linkKind + "/" + id
		if err, ok := known[key]; ok || pending[key] {
			return err
		}
		rec, err := svc.GetRecord(ctx, linkKind, id)
		if err == nil && rec.Deleted {
			err = ims.Errorf(ims.ENOTFOUND, "is in the bin")
		}
		known[key] = err
		return err
	}
	for _, r := range rows {
		for _, f := range kind.Fields {
			for _, id := range f.Targets(r.fields[f.Name]) {
				if err := exists(f.LinkKind, id); err != nil {
					lk, _ := ims.KindByName(f.LinkKind)
					msg := fmt.Sprintf("there is no %s with id %q in this workspace", strings.ToLower(lk.Label), id)
					if ims.ErrorCode(err) != ims.ENOTFOUND {
						msg = fmt.Sprintf("cannot check link %q: %s", id, ims.ErrorMessageOr(err))
					} else if err.Error() == "is in the bin" {
						msg = fmt.Sprintf("the %s with id %q is in the bin", strings.ToLower(lk.Label), id)
					}
					errs = append(errs, CellError{Row: r.num, Column: f.Name, Message: msg})
				}
			}
		}
	}
	return errs
}

// write writes the checked rows of a set: as one batch when the service can, else (one
// file) one by one, undoing what was written if a later row fails.
func write(ctx context.Context, svc ims.RecordService, actor ims.Actor, set []sheet, opts Options) ([]Result, error) {
	res := make([]Result, len(set))
	type item struct {
		sheet int
		row   row
	}
	var todo []item
	for i, sh := range set {
		res[i] = Result{Kind: sh.kind.Name, IDs: []string{}, Note: sh.note}
		for _, r := range sh.rows {
			if r.id != "" && !r.create && len(r.fields) == 0 {
				res[i].Same++
				continue
			}
			todo = append(todo, item{i, r})
		}
	}
	if len(todo) == 0 {
		return res, nil
	}
	bw, ok := svc.(BatchWriter)
	if !ok && len(set) == 1 {
		rows := make([]row, len(todo))
		for i, it := range todo {
			rows[i] = it.row
		}
		return writeEach(ctx, svc, actor, set[0].kind, rows, opts, res)
	}
	if !ok {
		return nil, ims.Errorf(ims.EINVALID, "this workspace cannot import several registers at once: import one file at a time")
	}
	batch := make([]ims.RecordWrite, len(todo))
	for i, it := range todo {
		batch[i] = ims.RecordWrite{Kind: set[it.sheet].kind.Name, ID: it.row.id, Create: it.row.create, Fields: it.row.fields}
	}
	recs, err := bw.WriteRecords(ims.WithProgress(ctx, opts.Progress), actor, set[0].kind.Name, batch)
	if e := ims.AsError(err); err != nil && e.Record > 0 && e.Record <= len(todo) {
		// A record the store refused is a problem in its row.
		it := todo[e.Record-1]
		kind := set[it.sheet].kind
		ce := CellError{Row: it.row.num, Column: e.Field, Message: strings.TrimPrefix(e.Message, fmt.Sprintf("record %d: ", e.Record))}
		if f, _ := kind.Field(e.Field); f != nil {
			ce.Message = strings.TrimPrefix(ce.Message, f.Label+": ")
		}
		return nil, &ImportError{Errors: inSheet(kind, []CellError{ce}, len(set))}
	}
	if err != nil {
		return nil, err
	}
	for i, r := range recs {
		res[todo[i].sheet].add(todo[i].row, r)
	}
	if opts.Progress != nil {
		opts.Progress(len(todo), len(todo))
	}
	return res, nil
}

// writeEach writes one file's rows one by one through a service without batches.
func writeEach(ctx context.Context, svc ims.RecordService, actor ims.Actor, kind *ims.Kind, todo []row, opts Options, res []Result) ([]Result, error) {
	var undo []func() error
	for i, r := range todo {
		err := ctx.Err()
		var rec ims.Record
		if err == nil {
			rec, undo, err = writeOne(ctx, svc, actor, kind, r, undo)
		}
		if err != nil {
			if uerr := undoAll(undo); uerr != nil {
				return nil, fmt.Errorf("import stopped at row %d (%s), and %d records written before it could not all be undone: %w",
					r.num, ims.ErrorMessageOr(err), len(undo), uerr)
			}
			return nil, &ims.Error{Code: ims.ErrorCode(err), Message: fmt.Sprintf(
				"import stopped at row %d: %s; the %d records written before it were undone (created ones moved to the bin), so nothing was imported",
				r.num, ims.ErrorMessageOr(err), len(undo))}
		}
		res[0].add(r, rec)
		if opts.Progress != nil && (i%100 == 99 || i == len(todo)-1) {
			opts.Progress(i+1, len(todo))
		}
	}
	return res, nil
}

// writeOne creates or updates one row's record through the service and adds how to undo it.
func writeOne(ctx context.Context, svc ims.RecordService, actor ims.Actor, kind *ims.Kind, r row, undo []func() error) (ims.Record, []func() error, error) {
	if r.id == "" || r.create {
		if r.create {
			return ims.Record{}, undo, ims.Errorf(ims.EINVALID, "this service cannot create a record under a given id")
		}
		rec, err := svc.CreateRecord(ctx, actor, kind.Name, r.fields)
		if err == nil {
			undo = append(undo, func() error { return svc.DeleteRecord(context.Background(), actor, kind.Name, rec.ID) })
		}
		return rec, undo, err
	}
	was, err := svc.GetRecord(ctx, kind.Name, r.id)
	if err != nil {
		return ims.Record{}, undo, err
	}
	rec, err := svc.UpdateRecord(ctx, actor, kind.Name, r.id, r.fields)
	if err == nil {
		back := map[string]any{}
		for name := range r.fields {
			back[name] = was.Fields[name]
		}
		undo = append(undo, func() error {
			_, err := svc.UpdateRecord(context.Background(), actor, kind.Name, r.id, back)
			return err
		})
	}
	return rec, undo, err
}

// undoAll undoes what a failed import wrote, newest first. It ignores the import's
// context: a cancelled import must still be undone.
func undoAll(undo []func() error) error {
	var errs []error
	for i := len(undo) - 1; i >= 0; i-- {
		if err := undo[i](); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// add counts a written row.
func (res *Result) add(r row, rec ims.Record) {
	res.IDs = append(res.IDs, rec.ID)
	if r.id != "" && !r.create {
		res.Updated++
		return
	}
	res.Created++
	res.count(r.fields, rec)
}

// count counts a created record as raised when the store set a field the file left empty.
func (res *Result) count(in map[string]any, rec ims.Record) {
	for name, v := range rec.Fields {
		if v != nil && in[name] == nil {
			res.Raised++
			return
		}
	}
}
