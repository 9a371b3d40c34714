package tabular_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"keel/backend/ims"
	"keel/backend/tabular"
)

const benchRows = 10_000

var benchOwners = []string{"Siobhán O'Connell", "Zoë Łukasiewicz", "Priya Raghunathan", "Björn Åström", "José Núñez"}

// benchXLSX is a 10,000-row action register as a person would hand it over.
func benchXLSX(b *testing.B) []byte {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"title", "source_kind", "owner", "due_date", "priority", "status", "lens", "description"})
	kinds := []string{"gap analysis", "incident", "audit", "management review"}
	statuses := []string{"open", "in progress", "done"}
	for i := range benchRows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%500)
		sw.SetRow(cell, []any{fmt.Sprintf("Action %05d: close finding on supplier review", i), kinds[i%4], benchOwners[i%5],
			day.Format(time.DateOnly), []string{"low", "medium", "high"}[i%3], statuses[i%3], "security,ai",
			"Raised from the quarterly review; evidence to be attached when done."})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

// BenchmarkImportXLSX10k imports 10,000 rows from XLSX into a real (synced) Badger store:
// each record is created through RecordService as a user's edit is.
func BenchmarkImportXLSX10k(b *testing.B) {
	data := benchXLSX(b)
	b.Logf("XLSX file: %d rows, %.2f MB", benchRows, float64(len(data))/1e6)
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		b.StartTimer()
		res, err := tabular.Import(ctx, s, zoe, "action", tabular.XLSX, bytes.NewReader(data), tabular.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Created != benchRows {
			b.Fatalf("created %d", res.Created)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/benchRows, "µs/row")
}

// BenchmarkExportXLSX10k exports the 10,000 imported rows again.
func BenchmarkExportXLSX10k(b *testing.B) {
	s := openStore(b)
	if _, err := tabular.Import(ctx, s, zoe, "action", tabular.XLSX, bytes.NewReader(benchXLSX(b)), tabular.Options{}); err != nil {
		b.Fatal(err)
	}
	for _, format := range []tabular.Format{tabular.XLSX, tabular.CSV} {
		b.Run(string(format), func(b *testing.B) {
			for b.Loop() {
				n, err := tabular.Export(ctx, s, "action", format, io.Discard)
				if err != nil || n != benchRows {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// discard is a RecordService whose creates cost nothing: it isolates reading and
// checking the file from the store's synced writes.
type discard struct{ ims.RecordService }

func (discard) CreateRecord(context.Context, ims.Actor, string, map[string]any) (ims.Record, error) {
	return ims.Record{ID: "x"}, nil
}

// BenchmarkImportXLSX10kReadAndCheck is the import without the writes.
func BenchmarkImportXLSX10kReadAndCheck(b *testing.B) {
	data := benchXLSX(b)
	for b.Loop() {
		if _, err := tabular.Import(ctx, discard{}, zoe, "action", tabular.XLSX, bytes.NewReader(data), tabular.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
