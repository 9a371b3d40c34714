package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"keel/app"
	"keel/backend/catalog"
	"keel/backend/ims"
)

// catalogCmd is `keel catalog …`: the embedded standards catalogue and crosswalk, read
// through the app's catalogue services. It needs no workspace.
type catalogCmd struct {
	List   catalogListCmd   `cmd:"" help:"List the catalogues, one catalogue as a tree, or the shared processes."`
	Show   catalogShowCmd   `cmd:"" help:"Show one item with its crosswalk rows."`
	Export catalogExportCmd `cmd:"" help:"Export the catalogues, crosswalk or processes (--format json|csv|oscal)."`
}

// catalogueSummary is one line of `keel catalog list`.
type catalogueSummary struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Edition    string `json:"edition"`
	Notice     string `json:"notice"`
	Items      int    `json:"items"`
	Unverified int    `json:"unverified"`
}

type catalogListing struct {
	Catalogues []catalogueSummary `json:"catalogues"`
	Crosswalk  int                `json:"crosswalk"`
	Processes  int                `json:"processes"`
}

type catalogListCmd struct {
	What string `arg:"" optional:"" help:"A catalogue id, or processes."`
}

func (c catalogListCmd) Run(e *env) error {
	s, err := app.StandardsCatalogue()
	if err != nil {
		return err
	}
	out := e.out
	json := e.g.format == "json"
	switch c.What {
	case "processes":
		if json {
			return writeJSON(out, s.Processes)
		}
		for _, p := range s.Processes {
			fmt.Fprintf(out, "%2d  %s (%s)\n    %s\n    %s\n", p.Number, p.Title, p.ID, p.Description, strings.Join(p.Satisfies, " "))
		}
		return nil
	case "":
	default:
		cat, err := findCatalogue(s, c.What)
		if err != nil {
			return err
		}
		if json {
			return writeJSON(out, cat)
		}
		fmt.Fprintf(out, "%s (%s)\n%s\n\n", cat.Title, cat.ID, cat.Notice)
		printTree(out, cat, "", 0)
		return nil
	}
	sess, _ := e.session("cli")
	defer sess.Close()
	sums, err := sess.App().Catalogues()
	if err != nil {
		return err
	}
	l := catalogListing{Crosswalk: len(s.Crosswalk), Processes: len(s.Processes)}
	for _, c := range sums {
		l.Catalogues = append(l.Catalogues, catalogueSummary{ID: c.ID, Title: c.Title, Edition: c.Edition, Notice: c.Notice,
			Items: len(c.Items), Unverified: c.Unverified})
	}
	if json {
		return writeJSON(out, l)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATALOGUE\tEDITION\tITEMS\tUNVERIFIED\tTITLE")
	for _, c := range l.Catalogues {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", c.ID, c.Edition, c.Items, c.Unverified, c.Title)
	}
	tw.Flush()
	fmt.Fprintf(out, "%d crosswalk rows, %d shared processes. Outlines for navigation only: obtain the standards from ISO or BSI.\n", l.Crosswalk, l.Processes)
	return nil
}

func printTree(out io.Writer, c *catalog.Catalogue, parent string, depth int) {
	for _, it := range c.Children(parent) {
		flag := ""
		if it.Unverified {
			flag = "  [unverified]"
		}
		fmt.Fprintf(out, "%s%s  %s%s\n", strings.Repeat("  ", depth), it.ID, it.Title, flag)
		printTree(out, c, it.ID, depth+1)
	}
}

func findCatalogue(s *catalog.Standards, id string) (*catalog.Catalogue, error) {
	if c, ok := s.Catalogue(id); ok {
		return c, nil
	}
	return nil, ims.Errorf(ims.ENOTFOUND, "no catalogue %q; there are: %s", id, strings.Join(catalog.Order, ", "))
}

type catalogShowCmd struct {
	Catalogue string `arg:"" help:"The catalogue id, or a full reference CATALOGUE:ID."`
	ID        string `arg:"" optional:"" help:"The item's id (for example A.10.3)."`
}

func (c catalogShowCmd) Run(e *env) error {
	if c.ID == "" && !strings.Contains(c.Catalogue, ":") {
		return usagef("catalog show CATALOGUE ID (for example: catalog show iso42001-2023 A.10.3)")
	}
	catID, id := c.Catalogue, c.ID
	if id == "" {
		catID, id = "", c.Catalogue
	}
	// No workspace is open, so the view carries no status.
	sess, _ := e.session("cli")
	defer sess.Close()
	v, err := sess.App().CatalogueItem(catID, id)
	if err != nil {
		return err
	}
	out := e.out
	if e.g.format == "json" {
		return writeJSON(out, v)
	}
	it := v.Item
	fmt.Fprintf(out, "%s %s  %s\n", v.Catalogue, it.ID, it.Title)
	where := string(it.Kind)
	if len(v.Ancestors) > 0 {
		p := v.Ancestors[len(v.Ancestors)-1]
		where += ", in " + p.ID + " " + p.Title
	}
	fmt.Fprintf(out, "(%s)\n%s\n", where, it.Description)
	if it.Unverified {
		fmt.Fprintln(out, "Unverified: check the number and title against a licensed copy.")
	}
	if len(v.Children) > 0 {
		fmt.Fprintln(out, "\nContains:")
		for _, c := range v.Children {
			fmt.Fprintf(out, "  %s  %s\n", c.ID, c.Title)
		}
	}
	for _, dir := range []string{"from", "to"} {
		head := "\nMaps to:"
		if dir == "to" {
			head = "\nMapped from:"
		}
		printed := false
		for _, m := range v.Mappings {
			if m.Direction != dir {
				continue
			}
			if !printed {
				fmt.Fprintln(out, head)
				printed = true
			}
			class := ""
			if m.Class != "" {
				class = ", " + string(m.Class)
			}
			fmt.Fprintf(out, "  %s  %s  (%s%s)\n      %s\n", m.Other, m.OtherTitle, m.Relationship, class, m.Rationale)
		}
	}
	if len(v.Processes) > 0 {
		fmt.Fprintf(out, "\nShared processes: %s\n", strings.Join(v.Processes, ", "))
	}
	fmt.Fprintf(out, "\n%s\n", v.Notice)
	return nil
}

type catalogExportCmd struct {
	What string `help:"all, catalogues, crosswalk or processes; with --format oscal: crosswalk, all or a catalogue id." placeholder:"WHAT"`
	Out  string `help:"Write to FILE (a folder for --format oscal --what all) instead of standard output." placeholder:"FILE|DIR"`
}

func (c catalogExportCmd) Run(e *env) error {
	s, err := app.StandardsCatalogue()
	if err != nil {
		return err
	}
	format := e.g.format
	if format == "text" {
		format = "json"
	}
	if format == "oscal" {
		return exportOSCAL(s, c.What, c.Out, e.out, e.deps.Now())
	}
	switch c.What {
	case "", "all", "catalogues", "crosswalk", "processes":
	default:
		return usagef("--what must be all, catalogues, crosswalk or processes")
	}
	if c.Out != "" {
		f, err := os.Create(c.Out)
		if err != nil {
			return fmt.Errorf("export catalogue: %w", err)
		}
		defer f.Close()
		if err := exportStandards(s, format, c.What, f); err != nil {
			return err
		}
		return f.Close()
	}
	return exportStandards(s, format, c.What, e.out)
}

// exportStandards writes one export. JSON defaults to everything; CSV is one table and
// defaults to the catalogue items.
func exportStandards(s *catalog.Standards, format, what string, out io.Writer) error {
	switch format {
	case "json":
		switch what {
		case "", "all":
			return catalog.WriteJSON(out, s)
		case "catalogues":
			return writeJSON(out, map[string]any{"catalogues": s.Catalogues})
		case "crosswalk":
			return writeJSON(out, map[string]any{"crosswalk": s.Crosswalk})
		case "processes":
			return writeJSON(out, map[string]any{"processes": s.Processes})
		}
	case "csv":
		switch what {
		case "", "catalogues":
			return catalog.WriteCataloguesCSV(out, s)
		case "crosswalk":
			return catalog.WriteCrosswalkCSV(out, s)
		case "processes":
			return catalog.WriteProcessesCSV(out, s)
		case "all":
			return usagef("a CSV export holds one table: choose --what catalogues, crosswalk or processes")
		}
	}
	return usagef("catalog export --format must be json, csv or oscal, not %q", format)
}

// exportOSCAL writes OSCAL 1.2.2: the crosswalk as a mapping-collection (the default), one
// catalogue as a catalog (--what CATALOGUE), or every document into a folder (--what all
// --out DIR).
func exportOSCAL(s *catalog.Standards, what, dest string, out io.Writer, now time.Time) error {
	var doc any
	switch what {
	case "", "crosswalk":
		doc = catalog.OSCALMappings(s, now)
	case "all":
		if dest == "" {
			return usagef("--format oscal --what all writes several files: give a folder with --out DIR")
		}
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return fmt.Errorf("export OSCAL: %w", err)
		}
		for name, d := range catalog.OSCALFiles(s, now) {
			if err := writeJSONFile(filepath.Join(dest, name), d); err != nil {
				return err
			}
		}
		return nil
	default:
		c, err := findCatalogue(s, what)
		if err != nil {
			return usagef("--format oscal --what must be crosswalk, all or a catalogue id (%s)", strings.Join(catalog.Order, ", "))
		}
		doc = catalog.OSCALCatalog(c, now)
	}
	if dest != "" {
		return writeJSONFile(dest, doc)
	}
	return writeJSON(out, doc)
}

func writeJSONFile(name string, v any) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := writeJSON(f, v); err != nil {
		f.Close()
		return fmt.Errorf("export %s: %w", name, err)
	}
	return f.Close()
}
