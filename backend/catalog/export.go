package catalog

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// WriteJSON writes the public export: {"catalogues":[…],"crosswalk":[…],"processes":[…]}
// (docs/catalog.md).
func WriteJSON(w io.Writer, s *Standards) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// writeCSV writes the header and then the rows in one pass (csv.Writer.WriteAll), so a
// write error stops the export.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	return csv.NewWriter(w).WriteAll(append([][]string{header}, rows...))
}

// CataloguesCSVHeader is the header of WriteCataloguesCSV.
var CataloguesCSVHeader = []string{"catalogue", "id", "title", "kind", "parent", "description", "unverified"}

// WriteCataloguesCSV writes every item of every catalogue, one row each, in catalogue order.
func WriteCataloguesCSV(w io.Writer, s *Standards) error {
	var rows [][]string
	for _, c := range s.Catalogues {
		for _, it := range c.Items {
			rows = append(rows, []string{c.ID, it.ID, it.Title, string(it.Kind), it.Parent, it.Description, strconv.FormatBool(it.Unverified)})
		}
	}
	return writeCSV(w, CataloguesCSVHeader, rows)
}

// CrosswalkCSVHeader is the header of WriteCrosswalkCSV.
var CrosswalkCSVHeader = []string{"from", "to", "relationship", "rationale", "class"}

// WriteCrosswalkCSV writes every crosswalk row; class is empty on rows that carry none.
func WriteCrosswalkCSV(w io.Writer, s *Standards) error {
	rows := make([][]string, len(s.Crosswalk))
	for i, m := range s.Crosswalk {
		rows[i] = []string{m.From, m.To, string(m.Relationship), m.Rationale, string(m.Class)}
	}
	return writeCSV(w, CrosswalkCSVHeader, rows)
}

// ProcessesCSVHeader is the header of WriteProcessesCSV.
var ProcessesCSVHeader = []string{"number", "id", "title", "description", "satisfies"}

// WriteProcessesCSV writes one row per shared process; satisfies is space-separated references.
func WriteProcessesCSV(w io.Writer, s *Standards) error {
	rows := make([][]string, len(s.Processes))
	for i, p := range s.Processes {
		rows[i] = []string{strconv.Itoa(p.Number), p.ID, p.Title, p.Description, strings.Join(p.Satisfies, " ")}
	}
	return writeCSV(w, ProcessesCSVHeader, rows)
}
