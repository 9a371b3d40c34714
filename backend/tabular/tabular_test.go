package tabular_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
	"keel/backend/tabular"
)

var (
	ctx  = context.Background()
	zoe  = ims.Actor{Name: "Zoë Łukasiewicz", Email: "zoe@fenmore.example", Role: "DPO"}
	hash = strings.Repeat("0f", 32)
)

func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	return storetest.OpenDir(tb, tb.TempDir(), store.Options{})
}

func mustCreate(tb testing.TB, s ims.RecordService, kind string, f map[string]any) ims.Record {
	tb.Helper()
	r, err := s.CreateRecord(ctx, zoe, kind, f)
	if err != nil {
		tb.Fatalf("create %s: %v", kind, err)
	}
	return r
}

func export(tb testing.TB, s ims.RecordService, kind string, f tabular.Format) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := tabular.Export(ctx, s, kind, f, &buf); err != nil {
		tb.Fatalf("export %s %s: %v", kind, f, err)
	}
	return buf.Bytes()
}

// withoutIDs reads an export back as rows, dropping the id column and sorting nothing:
// exports list records in the same order for the same content.
func withoutIDs(tb testing.TB, data []byte, f tabular.Format) []string {
	tb.Helper()
	return sheetRows(tb, data, f, 1)
}

// sheetRows reads an export back as rows, each joined from column from on.
func sheetRows(tb testing.TB, data []byte, f tabular.Format, from int) []string {
	tb.Helper()
	var rows [][]string
	if f == tabular.CSV {
		var err error
		rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			tb.Fatal(err)
		}
	} else {
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			tb.Fatal(err)
		}
		defer x.Close()
		rows, err = x.GetRows(x.GetSheetList()[0])
		if err != nil {
			tb.Fatal(err)
		}
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r[from:], "|")
	}
	return out
}

var sampleRows = map[string][]map[string]any{
	"action": {
		{"title": "Renew the Bramley Analytics processor agreement", "source_kind": "supplier review", "owner": "José Núñez",
			"due_date": "2026-12-15", "status": "open", "priority": "high", "lens": []string{"privacy", "ai"},
			"description": "Line one,\nline two with \"quotes\" and a comma.", "attachments": []string{hash + "/DPA v3 (signed).pdf"}},
		{"title": "=HYPERLINK(\"http://evil\")", "owner": "+Siobhán O'Connell", "status": "done", "completed_on": "2026-10-01"},
		{"title": "Bias test of the credit model, Q4", "owner": "Priya Raghunathan", "status": "in progress", "due_date": "2026-11-30", "source_kind": "objective"},
	},
	"objective": {
		{"title": "Human review of declined applications", "owner": "Priya Raghunathan", "kpi": "share reviewed", "target": 100.0, "unit": "%",
			"direction": "higher", "due_date": "2027-03-31", "status": "on track", "lens": []string{"ai"}},
		{"title": "Mean time to contain incidents", "owner": "Björn Åström", "target": 4.5, "unit": "hours", "direction": "lower", "status": "at risk"},
	},
	"incident": {
		{"title": "Chatbot disclosed another customer's balance", "type": "personal-data breach", "severity": "high", "status": "open",
			"became_aware_at": "2026-11-27T06:15:00Z", "occurred_at": "2026-11-26T22:40:00Z", "ico_reportable": "yes", "individuals_to_be_told": "not assessed"},
	},
}

