package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"keel/backend/ims"
	"keel/backend/tabular"
	"keel/backend/workspace"
)

// fileFormat picks csv or xlsx: --format when it names one, else the file's extension.
func fileFormat(g globals, path string) (tabular.Format, error) {
	if g.format == "csv" || g.format == "xlsx" {
		return tabular.ParseFormat(g.format)
	}
	if ext := filepath.Ext(path); ext != "" {
		return tabular.ParseFormat(ext)
	}
	return tabular.CSV, nil
}

// runImport is `keel import KIND FILE`: all or nothing, every problem listed.
func runImport(g globals, rest []string) error {
	out := g
	if out.format != "json" {
		out.format = "text" // --format csv|xlsx chose the file format
	}
	if len(rest) != 2 {
		return usagef("import KIND FILE (a .csv or .xlsx file whose first row names the fields)")
	}
	kind, err := ims.KindByName(rest[0])
	if err != nil {
		return err
	}
	format, err := fileFormat(g, rest[1])
	if err != nil {
		return err
	}
	f, err := os.Open(rest[1])
	if err != nil {
		return fmt.Errorf("open %s: %w", rest[1], err)
	}
	defer f.Close()
	sess, ws := newSession(g, "cli")
	defer sess.Close()
	if err := openDefault(sess, ws, g, true); err != nil {
		return err
	}
	st, _, err := sess.Current()
	if err != nil {
		return err
	}
	actor, err := sess.Actor()
	if err != nil {
		return err
	}
	progress := func(done, total int) {
		if total >= 1000 && g.format != "json" {
			fmt.Fprintf(os.Stderr, "\rimported %d of %d", done, total)
			if done == total {
				fmt.Fprintln(os.Stderr)
			}
		}
	}
	res, err := tabular.Import(context.Background(), st, actor, kind.Name, format, f, tabular.Options{Progress: progress})
	var ie *tabular.ImportError
	if errors.As(err, &ie) {
		if g.format == "json" {
			printOut(out, map[string]any{"kind": kind.Name, "created": 0, "errors": ie.Errors}, nil)
		} else {
			for _, ce := range ie.Errors {
				fmt.Fprintln(os.Stderr, ce.String())
			}
		}
		return ims.Errorf(ims.EINVALID, "nothing imported into %s: %d problem(s) in %s", strings.ToLower(kind.Plural), len(ie.Errors), rest[1])
	}
	if err != nil {
		return err
	}
	// Imported records set in motion what saving them in the app does (res.Raised).
	return printOut(out, res, func() {
		fmt.Printf("imported %d %s from %s\n", res.Created, strings.ToLower(kind.Plural), rest[1])
		if res.Raised > 0 {
			fmt.Printf("raised %d nonconformities from them (Improvement → Nonconformities)\n", res.Raised)
		}
	})
}

// runExport is `keel export KIND [--format csv|xlsx] [--out FILE]`; without --out a CSV
// goes to standard output.
func runExport(g globals, rest []string) error {
	var out string
	var args []string
	for i := 0; i < len(rest); i++ {
		switch a := rest[i]; {
		case a == "--out" || a == "-o":
			if i+1 >= len(rest) {
				return usagef("--out needs a file name")
			}
			out = rest[i+1]
			i++
		case strings.HasPrefix(a, "--out="):
			out = strings.TrimPrefix(a, "--out=")
		case strings.HasPrefix(a, "-"):
			return usagef("unknown option %q", a)
		default:
			args = append(args, a)
		}
	}
	if len(args) != 1 {
		return usagef("export KIND [--format csv|xlsx] [--out FILE]")
	}
	kind, err := ims.KindByName(args[0])
	if err != nil {
		return err
	}
	format, err := fileFormat(g, out)
	if err != nil {
		return err
	}
	if format == tabular.XLSX && out == "" {
		return usagef("an XLSX export needs --out FILE.xlsx")
	}
	sess, ws := newSession(g, "cli")
	defer sess.Close()
	if err := openDefault(sess, ws, g, true); err != nil {
		return err
	}
	st, _, err := sess.Current()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	n, err := tabular.Export(context.Background(), st, kind.Name, format, &buf)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(buf.Bytes())
		return err
	}
	if err := workspace.WriteFileAtomicPerm(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(os.Stderr, "exported %d %s to %s\n", n, strings.ToLower(kind.Plural), out)
	return nil
}
