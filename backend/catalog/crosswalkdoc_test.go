package catalog

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"

	"keel/backend/golden"
)

var update = flag.Bool("update", false, "rewrite docs/crosswalk.md from the data")

// crosswalkDocPath is the reviewer's view of the 42001 crosswalk, written from the data.
const crosswalkDocPath = "../../docs/crosswalk.md"

// regenerateDoc is the one command that rewrites it.
const regenerateDoc = "go test ./backend/catalog -run TestCrosswalkDoc -update"

// TestCrosswalkDoc fails when docs/crosswalk.md is not what the data gives: a row, class,
// rationale or title changed and the file was not regenerated.
func TestCrosswalkDoc(t *testing.T) {
	got := crosswalkDoc(mustLoad(t))
	golden.Check(t, crosswalkDocPath, got, *update, regenerateDoc, "the crosswalk data changed")
}

// The generator itself: every 42001 item appears with every one of its rows.
func TestCrosswalkDocListsEveryRow(t *testing.T) {
	s := mustLoad(t)
	doc := string(crosswalkDoc(s))
	for _, it := range cat(t, s, ISO42001).Items {
		if !strings.Contains(doc, "\n### "+it.ID+" ") {
			t.Errorf("42001 %s has no section", it.ID)
		}
		for _, m := range s.MappingsFrom(Ref(ISO42001, it.ID)) {
			if !strings.Contains(doc, cell(m.Rationale)) {
				t.Errorf("row %s -> %s: rationale missing", m.From, m.To)
			}
		}
	}
}

func crosswalkDoc(s *Standards) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# ISO/IEC 42001:2023 crosswalk, item by item\n\n")
	w("<!-- Generated from assets/ by `%s`. Do not edit by hand. -->\n\n", regenerateDoc)
	w("For a reviewer with licensed copies of the standards: every 42001 item with its crosswalk rows to\n")
	w("ISO/IEC 27001:2022, ISO/IEC 27701:2019 and ISO/IEC 27701:2025 (a standalone management-system\n")
	w("standard, no longer an extension of 27001), each with its relationship, gap class and Keel's own\n")
	w("rationale. Titles are identifiers; summaries and rationales are Keel's own words, not the\n")
	w("standards' text. Format and meaning of the fields: [catalog.md](catalog.md).\n\n")
	w("The **class** of an item is the strongest class among its rows (inherit > extend > new): what is left\n")
	w("to do when every target is implemented. *Unverified* marks a number or title no two public sources\n")
	w("confirm.\n")
	aims, _ := s.Catalogue(ISO42001)
	for _, it := range aims.Items {
		ref := Ref(ISO42001, it.ID)
		rows := s.MappingsFrom(ref)
		best := Class("")
		for _, m := range rows {
			if best == "" || rankClass(m.Class) < rankClass(best) {
				best = m.Class
			}
		}
		flag := ""
		if it.Unverified {
			flag = " *(unverified)*"
		}
		w("\n### %s %s%s\n\n", it.ID, it.Title, flag)
		w("%s Class: **%s**.\n\n", it.Description, best)
		w("| to | title | relationship | class | rationale |\n|---|---|---|---|---|\n")
		for _, m := range rows {
			title := ""
			if t, ok := s.Item(m.To); ok {
				title = t.Title
			}
			w("| %s | %s | %s | %s | %s |\n", ShortRef(m.To), cell(title), m.Relationship, m.Class, cell(m.Rationale))
		}
	}
	return b.Bytes()
}

// rankClass orders classes strongest first, as Classes lists them.
func rankClass(c Class) int {
	for i, x := range Classes {
		if c == x {
			return i
		}
	}
	return len(Classes)
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