func TestRoundTrip(t *testing.T) {
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		for kind, rows := range sampleRows {
			t.Run(string(format)+"/"+kind, func(t *testing.T) {
				a := openStore(t)
				for _, r := range rows {
					mustCreate(t, a, kind, r)
				}
				first := export(t, a, kind, format)
				b := openStore(t)
				res, err := tabular.Import(ctx, b, zoe, kind, format, bytes.NewReader(first), tabular.Options{})
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if res.Created != len(rows) {
					t.Fatalf("created %d, want %d", res.Created, len(rows))
				}
				second := export(t, b, kind, format)
				want, got := withoutIDs(t, first, format), withoutIDs(t, second, format)
				// Records list in creation order by default only if the store sorts so;
				// compare as sets of rows to stay independent of list order.
				if strings.Join(sorted(want), "\n") != strings.Join(sorted(got), "\n") {
					t.Errorf("round trip differs:\nfirst  %q\nsecond %q", want, got)
				}
				// And the values themselves survive, not only their text.
				list, _ := b.ListRecords(ctx, ims.ListQuery{Kind: kind})
				for _, r := range list.Records {
					for _, orig := range rows {
						if orig["title"] == r.Fields["title"] {
							for k, v := range orig {
								if fmt.Sprint(r.Fields[k]) != fmt.Sprint(v) {
									t.Errorf("%s: %s = %#v, want %#v", r.Title, k, r.Fields[k], v)
								}
							}
						}
					}
				}
			})
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestCSVEscapesFormulas(t *testing.T) {
	s := openStore(t)
	mustCreate(t, s, "action", sampleRows["action"][1])
	out := string(export(t, s, "action", tabular.CSV))
	if !strings.Contains(out, `"'=HYPERLINK(""http://evil"")"`) || !strings.Contains(out, "'+Siobhán") {
		t.Errorf("formula-like text not escaped:\n%s", out)
	}
	if !strings.HasPrefix(out, "\uFEFFid,title,") {
		t.Errorf("header = %q", out[:30])
	}
}

func TestImportLinksToExistingRecords(t *testing.T) {
	s := openStore(t)
	act := mustCreate(t, s, "action", map[string]any{"title": "Retrain chatbot guardrails", "owner": "Björn Åström", "status": "open"})
	sup := mustCreate(t, s, "supplier", map[string]any{"name": "Bramley Analytics Ltd"})
	file := "title,type,severity,status,actions,suppliers\n" +
		"Model drift alert ignored,AI system failure,medium,resolved," + act.ID + "," + sup.ID + "\n"
	res, err := tabular.Import(ctx, s, zoe, "incident", tabular.CSV, strings.NewReader(file), tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.GetRecord(ctx, "incident", res.IDs[0])
	if fmt.Sprint(r.Fields["actions"]) != "["+act.ID+"]" || fmt.Sprint(r.Fields["suppliers"]) != "["+sup.ID+"]" {
		t.Errorf("links = %v %v", r.Fields["actions"], r.Fields["suppliers"])
	}
}

func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXDateCells(t *testing.T) {
	s := openStore(t)
	// 46353 is 2026-11-27 as an Excel date serial: a cell someone typed as a date.
	data := xlsxFile(t, [][]any{{"title", "owner", "status", "due_date"}, {"Patch VPN", "Björn Åström", "open", 46353}})
	res, err := tabular.Import(ctx, s, zoe, "action", tabular.XLSX, bytes.NewReader(data), tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.GetRecord(ctx, "action", res.IDs[0])
	if r.Fields["due_date"] != "2026-11-27" {
		t.Errorf("due_date = %v", r.Fields["due_date"])
	}
}

// TestBadInputChangesNothing: every rejected file reports where the problem is and leaves
// the workspace untouched (no op written).
func TestBadInputChangesNothing(t *testing.T) {
	good := "title,owner,status,due_date\n"
	big := good + strings.Repeat("x", tabular.MaxBytes)
	many := good + strings.Repeat("Tidy,Zoë,open,\n", tabular.MaxRows+1)
	tests := []struct {
		name   string
		kind   string
		format tabular.Format
		data   []byte
		want   []string // each must appear in the message
		n      int      // number of problems, 0 = don't check
	}{
		{"unknown column", "action", tabular.CSV, []byte("title,owner,status,deadline\nA,Zoë,open,2026-01-01\n"),
			[]string{`row 1, column deadline: Actions has no field "deadline"`}, 1},
		{"missing required column", "action", tabular.CSV, []byte("title,status\nA,open\n"),
			[]string{"row 1, column owner: this required column is missing"}, 1},
		{"duplicate column", "action", tabular.CSV, []byte("title,owner,status,title\nA,Zoë,open,B\n"),
			[]string{"row 1, column title: this column appears twice"}, 1},
		{"bad date", "action", tabular.CSV, []byte(good + "A,Zoë,open,2026-01-01\nB,Zoë,open,2026-02-01\nC,Zoë,open,31/02/2026\n"),
			[]string{`row 4, column due_date: "31/02/2026" is not a date; use YYYY-MM-DD`}, 1},
		{"impossible date", "policy", tabular.CSV, []byte("title,owner,status,review_date\nP,Zoë,draft,2026-02-31\n"),
			[]string{`row 2, column review_date: "2026-02-31" is not a date`}, 1},
		{"unknown enum", "action", tabular.CSV, []byte(good + "A,Zoë,finished,\n"),
			[]string{`row 2, column status: "finished" is not allowed; choose one of: open, in progress, done, cancelled`}, 1},
		{"unknown multienum value", "action", tabular.CSV, []byte("title,owner,status,lens\nA,Zoë,open,\"ai,finance\"\n"),
			[]string{`row 2, column lens: "finance" is not allowed`}, 1},
		{"every problem is reported", "action", tabular.CSV, []byte(good + "A,Zoë,nope,2026-13-01\n,Zoë,open,\nD,Zoë,open,\n"),
			[]string{"row 2, column status", "row 2, column due_date", "row 3, column title: Action is required"}, 3},
		{"required cell empty", "action", tabular.CSV, []byte(good + "A,,open,\n"), []string{"row 2, column owner: Owner is required"}, 1},
		{"link to nothing", "incident", tabular.CSV, []byte("title,type,severity,status,actions\nI,security incident,low,open,no-such-id\n"),
			[]string{`row 2, column actions: there is no action with id "no-such-id"`}, 1},
		{"too many cells", "action", tabular.CSV, []byte(good + "A,Zoë,open,,extra\n"), []string{"row 2: 5 cells but only 4 columns"}, 1},
		{"not CSV", "action", tabular.CSV, []byte(good + "A,\"Zoë,open\n"), []string{"not valid CSV"}, 1},
		{"empty file", "action", tabular.CSV, nil, []string{"the file is empty"}, 1},
		{"header only", "action", tabular.CSV, []byte(good), []string{"no rows to import"}, 1},
		{"oversized file", "action", tabular.CSV, []byte(big), []string{"larger than 20 MB"}, 1},
		{"too many rows", "action", tabular.CSV, []byte(many), []string{"more than 50000 rows"}, 1},
		{"not a workbook", "action", tabular.XLSX, []byte("PK not really"), []string{"not a readable XLSX"}, 1},
		{"XLSX bad enum", "action", tabular.XLSX, xlsxFileBytes([][]any{{"title", "owner", "status"}, {"A", "Zoë", "open"}, {"B", "Zoë", "later"}}),
			[]string{`row 3, column status: "later" is not allowed`}, 1},
		{"XLSX wrong header", "action", tabular.XLSX, xlsxFileBytes([][]any{{"Title", "Owner", "state"}, {"A", "Zoë", "open"}}),
			[]string{`row 1, column state: Actions has no field "state"`, "row 1, column status: this required column is missing"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			_, err := tabular.Import(ctx, s, zoe, tc.kind, tc.format, bytes.NewReader(tc.data), tabular.Options{})
			var ie *tabular.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error = %v (%T), want an ImportError", err, err)
			}
			if ims.ErrorCode(err) != ims.EINVALID || !strings.HasPrefix(ims.ErrorMessage(err), "nothing imported") {
				t.Errorf("code %q message %q", ims.ErrorCode(err), ims.ErrorMessage(err))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			if tc.n > 0 && len(ie.Errors) != tc.n {
				t.Errorf("%d problems reported, want %d: %v", len(ie.Errors), tc.n, ie.Errors)
			}
			if s.Changed() {
				t.Error("a rejected import wrote to the workspace")
			}
			if l, _ := s.ListRecords(ctx, ims.ListQuery{Kind: tc.kind}); l.Total != 0 {
				t.Errorf("%d records after a rejected import", l.Total)
			}
		})
	}
}

func xlsxFileBytes(rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			panic(err)
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

// failingService fails the n-th create, to prove the one-by-one path undoes itself. It
// embeds the interface, not the store, so the store's batch create is hidden.
type failingService struct {
	ims.RecordService
	n, calls int
}

func (f *failingService) CreateRecord(ctx context.Context, a ims.Actor, kind string, fields map[string]any) (ims.Record, error) {
	f.calls++
	if f.calls == f.n {
		return ims.Record{}, errors.New("disk full")
	}
	return f.RecordService.CreateRecord(ctx, a, kind, fields)
}

func TestFailedCreateMovesEarlierRecordsToTheBin(t *testing.T) {
	s := &failingService{RecordService: openStore(t), n: 3}
	file := "title,owner,status\nA,Zoë,open\nB,Zoë,open\nC,Zoë,open\nD,Zoë,open\n"
	_, err := tabular.Import(ctx, s, zoe, "action", tabular.CSV, strings.NewReader(file), tabular.Options{})
	if err == nil || !strings.Contains(err.Error(), "import stopped at row 4") || !strings.Contains(err.Error(), "moved to the bin") {
		t.Fatalf("error = %v", err)
	}
	if l, _ := s.ListRecords(ctx, ims.ListQuery{Kind: "action"}); l.Total != 0 {
		t.Errorf("%d live records after a failed import", l.Total)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]tabular.Format{"csv": tabular.CSV, ".XLSX": tabular.XLSX, " xlsx ": tabular.XLSX} {
		if got, err := tabular.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := tabular.ParseFormat("ods"); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("ParseFormat(ods) = %v", err)
	}
}
