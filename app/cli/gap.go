package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"keel/backend/gap"
)

// gapCmd is `keel gap`: the 42001 gap analysis of the selected workspace, from its
// implementation-status records (docs/gap.md).
type gapCmd struct{}

func (gapCmd) Run(e *env) error {
	if e.g.format == "oscal" {
		return usagef("--format oscal is for `keel catalog export`; gap [--format text|json|csv]")
	}
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := sess.App().GapAnalysis()
	if err != nil {
		return err
	}
	switch e.g.format {
	case "json":
		return writeJSON(e.out, a)
	case "csv":
		return writeGapCSV(e.out, a)
	}
	writeGapText(e.out, a)
	return nil
}

// gapCSVHeader is the header of `keel gap --format csv`: one row per 42001 item.
var gapCSVHeader = []string{"id", "title", "kind", "group", "class", "status", "result", "step", "inherited_from", "todo"}

func writeGapCSV(out io.Writer, a gap.Analysis) error {
	w := csv.NewWriter(out)
	w.Write(gapCSVHeader)
	for _, it := range a.Items {
		w.Write([]string{it.ID, it.Title, string(it.Kind), it.Group, string(it.Class), string(it.Status),
			string(it.Result), strconv.Itoa(it.Step), strings.Join(it.InheritedFrom, " "), it.Todo})
	}
	w.Flush()
	return w.Error()
}

func writeGapText(out io.Writer, a gap.Analysis) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COVERAGE\tITEMS\tDONE\tINHERITED\tEXTEND\tNEW\tN/A\tCOVERED")
	rows := append(append(append([]gap.Coverage{}, a.Coverage.Clauses...), a.Coverage.Annex...), a.Coverage.Totals...)
	for _, c := range rows {
		fmt.Fprintf(tw, "%s %s\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f%%\n", c.Group, c.Title, c.Total, c.Done, c.Inherited, c.Extend, c.New, c.NotApplicable, c.Percent)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nReadiness:")
	for _, p := range a.Readiness {
		mark := "missing " + strconv.Itoa(len(p.Missing))
		if p.Ready {
			mark = "ready"
		}
		fmt.Fprintf(out, "  %d. %s: %.1f%% (%s)\n", p.Number, p.Title, p.Percent, mark)
	}
	fmt.Fprintln(out, "\nPlan:")
	for _, st := range a.Plan {
		fmt.Fprintf(out, "  Step %d. %s: %d of %d covered\n", st.Step, st.Title, st.Covered, st.Total)
		for _, it := range st.Items {
			fmt.Fprintf(out, "    %-8s %-7s %s\n", it.ID, it.Result, it.Todo)
		}
	}
}
