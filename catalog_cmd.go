package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	standardsdata "keel/assets"
	"keel/backend/catalog"
	"keel/backend/ims"
)

const catalogUsage = "catalog list [CATALOGUE|processes] | show CATALOGUE ID | export [--format json|csv|oscal] [--what …] [--out FILE|DIR]"

// runCatalog implements `keel catalog …`: browse and export the embedded standards catalogue
// and crosswalk. It needs no workspace.
func runCatalog(g globals, rest []string) error {
	return catalogCommand(g, rest, os.Stdout)
}

func catalogCommand(g globals, rest []string, out io.Writer) error {
	if len(rest) == 0 {
		return usagef("%s", catalogUsage)
	}
	s, err := catalog.Load(standardsdata.Standards)
	if err != nil {
		return err
	}
	switch rest[0] {
	case "list":
		return catalogList(g, s, rest[1:], out)
	case "show":
		return catalogShow(g, s, rest[1:], out)
	case "export":
		return catalogExport(g, s, rest[1:], out)
	}
	return usagef("unknown catalog command %q: %s", rest[0], catalogUsage)
}

// writeJSON is printOut's JSON half, to any writer.
func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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

func catalogList(g globals, s *catalog.Standards, args []string, out io.Writer) error {
	if len(args) > 1 {
		return usagef("catalog list [CATALOGUE|processes]")
	}
	if len(args) == 1 && args[0] == "processes" {
		if g.format == "json" {
			return writeJSON(out, s.Processes)
		}
		for _, p := range s.Processes {
			fmt.Fprintf(out, "%2d  %s (%s)\n    %s\n    %s\n", p.Number, p.Title, p.ID, p.Description, strings.Join(p.Satisfies, " "))
		}
		return nil
	}
	if len(args) == 1 {
		c, err := findCatalogue(s, args[0])
		if err != nil {
			return err
		}
		if g.format == "json" {
			return writeJSON(out, c)
		}
		fmt.Fprintf(out, "%s (%s)\n%s\n\n", c.Title, c.ID, c.Notice)
		printTree(out, c, "", 0)
		return nil
	}
	var l catalogListing
	for _, c := range s.Catalogues {
		sum := catalogueSummary{ID: c.ID, Title: c.Title, Edition: c.Edition, Notice: c.Notice, Items: len(c.Items)}
		for _, it := range c.Items {
			if it.Unverified {
				sum.Unverified++
			}
		}
		l.Catalogues = append(l.Catalogues, sum)
	}
	l.Crosswalk, l.Processes = len(s.Crosswalk), len(s.Processes)
	if g.format == "json" {
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

// itemView is what `keel catalog show` prints: the item, where it sits, and its crosswalk rows
// in both directions with the title of the item at the other end.
type itemView struct {
	Catalogue string         `json:"catalogue"`
	Notice    string         `json:"notice"`
	Item      catalog.Item   `json:"item"`
	Ancestors []catalog.Item `json:"ancestors"`
	Children  []catalog.Item `json:"children"`
	Mappings  []mappingView  `json:"mappings"`
	Processes []string       `json:"processes"`
}

type mappingView struct {
	catalog.Mapping
	Direction  string `json:"direction"` // "from": this item is the source; "to": it is the target
	Other      string `json:"other"`
	OtherTitle string `json:"other_title"`
}

func catalogShow(g globals, s *catalog.Standards, args []string, out io.Writer) error {
	var catID, id string
	switch {
	case len(args) == 2:
		catID, id = args[0], args[1]
	case len(args) == 1 && strings.Contains(args[0], ":"):
		catID, id, _ = catalog.SplitRef(args[0])
	default:
		return usagef("catalog show CATALOGUE ID (for example: catalog show iso42001-2023 A.10.3)")
	}
	v, err := viewItem(s, catID, id)
	if err != nil {
		return err
	}
	if g.format == "json" {
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

func viewItem(s *catalog.Standards, catID, id string) (itemView, error) {
	c, err := findCatalogue(s, catID)
	if err != nil {
		return itemView{}, err
	}
	it, ok := c.Item(id)
	if !ok {
		return itemView{}, ims.Errorf(ims.ENOTFOUND, "%s has no item %q (`keel catalog list %s` shows them all)", c.ID, id, c.ID)
	}
	v := itemView{Catalogue: c.ID, Notice: c.Notice, Item: it, Children: c.Children(id),
		Ancestors: []catalog.Item{}, Mappings: []mappingView{}, Processes: []string{}}
	for p := it.Parent; p != ""; {
		anc, ok := c.Item(p)
		if !ok {
			break
		}
		v.Ancestors = append([]catalog.Item{anc}, v.Ancestors...)
		p = anc.Parent
	}
	if v.Children == nil {
		v.Children = []catalog.Item{}
	}
	ref := catalog.Ref(c.ID, id)
	add := func(m catalog.Mapping, dir, other string) {
		o, _ := s.Item(other)
		v.Mappings = append(v.Mappings, mappingView{Mapping: m, Direction: dir, Other: other, OtherTitle: o.Title})
	}
	for _, m := range s.MappingsFrom(ref) {
		add(m, "from", m.To)
	}
	for _, m := range s.MappingsTo(ref) {
		add(m, "to", m.From)
	}
	for _, p := range s.Processes {
		for _, r := range p.Satisfies {
			if r == ref {
				v.Processes = append(v.Processes, p.ID)
				break
			}
		}
	}
	return v, nil
}

func catalogExport(g globals, s *catalog.Standards, args []string, out io.Writer) error {
	what, file := "", ""
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(args[i], "=")
		if name != "--what" && name != "--out" {
			return usagef("unknown option %q: catalog export [--format json|csv|oscal] [--what …] [--out FILE|DIR]", args[i])
		}
		if !hasVal {
			if i+1 >= len(args) {
				return usagef("%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if name == "--what" {
			what = val
		} else {
			file = val
		}
	}
	format := g.format
	if format == "text" {
		format = "json"
	}
	if format == "oscal" {
		return exportOSCAL(s, what, file, out)
	}
	switch what {
	case "", "all", "catalogues", "crosswalk", "processes":
	default:
		return usagef("--what must be all, catalogues, crosswalk or processes")
	}
	if file != "" {
		f, err := os.Create(file)
		if err != nil {
			return fmt.Errorf("export catalogue: %w", err)
		}
		defer f.Close()
		if err := exportStandards(s, format, what, f); err != nil {
			return err
		}
		return f.Close()
	}
	return exportStandards(s, format, what, out)
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
func exportOSCAL(s *catalog.Standards, what, dest string, out io.Writer) error {
	now := time.Now()
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
