package cli

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/tabular"
	"keel/backend/workspace"
)

// fileFormat picks csv or xlsx: --format when it names one, else the file's extension.
func (e *env) fileFormat(path string) (tabular.Format, error) {
	if e.g.format == "csv" || e.g.format == "xlsx" {
		return tabular.ParseFormat(e.g.format)
	}
	if ext := filepath.Ext(path); ext != "" {
		return tabular.ParseFormat(ext)
	}
	return tabular.CSV, nil
}

// importCmd is `keel import KIND FILE`: App.ImportRecords for a file, all or nothing,
// every problem listed; or `keel import FILE...`: the files of several registers, each
// named as `keel export` names it (KIND.csv, KIND.xlsx), imported together so registers
// that link each other come in at once.
type importCmd struct {
	Args       []string `arg:"" name:"KIND FILE | FILE..." help:"The register (see keel records kinds) and a .csv or .xlsx file whose first row names the fields; or several files named KIND.csv or KIND.xlsx."`
	DateFormat string   `name:"date-format" help:"How dates with slashes read: dmy (26/11/2026), mdy (11/26/2026), iso, or auto (the file's dates tell; ambiguous files are refused)." default:"auto" placeholder:"dmy|mdy|iso|auto"`
}

func (c importCmd) Run(e *env) error {
	files, err := c.files(e)
	if err != nil {
		return err
	}
	opts := app.ImportOptions{DateFormat: c.DateFormat}
	if _, err := tabular.ParseDateOrder(c.DateFormat); err != nil {
		return err
	}
	var set []app.SetFile
	for _, f := range files {
		r, err := os.Open(f.path)
		if err != nil {
			return fmt.Errorf("open %s: %w", f.path, err)
		}
		defer r.Close()
		set = append(set, app.SetFile{Kind: f.kind, Format: string(f.format), Data: r})
	}
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	json := e.g.format == "json"
	progress := func(done, total int) {
		if total >= 1000 && !json {
			fmt.Fprintf(e.deps.Stderr, "\rimported %d of %d", done, total)
			if done == total {
				fmt.Fprintln(e.deps.Stderr)
			}
		}
	}
	var results []app.ImportResult
	if len(set) == 1 {
		var res app.ImportResult
		res, err = app.ImportFile(sess.App(), set[0].Kind, set[0].Format, set[0].Data, opts, progress)
		results = []app.ImportResult{res}
	} else {
		results, err = app.ImportFiles(sess.App(), set, opts, progress)
	}
	if err != nil {
		return err
	}
	if res := results[0]; len(res.Errors) > 0 {
		if json {
			writeJSON(e.out, res)
		} else {
			for _, ce := range res.Errors {
				fmt.Fprintln(e.deps.Stderr, ce.String())
			}
		}
		if len(set) > 1 {
			return ims.Errorf(ims.EINVALID, "nothing imported: %d problem(s) in the %d files", len(res.Errors), len(set))
		}
		return ims.Errorf(ims.EINVALID, "nothing imported into %s: %d problem(s) in %s", plural(res.Kind), len(res.Errors), files[0].path)
	}
	if json {
		if len(set) == 1 {
			return writeJSON(e.out, results[0])
		}
		return writeJSON(e.out, results)
	}
	for i, res := range results {
		if res.Updated+res.Same > 0 {
			fmt.Fprintf(e.out, "created %d, updated %d, left %d unchanged %s from %s\n", res.Created, res.Updated, res.Same, plural(res.Kind), files[i].path)
		} else {
			fmt.Fprintf(e.out, "imported %d %s from %s\n", res.Created, plural(res.Kind), files[i].path)
		}
		if res.Note != "" {
			fmt.Fprintf(e.deps.Stderr, "note: %s: %s\n", files[i].path, res.Note)
		}
		if res.Raised > 0 {
			fmt.Fprintf(e.out, "raised %d nonconformities from them (Improvement → Nonconformities)\n", res.Raised)
		}
	}
	return nil
}

// importFile is one file of `keel import`.
type importFile struct {
	kind, path string
	format     tabular.Format
}

// files reads the arguments: KIND FILE, or files named after their registers.
func (c importCmd) files(e *env) ([]importFile, error) {
	if len(c.Args) == 2 {
		if _, err := os.Stat(c.Args[0]); err != nil {
			kind, err := ims.KindByName(c.Args[0])
			if err != nil {
				return nil, err
			}
			format, err := e.fileFormat(c.Args[1])
			return []importFile{{kind: kind.Name, path: c.Args[1], format: format}}, err
		}
	}
	if _, err := ims.KindByName(c.Args[0]); len(c.Args) == 1 && err == nil {
		return nil, usagef("import KIND FILE, or import FILE... with files named KIND.csv or KIND.xlsx")
	}
	var out []importFile
	for _, path := range c.Args {
		format, err := e.fileFormat(path)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		kind, err := ims.KindByName(name)
		if err != nil {
			return nil, usagef("%s: name each file after its register (KIND.csv or KIND.xlsx, as keel export names them): %s", path, ims.ErrorMessageOr(err))
		}
		out = append(out, importFile{kind: kind.Name, path: path, format: format})
	}
	return out, nil
}

func plural(kind string) string {
	k, err := ims.KindByName(kind)
	if err != nil {
		return kind
	}
	return strings.ToLower(k.Plural)
}

// exportCmd is `keel export KIND [--format csv|xlsx] [--out FILE]`: App.ExportRecords;
// without --out a CSV goes to standard output.
type exportCmd struct {
	Kind string `arg:"" help:"The register (see keel records kinds)."`
	Out  string `short:"o" help:"The file to write (.csv or .xlsx; an XLSX export needs one)." placeholder:"FILE"`
}

func (c exportCmd) Run(e *env) error {
	kind, err := ims.KindByName(c.Kind)
	if err != nil {
		return err
	}
	format, err := e.fileFormat(c.Out)
	if err != nil {
		return err
	}
	if format == tabular.XLSX && c.Out == "" {
		return usagef("an XLSX export needs --out FILE.xlsx")
	}
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	file, err := sess.App().ExportRecords(kind.Name, string(format))
	if err != nil {
		return err
	}
	b, err := base64.StdEncoding.DecodeString(file.ContentBase64)
	if err != nil {
		return err
	}
	if c.Out == "" {
		_, err = e.out.Write(b)
		return err
	}
	if err := workspace.WriteFileAtomicPerm(c.Out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", c.Out, err)
	}
	fmt.Fprintf(e.deps.Stderr, "exported %d %s to %s\n", file.Records, strings.ToLower(kind.Plural), c.Out)
	return nil
}
