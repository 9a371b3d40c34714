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
// every problem listed.
type importCmd struct {
	Kind string `arg:"" help:"The register (see keel records kinds)."`
	File string `arg:"" help:"A .csv or .xlsx file whose first row names the fields."`
}

func (c importCmd) Run(e *env) error {
	format, err := e.fileFormat(c.File)
	if err != nil {
		return err
	}
	f, err := os.Open(c.File)
	if err != nil {
		return fmt.Errorf("open %s: %w", c.File, err)
	}
	defer f.Close()
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
	res, err := app.ImportFile(sess.App(), c.Kind, string(format), f, progress)
	if err != nil {
		return err
	}
	kind, err := ims.KindByName(res.Kind)
	if err != nil {
		return err
	}
	plural := strings.ToLower(kind.Plural)
	if len(res.Errors) > 0 {
		if json {
			writeJSON(e.out, res)
		} else {
			for _, ce := range res.Errors {
				fmt.Fprintln(e.deps.Stderr, ce.String())
			}
		}
		return ims.Errorf(ims.EINVALID, "nothing imported into %s: %d problem(s) in %s", plural, len(res.Errors), c.File)
	}
	if json {
		return writeJSON(e.out, res)
	}
	if res.Updated+res.Same > 0 {
		fmt.Fprintf(e.out, "created %d, updated %d, left %d unchanged %s from %s\n", res.Created, res.Updated, res.Same, plural, c.File)
	} else {
		fmt.Fprintf(e.out, "imported %d %s from %s\n", res.Created, plural, c.File)
	}
	if res.Raised > 0 {
		fmt.Fprintf(e.out, "raised %d nonconformities from them (Improvement → Nonconformities)\n", res.Raised)
	}
	return nil
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
