package reports

import "testing"

// benchPack renders one pack b.N times and reports pages and the size of the file besides
// time and allocations. For the peak memory of the process, run the test binary under
// /usr/bin/time -f %M (docs/packs.md).
func benchPack(b *testing.B, k Kind, snap Snapshot, o Options, extra ...float64) {
	var pages, size int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := renderKind(k, snap, o)
		if err != nil {
			b.Fatal(err)
		}
		pages, size = p.Pages, len(p.Bytes)
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(size)/1024, "KiB-pdf")
	if len(extra) > 0 {
		b.ReportMetric(extra[0], "evidence-rows")
	}
}

// BenchmarkGapPack is the gap pack of the test workspace (70 items).
func BenchmarkGapPack(b *testing.B) { benchPack(b, KindGap, testSnapshot(b, 0), testOptions()) }

// BenchmarkSoAPack is the Statement of Applicability of the test workspace (209 controls).
func BenchmarkSoAPack(b *testing.B) { benchPack(b, KindSoA, testSnapshot(b, 0), testOptions()) }

// BenchmarkSoAPackLarge adds 13 synthetic evidence references to every assessed control:
// 209 SoA rows and an evidence appendix of over 2,000 rows.
func BenchmarkSoAPackLarge(b *testing.B) {
	snap := testSnapshot(b, 13)
	stds, _ := soaStandards(snap)
	refs := 0
	for _, st := range stds {
		for _, g := range st.groups {
			for _, r := range g.rows {
				refs += len(r.evidence)
			}
		}
	}
	benchPack(b, KindSoA, snap, testOptions(), float64(refs))
}
