package reports

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/gap"
	"keel/backend/ims"
)

var (
	stdOnce sync.Once
	stdData *catalog.Standards
	stdErr  error
)

func standards(tb testing.TB) *catalog.Standards {
	tb.Helper()
	stdOnce.Do(func() { stdData, stdErr = catalog.Load(assets.Standards) })
	if stdErr != nil {
		tb.Fatal(stdErr)
	}
	return stdData
}

// The names and symbols every pack must render: Polish, Scandinavian and German letters,
// an em dash, pounds, euros and ≥.
const (
	author   = "Zoë Łukasiewicz"
	approver = "Björn Åström"
)

func testOptions() Options {
	return Options{
		From: "2026-01-01", To: "2026-12-31", Version: "1.2", Classification: "Confidential",
		Author: author, Approver: approver,
		Generated: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
		Revisions: []Revision{
			{Version: "1.0", Date: "2026-03-02", Author: author, Approver: approver, Change: "First issue — for the stage 1 audit"},
			{Version: "1.2", Date: "2026-11-27", Author: author, Approver: approver, Change: "Annual refresh; budget ≥ £40,000 approved"},
		},
	}
}

func statusRecord(n int, ref, status, justification, evidence string) ims.Record {
	return ims.Record{
		ID: fmt.Sprintf("r%04d", n), Kind: StatusKind, Title: ref,
		Fields: map[string]any{"item": ref, "status": status, "justification": justification, "evidence": evidence},
		// Fixed times: the snapshot is data, never the clock.
		UpdatedAt: "2026-11-01T10:00:00Z", CreatedAt: "2026-10-01T10:00:00Z",
		UpdatedBy: ims.Actor{Name: author}, CreatedBy: ims.Actor{Name: approver},
	}
}

// testSnapshot is a workspace in mid-implementation: a spread of statuses across 27001,
// 42001 and 27701:2025, justifications and evidence with the names and symbols above.
// evidencePerControl adds synthetic evidence references for the large benchmark.
func testSnapshot(tb testing.TB, evidencePerControl int) Snapshot {
	tb.Helper()
	s := standards(tb)
	statuses := []string{"implemented", "implemented", "partial", "planned", "not started", "implemented", "not applicable"}
	var recs []ims.Record
	n := 0
	for _, cid := range []string{catalog.ISO27001, catalog.ISO42001, catalog.ISO27701v2025} {
		c, _ := s.Catalogue(cid)
		for i, it := range c.Items {
			if it.Kind != catalog.KindControl && !(it.Kind == catalog.KindClause && c.Leaf(it.ID)) {
				continue
			}
			if cid == catalog.ISO27701v2025 && i%3 != 0 {
				continue // a partial 27701 picture: many controls not yet assessed
			}
			n++
			st := statuses[n%len(statuses)]
			if st == "not applicable" && it.Kind == catalog.KindClause {
				st = "partial" // clauses 4–10 cannot be excluded
			}
			just := "Applies: the FCA expects it of a lender — owner " + author + "."
			ev := fmt.Sprintf("DOC-%03d Policy approved by %s\nREC-%03d Board minutes (budget £12,500; target ≥ 95%%)", n, approver, n)
			switch {
			case st == "not applicable":
				just = "Not applicable: no physical site under our control; cloud provider's ISO 27001 certificate covers it (€0 cost)."
				ev = ""
			case n%5 == 0:
				ev += fmt.Sprintf("\nTKT-%d Change ticket\nLOG-%d Access review export\nAUD-%d Internal audit note by Zoë Łukasiewicz", n, n, n)
			}
			for k := 0; k < evidencePerControl; k++ {
				ev += fmt.Sprintf("\nEV-%04d-%02d Synthetic evidence reference for load — Łódź office, ≥ %d items", n, k, k)
			}
			recs = append(recs, statusRecord(n, catalog.Ref(cid, it.ID), st, just, ev))
		}
	}
	statusMap := map[string]gap.Status{}
	for _, r := range recs {
		v, _ := gap.ParseStatus(r.Fields["status"].(string))
		statusMap[r.Fields["item"].(string)] = v
	}
	a, err := gap.Analyse(s, statusMap)
	if err != nil {
		tb.Fatal(err)
	}
	return Snapshot{
		Organisation: "Fenmore Crédit Ltd",
		Standards:    s,
		Records:      map[string][]ims.Record{StatusKind: recs},
		Gap:          &a,
	}
}
