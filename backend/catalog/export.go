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

// CataloguesCSVHeader is the header of WriteCataloguesCSV.
var CataloguesCSVHeader = []string{"catalogue", "id", "title", "kind", "parent", "description", "unverified"}

// WriteCataloguesCSV writes every item of every catalogue, one row each, in catalogue order.
func WriteCataloguesCSV(w io.Writer, s *Standards) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CataloguesCSVHeader); err != nil {
		return err
	}
	for _, c := range s.Catalogues {
		for _, it := range c.Items {
			row := []string{c.ID, it.ID, it.Title, string(it.Kind), it.Parent, it.Description, strconv.FormatBool(it.Unverified)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// CrosswalkCSVHeader is the header of WriteCrosswalkCSV.
var CrosswalkCSVHeader = []string{"from", "to", "relationship", "rationale", "class"}

// WriteCrosswalkCSV writes every crosswalk row; class is empty on rows that carry none.
func WriteCrosswalkCSV(w io.Writer, s *Standards) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CrosswalkCSVHeader); err != nil {
		return err
	}
	for _, m := range s.Crosswalk {
		if err := cw.Write([]string{m.From, m.To, string(m.Relationship), m.Rationale, string(m.Class)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ProcessesCSVHeader is the header of WriteProcessesCSV.
var ProcessesCSVHeader = []string{"number", "id", "title", "description", "satisfies"}

// WriteProcessesCSV writes one row per shared process; satisfies is space-separated references.
func WriteProcessesCSV(w io.Writer, s *Standards) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ProcessesCSVHeader); err != nil {
		return err
	}
	for _, p := range s.Processes {
		row := []string{strconv.Itoa(p.Number), p.ID, p.Title, p.Description, strings.Join(p.Satisfies, " ")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
