package reports

// What a certification auditor checks first in every pack and in the SoA (issue 20): the
// legal name, document control from the document register, the document language, round
// axes, bars on one scale, readable figures, the SoA's justifications, areas with nothing
// assessed, 27701:2019's Annex B and excluded controls that other records cite.

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"keel/backend/catalog"
	"keel/backend/ims"
)

func rec(kind, id, title string, fields map[string]any) ims.Record {
	if fields == nil {
		fields = map[string]any{}
	}
	return ims.Record{ID: id, Kind: kind, Title: title, Fields: fields,
		CreatedAt: "2026-10-01T10:00:00Z", UpdatedAt: "2026-11-01T10:00:00Z"}
}

// soaWorkspace excludes 27001 A.8.28 while a risk's treatment cites it and an AI system is
// built in-house; A.5.1 is implemented and a risk cites it; 27701:2019 has only controller
// controls assessed.
func soaWorkspace(t *testing.T) Snapshot {
	t.Helper()
	return Snapshot{
		Organisation: "Demo", LegalName: "Fenmore Credit Ltd", Registered: "08451937", Address: "3 Wharf Approach, Leeds LS1 4BR",
		Standards: standards(t),
		Records: map[string][]ims.Record{
			StatusKind: {
				statusRecord(1, "iso27001-2022:A.8.28", "not applicable", "No software is developed in-house.", ""),
				statusRecord(2, "iso27001-2022:A.5.1", "implemented", "", "POL-001 Information Security Policy v4.0"),
				statusRecord(3, "iso27701-2019:A.7.2.1", "implemented", "We are a controller.", ""),
			},
			"risk": {rec("risk", "k1", "Chatbot gives wrong arrears figures", map[string]any{
				"controls": "iso27001-2022:A.8.28, iso27001-2022:A.5.1", "treatment": "reduce"})},
			"ai_system": {rec("ai_system", "s1", "Customer chatbot", map[string]any{"provenance": "internal"})},
		},
	}
}

func TestSoAExcludedButCited(t *testing.T) {
	snap := soaWorkspace(t)
	w, err := SoAWarnings(snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 2 || w[0].Short != "27001 A.8.28" || w[0].Record.ID != "k1" || w[1].Record.ID != "s1" {
		t.Fatalf("warnings %+v, want the risk k1 and the AI system s1 on 27001 A.8.28", w)
	}
	o := testOptions()
	o.Standards = []string{catalog.ISO27001, catalog.ISO27701v2019}
	pdf, path := renderPDF(t, KindSoA, snap, o)
	pages := checkPDF(t, path, pdf, 6)
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		"Exclusions to resolve",
		`27001 A.8.28 is excluded, but the treatment of risk "Chatbot gives wrong arrears figures" cites it.`,
		`"Customer chatbot" is built in-house.`,
		// the justification of an included control names the risk it treats
		"Treats risk: Chatbot gives wrong arrears figures.",
		// 27701:2019's processor controls sit under Annex B, and say none is assessed
		"ISO/IEC 27701:2019 Annex B (processor controls)",
		"ISO/IEC 27701:2019 Annex A (controller controls)",
		"None assessed",
		// legal name, registered number and address on the cover
		"Registered number 08451937",
	} {
		if !strings.Contains(strings.Join(strings.Fields(all), " "), want) {
			t.Errorf("the SoA lacks %q", want)
		}
	}
	// The legal name heads every page, never the workspace's short name.
	for i, p := range pages[1:] {
		if !strings.Contains(p, "Fenmore Credit Ltd · Statement of Applicability") || strings.Contains(p, "Demo") {
			t.Errorf("page %d's running header is not the legal name", i+2)
		}
	}
	// The excluded control's own justification is the user's words only: a risk citing it
	// is a warning, never a reason.
	if strings.Contains(all, "No software is developed in-house. Treats risk") {
		t.Error("an excluded control is justified by the risk that cites it")
	}
	// B.8.2 is under Annex B: after the Annex B heading, not in the Annex A section.
	a, b := strings.Index(all, "Annex A (controller controls)\n"), strings.LastIndex(all, "Annex B (processor controls)")
	if i := strings.LastIndex(all, "B.8.2 Conditions for collection"); i < b || b < a {
		t.Errorf("B.8.2 at %d, Annex A at %d, Annex B at %d", i, a, b)
	}
	// Without the warning's causes, no section.
	snap.Records["risk"], snap.Records["ai_system"] = nil, nil
	if w, _ := SoAWarnings(snap, nil); len(w) != 0 {
		t.Errorf("warnings with nothing citing the exclusion: %+v", w)
	}
}

func TestSoAFigureNoneAssessed(t *testing.T) {
	for _, c := range []struct {
		c    soaCounts
		want string
	}{
		{soaCounts{total: 4, unassessed: 4}, "None assessed"},
		{soaCounts{total: 4, excluded: 4}, "All excluded"},
		{soaCounts{total: 4, implemented: 1, partial: 1, unassessed: 2}, "50.0%"},
	} {
		if got := c.c.figure(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.c, got, c.want)
		}
	}
}

func TestAxisStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{{2.2, 5}, {22, 50}, {1.2, 2}, {3.9, 5}, {0.3, 0.5}, {7, 10}} {
		if got := axisStep(c.raw); got != c.want {
			t.Errorf("axisStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestVersionHistory(t *testing.T) {
	h := []ims.HistoryEntry{
		{At: "2025-03-01T09:00:00Z", Actor: ims.Actor{Name: "Zoë"}, Type: "create", Field: "title", Value: "Statement of Applicability"},
		{At: "2025-03-01T09:00:00Z", Actor: ims.Actor{Name: "Zoë"}, Field: "version", Value: "1.0"},
		{At: "2025-03-01T09:00:00Z", Actor: ims.Actor{Name: "Zoë"}, Field: "approver", Value: "Eleanor"},
		{At: "2025-03-01T09:00:00Z", Actor: ims.Actor{Name: "Zoë"}, Field: "change_note", Value: "First issue"},
		{At: "2025-09-01T09:00:00Z", Actor: ims.Actor{Name: "Björn"}, Field: "owner", Value: "Björn"},
		{At: "2026-02-10T09:00:00Z", Actor: ims.Actor{Name: "Björn"}, Field: "version", Value: "1.1"},
		{At: "2026-02-10T09:00:00Z", Actor: ims.Actor{Name: "Björn"}, Field: "change_note", Value: "A.8.28 excluded"},
	}
	got := versionHistory(h)
	want := []Revision{
		{Version: "1.0", Date: "2025-03-01", Author: "Zoë", Approver: "Eleanor", Change: "First issue"},
		{Version: "1.1", Date: "2026-02-10", Author: "Björn", Approver: "Eleanor", Change: "A.8.28 excluded"},
	}
	if len(got) != len(want) {
		t.Fatalf("versions %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("version %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// The document control prints the register's record and the versions.
	snap := soaWorkspace(t)
	doc := rec("document", "d1", "Statement of Applicability", map[string]any{"reference": "SOA-001", "owner": "Björn",
		"approver": "Eleanor", "approval_date": "2026-02-12", "next_review": "2027-02-12", "distribution": "Board; certification body"})
	snap.Document, snap.DocumentHistory = &doc, h
	o := testOptions()
	o.Revisions, o.Approver = nil, ""
	pdf, path := renderPDF(t, KindSoA, snap, o)
	page := strings.Join(strings.Fields(checkPDF(t, path, pdf, 3)[1]), " ")
	for _, w := range []string{"1.0 1 Mar 2025 Zoë Eleanor First issue", "1.1 10 Feb 2026 Björn Eleanor A.8.28 excluded",
		"SOA-001", "Board; certification body", "12 February 2027", "Approved on 12 February 2026"} {
		if !strings.Contains(page, w) {
			t.Errorf("document control lacks %q:\n%s", w, page)
		}
	}
}

func TestLanguageAndFigures(t *testing.T) {
	snap := soaWorkspace(t)
	pdf, path := renderPDF(t, KindSoA, snap, testOptions())
	if !bytes.Contains(pdf.Bytes, []byte("/Lang (en-GB)")) || !bytes.Contains(pdf.Bytes, []byte("/DisplayDocTitle true")) {
		t.Error("the PDF's catalogue does not set the language and the title display")
	}
	pages := checkPDF(t, path, pdf, 3) // qpdf --check: the cross-reference table still holds
	// Summary figures read as number then label.
	all := strings.Join(strings.Fields(strings.Join(pages, "\n")), " ")
	if !strings.Contains(all, "2 applicable") || !strings.Contains(all, "1 excluded, with justification") {
		t.Errorf("the summary figures do not read number then label")
	}
}

func TestBarsOneScale(t *testing.T) {
	bars := []bar{{counts: []int{1, 0}}, {counts: []int{2, 1}}}
	w := barWidths(bars, 90)
	if w[0][0] != 30 || w[1][0] != 60 || w[1][1] != 30 {
		t.Errorf("widths %v: a bar of 1 must be a third of a bar of 3", w)
	}
}

// The gap pack names references as a reader does, plans with owners and dates, and prints
// no item's to-do three times.
func TestGapReadable(t *testing.T) {
	if got := readable("Extend iso27001-2022:4.3, iso27701-2019:5.2.3: state; see uk-dp:Art.22C."); got != "Extend 27001 4.3, 27701:2019 5.2.3: state; see UK DP Art.22C." {
		t.Errorf("readable: %q", got)
	}
	snap := testSnapshot(t, 0)
	for i, r := range snap.Records[StatusKind] {
		if r.Fields["item"] == "iso42001-2023:6.1.2" {
			snap.Records[StatusKind][i].Fields["owner"], snap.Records[StatusKind][i].Fields["target_date"] = "Priya Raghunathan", "2027-06-30"
		}
	}
	pdf, path := renderPDF(t, KindGap, snap, testOptions())
	all := strings.Join(checkPDF(t, path, pdf, 6), "\n")
	if m := refInText.FindString(all); m != "" {
		t.Errorf("the gap pack prints the internal reference %q", m)
	}
	// Each to-do is printed once per item that has it (several items may share one).
	same := map[string]int{}
	for _, it := range snap.Gap.Items {
		same[it.Todo]++
	}
	flat := strings.Join(strings.Fields(all), " ")
	for _, it := range snap.Gap.Items {
		todo := strings.Join(strings.Fields(readable(it.Todo)), " ")
		if len(todo) > 30 && strings.Count(flat, todo) > same[it.Todo] {
			t.Errorf("the to-do of %s is printed %d times", it.ID, strings.Count(flat, todo))
		}
	}
	if !strings.Contains(flat, "Priya Raghunathan 30 Jun 2027") {
		t.Error("the plan lacks the item's owner and target date")
	}
}

// With no period asked for, the management review reports on the latest review over its
// own period; the inputs are lettered by standard and the 9.3.3 outputs have their headings.
func TestReviewOwnPeriod(t *testing.T) {
	snap, o := reviewSnapshot(t, smallReview)
	o.From, o.To, o.Review = "", "", ""
	var latest ims.Record
	for _, r := range snap.Records["management_review"] {
		if str(r, "meeting_date") > str(latest, "meeting_date") {
			latest = r
		}
	}
	if str(latest, "period_from") == "" {
		t.Fatal("the fixture's latest review has no period")
	}
	pdf, path := renderPDF(t, KindReview, snap, o)
	pages := checkPDF(t, path, pdf, 6)
	flat := strings.Join(strings.Fields(strings.Join(pages, "\n")), " ")
	for _, w := range []string{longDate(str(latest, "period_from")) + " – " + longDate(str(latest, "period_to")),
		"Feedback from interested parties e", "Opportunities for continual improvement g e g",
		"Decisions on improvement opportunities (9.3.3)", "Changes needed to the management system (9.3.3)", "Resources needed (9.3.3)",
		"Trends by quarter"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the review pack lacks %q", w)
		}
	}
}

// A table never starts with fewer than three rows under its header, nor leaves its last
// one or two rows alone on a page; a sub-heading stays with the table under it.
func TestTableKeepsRows(t *testing.T) {
	rows := func(prefix string, n int) [][]string {
		out := make([][]string, n)
		for i := range out {
			out[i] = []string{fmt.Sprintf("%s-%02d", prefix, i+1), "a row"}
		}
		return out
	}
	pdf, err := render(soaWorkspace(t), testOptions(), meta{title: "Keep test"}, func(d *doc) error {
		d.h1("Keep test")
		// Fill the page to leave room for the header and about two rows, then a titled table.
		for d.pdf.GetY() < bodyBottom-36 {
			d.para("Filler line.")
		}
		d.h2("Start table", 0)
		d.table([]column{{"Ref", 20, ""}, {"Text", 100, ""}}, rows("start", 5))
		// A table whose last rows would fall onto the next page.
		d.h1("Tail test")
		for d.pdf.GetY() < bodyBottom-8*float64(lineH+2*cellPadY)-12 {
			d.para("Filler line.")
		}
		d.table([]column{{"Ref", 20, ""}, {"Text", 100, ""}}, rows("tail", 9))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, "keep.pdf", pdf.Bytes)
	pages := pdfText(t, path)
	count := func(page, prefix string) int { return strings.Count(page, prefix+"-") }
	for i, p := range pages {
		if slices.Contains(strings.Split(p, "\n"), "Contents") {
			continue // the contents list the sub-heading too
		}
		if n := count(p, "start"); n > 0 && n < 3 {
			t.Errorf("page %d holds %d rows of the first table", i+1, n)
		}
		if strings.Contains(p, "Start table") && count(p, "start") == 0 {
			t.Errorf("page %d strands the sub-heading without its table", i+1)
		}
		if n := count(p, "tail"); n > 0 && n < 3 {
			t.Errorf("page %d holds %d rows of the second table", i+1, n)
		}
	}
}

// The heat map's level colours are distinct by lightness, darkest for the highest level.
func TestLevelColors(t *testing.T) {
	for n := 2; n <= 10; n++ {
		cs := levelColors(n)
		for i := 1; i < n; i++ {
			if luminance(cs[i]) >= luminance(cs[i-1])-0.03 {
				t.Errorf("%d levels: level %d (%v) is not darker than level %d (%v)", n, i+1, cs[i], i, cs[i-1])
			}
		}
	}
}
