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

// gapCmd is `keel gap`: the 42001 gap analysis of the selected workspace, from its records
// and implementation-status records (docs/gap.md).
type gapCmd struct {
	Evidence bool `help:"With --format csv: add each item's basis (derived, attested, inherited, not-applicable), what the records show, the evidence record ids and what is missing."`
}

func (c gapCmd) Run(e *env) error {
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
		return writeGapCSV(e.out, a, c.Evidence)
	}
	writeGapText(e.out, a)
	return nil
}

// gapCSVHeader is the header of `keel gap --format csv`: one row per 42001 item.
var gapCSVHeader = []string{"id", "title", "kind", "group", "class", "status", "result", "step", "inherited_from", "todo"}

// gapEvidenceHeader is what --evidence adds to it.
var gapEvidenceHeader = []string{"basis", "derived", "evidence", "missing"}

func writeGapCSV(out io.Writer, a gap.Analysis, evidence bool) error {
	w := csv.NewWriter(out)
	head := gapCSVHeader
	if evidence {
		head = append(append([]string{}, gapCSVHeader...), gapEvidenceHeader...)
	}
	w.Write(head)
	for _, it := range a.Items {
		row := []string{it.ID, it.Title, string(it.Kind), it.Group, string(it.Class), string(it.Status),
			string(it.Result), strconv.Itoa(it.Step), strings.Join(it.InheritedFrom, " "), it.Todo}
		if evidence {
			ids := make([]string, len(it.Evidence))
			for i, ev := range it.Evidence {
				ids[i] = ev.ID
			}
			missing := make([]string, len(it.Missing))
			for i, m := range it.Missing {
				missing[i] = m.Title + ": " + m.Reason
			}
			row = append(row, string(it.Basis), string(it.Derived), strings.Join(ids, " "), strings.Join(missing, "; "))
		}
		w.Write(row)
	}
	w.Flush()
	return w.Error()
}

// readinessCmd is `keel readiness`: the four proofs, the records' counts and the
// requirements of the same gap analysis (text or JSON).
type readinessCmd struct{}

func (readinessCmd) Run(e *env) error {
	if e.g.format != "text" && e.g.format != "json" {
		return usagef("readiness [--format text|json]")
	}
	sess, err := e.open()
	if err != nil {
		return err
	}
	defer sess.Close()
	proofs, err := sess.App().Readiness()
	if err != nil {
		return err
	}
	return e.print(proofs, func(w io.Writer) {
		for _, p := range proofs {
			mark := "not yet"
			if p.Complete {
				mark = "ready"
			}
			fmt.Fprintf(w, "%d. %s: %s, %d of %d requirements met (%.1f%%)\n", p.Number, p.Title, mark, p.Met, p.Total, p.Percent)
			for _, c := range p.Counts {
				fmt.Fprintf(w, "   %s\n", c.Text)
			}
			for _, m := range p.Requirements {
				fmt.Fprintf(w, "   to show: %s %s\n", m.Ref, m.Title)
			}
			for _, m := range p.Missing {
				fmt.Fprintf(w, "   missing: %s %s: %s\n", m.Kind, m.Title, m.Reason)
			}
		}
	})
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
		mark := strconv.Itoa(len(p.Missing)) + " requirements still to show"
		if p.Ready {
			mark = "every requirement met; keel readiness adds the records' counts"
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
