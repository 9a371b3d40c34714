package cli

import (
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"keel/app"
	"keel/backend/workspace"
)

// templateCmd is `keel template`: a consultant's templates in the data folder.
type templateCmd struct {
	Save   tplSaveCmd   `cmd:"" help:"Save chosen registers of a workspace as a template."`
	List   tplListCmd   `cmd:"" help:"List the templates in the data folder."`
	Export tplExportCmd `cmd:"" help:"Write a template's file, to share it."`
	Import tplImportCmd `cmd:"" help:"Keep a template file in the data folder (a damaged one, one from a newer Keel or naming unknown registers is refused)."`
	Apply  tplApplyCmd  `cmd:"" help:"Add a template's records to the workspace (additions only); without --yes it only shows what would be added."`
}

type tplSaveCmd struct {
	Name      string `arg:"" help:"The template's name."`
	From      string `help:"The workspace to save from (default: as --workspace)." placeholder:"WORKSPACE"`
	Registers string `required:"" help:"The registers, comma-separated (for example: policy,role,risk_method,objective)." placeholder:"LIST"`
}

func (c tplSaveCmd) Run(e *env) error {
	if c.From != "" {
		e.g.workspace = c.From
	}
	regs := slices.DeleteFunc(strings.Split(c.Registers, ","), func(s string) bool { return strings.TrimSpace(s) == "" })
	for i := range regs {
		regs[i] = strings.TrimSpace(regs[i])
	}
	return inWorkspace(e, func(s *app.Session) (app.TemplateInfo, error) { return s.App().SaveTemplate(c.Name, regs) },
		func(w io.Writer, t app.TemplateInfo) {
			fmt.Fprintf(w, "saved template %q (%s) from %s: %s\n", t.Name, t.File, t.From, counts(t.Counts, t.Registers))
		})
}

func counts(c map[string]int, regs []string) string {
	parts := make([]string, len(regs))
	for i, r := range regs {
		parts[i] = fmt.Sprintf("%s %d", r, c[r])
	}
	return strings.Join(parts, ", ")
}

type tplListCmd struct{}

func (tplListCmd) Run(e *env) error {
	return run(e, func(s *app.Session) ([]app.TemplateInfo, error) { return s.App().Templates() }, func(w io.Writer, all []app.TemplateInfo) {
		if len(all) == 0 {
			fmt.Fprintln(w, "no templates yet: `keel template save NAME --from WORKSPACE --registers LIST`")
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, t := range all {
			fmt.Fprintf(tw, "%s\t%s\tfrom %s\t%s\n", t.Name, t.Saved, t.From, counts(t.Counts, t.Registers))
		}
		tw.Flush()
	})
}

type tplExportCmd struct {
	Name string `arg:"" help:"The template's name."`
	Out  string `required:"" help:"The file to write." placeholder:"FILE.keeltemplate"`
}

func (c tplExportCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (string, error) {
		data, err := s.App().ExportTemplate(c.Name)
		if err != nil {
			return "", err
		}
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return "", err
		}
		return c.Out, workspace.WriteFileAtomicPerm(c.Out, b, 0o644)
	}, func(w io.Writer, path string) { fmt.Fprintf(w, "template written: %s\n", path) })
}

type tplImportCmd struct {
	File string `arg:"" help:"The template file." type:"existingfile"`
}

func (c tplImportCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (app.TemplateInfo, error) {
		b, err := os.ReadFile(c.File)
		if err != nil {
			return app.TemplateInfo{}, err
		}
		return s.App().ImportTemplate(base64.StdEncoding.EncodeToString(b))
	}, func(w io.Writer, t app.TemplateInfo) {
		fmt.Fprintf(w, "imported template %q: %s\n", t.Name, counts(t.Counts, t.Registers))
	})
}

type tplApplyCmd struct {
	Name string `arg:"" help:"The template's name."`
}

func (c tplApplyCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (app.TemplatePreview, error) {
		if !e.g.yes {
			return s.App().PreviewTemplate(c.Name)
		}
		return s.App().ApplyTemplate(c.Name)
	}, func(w io.Writer, p app.TemplatePreview) {
		verb := "would add"
		if e.g.yes {
			verb = "added"
		}
		fmt.Fprintf(w, "%s %d records from %q\n", verb, p.Total, p.Name)
		for reg, n := range p.Counts {
			fmt.Fprintf(w, "  %s: %d\n", reg, n)
		}
		for _, reg := range p.Skipped {
			fmt.Fprintf(w, "  %s: skipped, the workspace has one\n", reg)
		}
		if !e.g.yes {
			fmt.Fprintln(w, "run again with --yes to add them")
		}
	})
}
