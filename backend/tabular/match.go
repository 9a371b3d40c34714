package tabular

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"keel/backend/ims"
)

// match settles what each row with an id does. A live record's row keeps only the fields
// whose value differs from the record's (none: the row changes nothing); a record in the
// bin, an id twice, or an id that names no record is a problem in its row. In a register
// that has no records at all, live or in the bin, rows are created under their ids.
func match(ctx context.Context, svc ims.RecordService, kind *ims.Kind, rows []row) ([]row, []CellError, error) {
	empty, err := emptyRegister(ctx, svc, kind)
	if err != nil {
		return nil, nil, err
	}
	var errs []CellError
	seen := map[string]int{}
	label := strings.ToLower(kind.Label)
	for i := range rows {
		r := &rows[i]
		if r.id == "" {
			dropEmpty(r.fields)
			continue
		}
		if first, ok := seen[r.id]; ok {
			errs = append(errs, CellError{Row: r.num, Column: IDColumn, Message: fmt.Sprintf("the id %q is also in row %d; each record may appear once", r.id, first)})
			continue
		}
		seen[r.id] = r.num
		if empty {
			if _, err := uuid.Parse(r.id); err != nil {
				errs = append(errs, CellError{Row: r.num, Column: IDColumn, Message: fmt.Sprintf("%q is not a record id; leave the id blank to create a new %s", r.id, label)})
			}
			r.create = true
			dropEmpty(r.fields)
			continue
		}
		rec, err := svc.GetRecord(ctx, kind.Name, r.id)
		switch {
		case ims.ErrorCode(err) == ims.ENOTFOUND:
			errs = append(errs, CellError{Row: r.num, Column: IDColumn, Message: fmt.Sprintf(
				"there is no %s with id %q in this workspace; leave the id blank to create a new one", label, r.id)})
			continue
		case err != nil:
			return nil, nil, err
		case rec.Deleted:
			errs = append(errs, CellError{Row: r.num, Column: IDColumn, Message: fmt.Sprintf(
				"the %s with id %q is in the bin: restore it before importing changes to it", label, r.id)})
			continue
		}
		for name, v := range r.fields {
			if sameCell(kind, name, rec.Fields[name], v) {
				delete(r.fields, name)
			}
		}
	}
	return rows, errs, nil
}

// dropEmpty removes the empty cells of a row that creates a record.
func dropEmpty(fields map[string]any) {
	for name, v := range fields {
		if v == nil {
			delete(fields, name)
		}
	}
}

// emptyRegister reports whether a kind has no records, live or in the bin.
func emptyRegister(ctx context.Context, svc ims.RecordService, kind *ims.Kind) (bool, error) {
	for _, deleted := range []bool{false, true} {
		res, err := svc.ListRecords(ctx, ims.ListQuery{Kind: kind.Name, Deleted: deleted, Limit: 1})
		if err != nil {
			return false, err
		}
		if res.Total > 0 || len(res.Records) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// sameCell reports whether a cell's value equals the record's; links compare as sets.
func sameCell(kind *ims.Kind, name string, have, want any) bool {
	if f, ok := kind.Field(name); ok && f.Type == ims.TypeLinks {
		a, b := listOf(have), listOf(want)
		slices.Sort(a)
		slices.Sort(b)
		return slices.Equal(a, b)
	}
	ja, _ := json.Marshal(have)
	jb, _ := json.Marshal(want)
	return string(ja) == string(jb)
}

func listOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return slices.Clone(x)
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}
