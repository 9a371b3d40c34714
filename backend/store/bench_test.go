package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/store"
)

var (
	benchOwners   = []string{"Siobhán O'Connell", "Zoë Łukasiewicz", "Björn Åström", "José Núñez", "Priya Raghunathan"}
	benchStatuses = []string{"open", "monitored", "closed"}
	benchWords    = []string{"model", "vendor", "bias", "drift", "breach", "cloud", "consent", "retention", "chatbot", "audit"}
)

// benchIssue is the i-th context issue of a benchmark workspace: five ops when created
// (create, title, type, status, owner).
func benchIssue(i int) map[string]any {
	return map[string]any{
		"title":  fmt.Sprintf("Issue %05d about %s and %s", i, benchWords[i%len(benchWords)], benchWords[(i/7)%len(benchWords)]),
		"type":   []string{"internal", "external"}[i%2],
		"status": benchStatuses[i%len(benchStatuses)],
		"owner":  benchOwners[i%len(benchOwners)],
	}
}

// fill bulk-loads n context issues in batches of 1,000.
func fill(b *testing.B, s *store.Store, n int) {
	b.Helper()
	for start := 0; start < n; start += 1000 {
		batch := make([]map[string]any, 0, 1000)
		for i := start; i < min(start+1000, n); i++ {
			batch = append(batch, benchIssue(i))
		}
		if _, err := s.CreateRecordsBatch(ada, "context_issue", batch); err != nil {
			b.Fatal(err)
		}
	}
}

// workspace100k builds a closed workspace folder holding 100,000 ops.
func workspace100k(b *testing.B) (string, int) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "db")
	s := MustOpenDir(b, dir, store.Options{})
	start := time.Now()
	fill(b, s, 20_000)
	_, n, err := s.Replay()
	if err != nil {
		b.Fatal(err)
	}
	if n != 100_000 {
		b.Fatalf("built %d ops, want 100,000", n)
	}
	b.Logf("built %d ops in %v", n, time.Since(start).Round(time.Millisecond))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return dir, n
}

// BenchmarkCreate creates 10,000 records one by one through CreateRecord, each a synced
// transaction as a user's edit is; it reports the time per create.
func BenchmarkCreate(b *testing.B) {
	const creates = 10_000
	for b.Loop() {
		b.StopTimer()
		s := MustOpen(b)
		b.StartTimer()
		for i := range creates {
			if _, err := s.CreateRecord(ctx, ada, "context_issue", benchIssue(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*creates), "ns/create")
	b.ReportMetric(float64(b.N*creates)/b.Elapsed().Seconds(), "creates/s")
}

// BenchmarkListFilter10k lists 10,000 records through ListRecords with a warm cache.
func BenchmarkListFilter10k(b *testing.B) {
	s := MustOpenMem(b)
	fill(b, s, 10_000)
	queries := []struct {
		name string
		q    ims.ListQuery
		want int
	}{
		{"all", ims.ListQuery{Kind: "context_issue"}, 10_000},
		{"indexed-filter", ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "open"}}, 3334},
		{"filter+search", ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "open", "type": "external"}, Search: "Bias"}, 0},
		{"search", ims.ListQuery{Kind: "context_issue", Search: "łukasiewicz"}, 2000},
		{"filter+search+sort+page", ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"owner": "José Núñez"}, Search: "drift",
			Sort: "title", Desc: true, Limit: 50}, 0},
	}
	// Warm the cache and check each query means something.
	for _, qq := range queries {
		res, err := s.ListRecords(ctx, qq.q)
		if err != nil {
			b.Fatal(err)
		}
		if qq.want > 0 && res.Total != qq.want || res.Total == 0 {
			b.Fatalf("%s: %d records, want %d", qq.name, res.Total, qq.want)
		}
	}
	for _, qq := range queries {
		b.Run(qq.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ListRecords(ctx, qq.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen100kOps opens and closes a workspace holding 100,000 ops.
func BenchmarkOpen100kOps(b *testing.B) {
	dir, _ := workspace100k(b)
	for b.Loop() {
		s := MustOpenDir(b, dir, store.Options{})
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild100kOps rebuilds records and indexes from a log of 100,000 ops.
func BenchmarkRebuild100kOps(b *testing.B) {
	dir, ops := workspace100k(b)
	s := MustOpenDir(b, dir, store.Options{})
	for b.Loop() {
		n, err := s.Rebuild()
		if err != nil {
			b.Fatal(err)
		}
		if n != ops {
			b.Fatalf("rebuilt from %d ops, want %d", n, ops)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*ops), "ns/op-replayed")
}
