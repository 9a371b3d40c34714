package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"keel/backend/ims"
	"keel/backend/tabular"
)

// ExportFile is one register exported as CSV or XLSX. The content travels as base64 so
// the same result works over Wails and HTTP JSON; the UI turns it into a download.
type ExportFile struct {
	Kind          string `json:"kind"`
	Format        string `json:"format"`
	FileName      string `json:"fileName"`
	ContentType   string `json:"contentType"`
	Records       int    `json:"records"`
	ContentBase64 string `json:"contentBase64"`
}

// ImportResult is the outcome of an import. When the file has problems nothing is
// imported: Created is 0 and Errors lists every problem with its row and column, so the
// UI can show them all; Message sums them up.
type ImportResult struct {
	Kind    string              `json:"kind"`
	Created int                 `json:"created"`
	Updated int                 `json:"updated"`   // rows whose id named a record, changed
	Same    int                 `json:"unchanged"` // rows whose id named a record, as it was
	IDs     []string            `json:"ids"`
	Errors  []tabular.CellError `json:"errors"`
	Message string              `json:"message"`
	Raised  int                 `json:"raised"`         // nonconformities the imported records raised
	Note    string              `json:"note,omitempty"` // how the file's text was read when not UTF-8 (Windows-1252 converted)
}

// ImportOptions tune an import. DateFormat is how dates written with slashes read:
// "dmy" (26/11/2026, the UK), "mdy" (11/26/2026), "iso" (only 2026-11-26), or "" to let
// the file's dates tell (a file they leave ambiguous is refused).
type ImportOptions struct {
	DateFormat string `json:"dateFormat,omitempty"`
}

func (o ImportOptions) tabular() (tabular.Options, error) {
	d, err := tabular.ParseDateOrder(o.DateFormat)
	return tabular.Options{Dates: d}, err
}

// ExportRecords exports every live record of a register as "csv" or "xlsx".
func (a *App) ExportRecords(kind, format string) (ExportFile, error) {
	return a.exportRecords(bg, kind, format)
}

func (a *App) exportRecords(ctx context.Context, kind, format string) (ExportFile, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return ExportFile{}, err
	}
	f, err := tabular.ParseFormat(format)
	if err != nil {
		return ExportFile{}, err
	}
	var buf bytes.Buffer
	n, err := tabular.Export(ctx, st, kind, f, &buf)
	if err != nil {
		return ExportFile{}, err
	}
	return ExportFile{Kind: kind, Format: string(f), FileName: kind + "." + string(f), ContentType: f.ContentType(),
		Records: n, ContentBase64: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// ImportRecords imports a CSV or XLSX file (base64) into a register, all or nothing.
// Problems in the file come back in the result's Errors with nothing imported; the call
// itself fails only when it cannot run (no workspace, unknown register or format, content
// that is not base64).
func (a *App) ImportRecords(kind, format, contentBase64 string) (ImportResult, error) {
	st, actor, f, err := a.importTarget(kind, format)
	if err != nil {
		return ImportResult{}, err
	}
	if base64.StdEncoding.DecodedLen(len(contentBase64)) > tabular.MaxBytes+3 {
		return fileTooLarge(kind), nil
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(contentBase64))
	if err != nil {
		return ImportResult{}, ims.Errorf(ims.EINVALID, "the file content is not base64: %v", err)
	}
	return a.importRows(st, actor, kind, f, bytes.NewReader(data), tabular.Options{})
}

// importTarget checks what an import needs before reading the file: a workspace and an
// identity to write with, a known format and register.
func (a *App) importTarget(kind, format string) (WorkspaceStore, ims.Actor, tabular.Format, error) {
	st, actor, err := a.writer()
	if err != nil {
		return nil, actor, "", err
	}
	f, err := tabular.ParseFormat(format)
	if err != nil {
		return nil, actor, "", err
	}
	if _, err := ims.KindByName(kind); err != nil {
		return nil, actor, "", err
	}
	return st, actor, f, nil
}

// importSetup is importTarget with the import's options read.
func (a *App) importSetup(kind, format string, opts ImportOptions) (WorkspaceStore, ims.Actor, tabular.Format, tabular.Options, error) {
	st, actor, f, err := a.importTarget(kind, format)
	if err != nil {
		return nil, actor, "", tabular.Options{}, err
	}
	to, err := opts.tabular()
	return st, actor, f, to, err
}

// importRows imports the file r, all or nothing; the store's follow-ups run in the import's
// own transactions.
func (a *App) importRows(st WorkspaceStore, actor ims.Actor, kind string, f tabular.Format, r io.Reader, opts tabular.Options) (ImportResult, error) {
	return a.importRowsCtx(bg, st, actor, kind, f, r, opts)
}

func (a *App) importRowsCtx(ctx context.Context, st WorkspaceStore, actor ims.Actor, kind string, f tabular.Format, r io.Reader, opts tabular.Options) (ImportResult, error) {
	res, err := tabular.Import(ctx, st, actor, kind, f, r, opts)
	var ie *tabular.ImportError
	if errors.As(err, &ie) {
		return ImportResult{Kind: kind, IDs: []string{}, Errors: ie.Errors, Message: ie.Error()}, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	// What saving a record sets in motion (the store's follow-ups) happened for imported
	// records too, in the import's own transactions.
	return importResult(res), nil
}

func importResult(res tabular.Result) ImportResult {
	return ImportResult{Kind: res.Kind, Created: res.Created, Updated: res.Updated, Same: res.Same, IDs: res.IDs, Errors: []tabular.CellError{},
		Message: importedMessage(res) + raisedMessage(res.Raised) + noteMessage(res.Note), Raised: res.Raised, Note: res.Note}
}

// raisedMessage adds the nonconformities an import raised to its message.
func raisedMessage(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "; raised 1 nonconformity"
	}
	return fmt.Sprintf("; raised %d nonconformities", n)
}

func noteMessage(note string) string {
	if note == "" {
		return ""
	}
	return "; " + note
}

func fileTooLarge(kind string) ImportResult {
	e := tabular.CellError{Message: "the file is larger than 20 MB, the import limit: split it into smaller files"}
	return ImportResult{Kind: kind, IDs: []string{}, Errors: []tabular.CellError{e}, Message: "nothing imported: " + e.Message}
}

func importedMessage(res tabular.Result) string {
	msg := "imported " + records(res.Created)
	if res.Updated+res.Same > 0 {
		msg = fmt.Sprintf("created %s, updated %d, %d unchanged", records(res.Created), res.Updated, res.Same)
	}
	return msg
}

func records(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
