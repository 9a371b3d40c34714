package reports

import (
	"slices"
	"testing"

	"keel/backend/ims"
	"keel/backend/review/reviewtest"
)

// reviewSize sets how big the generated management-review workspace is: the registers the
// review reads (reviewtest), and the Statement of Applicability's rows and evidence.
type reviewSize struct {
	reviewtest.Size
	soaRows, evidencePerControl int
}

// The test workspace: small enough to read, big enough that the long tables continue (a
// few more risks than reviewtest.Small, since a table keeps three rows with its header).
var smallReview = reviewSize{Size: func() reviewtest.Size { s := reviewtest.Small; s.Risks = 72; return s }()}

// The benchmark workspace of issue 6: 2,000 risks, 200 AI systems, 180 SoA rows, about
// 5,000 evidence references and three years of history.
var largeReview = reviewSize{Size: reviewtest.Large, soaRows: 180, evidencePerControl: 25}

// reviewSnapshot builds a workspace for the management-review pack: the SoA records of
// testSnapshot and every register the review reads, with their history (reviewtest.Build);
// and the test options choosing the review to report on.
func reviewSnapshot(tb testing.TB, size reviewSize) (Snapshot, Options) {
	tb.Helper()
	base := testSnapshot(tb, size.evidencePerControl)
	if size.soaRows > 0 && len(base.Records[StatusKind]) > size.soaRows {
		base.Records[StatusKind] = base.Records[StatusKind][:size.soaRows]
	}
	w := reviewtest.Build(size.Size)
	w.Records[StatusKind] = base.Records[StatusKind]
	base.Records = w.Records
	base.Gap = nil
	base.History = w.History
	o := testOptions()
	o.Review = w.Review
	return base, o
}

// recBuilder adds records numbered from n, as reviewtest numbers its own.
type recBuilder struct {
	n    int
	recs map[string][]ims.Record
}

func (b *recBuilder) add(kind, title, created string, fields map[string]any) ims.Record {
	b.n++
	r := reviewtest.NewRecord(b.n, kind, title, created, fields)
	b.recs[kind] = append(b.recs[kind], r)
	return r
}

var people = reviewtest.People

// reversed is the snapshot with every register's records in the opposite order.
func reversed(snap Snapshot) Snapshot {
	snap.Records = reviewtest.Reversed(snap.Records)
	if snap.History != nil {
		h := make(map[string][]ims.HistoryEntry, len(snap.History))
		for id, entries := range snap.History {
			h[id] = slices.Clone(entries)
			slices.Reverse(h[id])
		}
		snap.History = h
	}
	return snap
}
