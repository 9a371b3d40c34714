// Package overview is the consultant's view across workspaces: one row of figures per
// workspace (coverage, the four readiness proofs, what is overdue or open, the next review
// and audit, the last change, sync), worked out from records already read. Pure: the app
// reads each workspace and hands the records here.
package overview

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"keel/backend/gap"
	"keel/backend/ims"
)

// Kinds are the registers the figures read besides those the gap analysis reads.
var Kinds = []string{"incident", "nonconformity", "audit", "management_review"}

// ProofFigure is one readiness proof in short: its number, title, percent met and verdict.
type ProofFigure struct {
	Number   int     `json:"number"`
	Title    string  `json:"title"`
	Percent  float64 `json:"percent"`
	Complete bool    `json:"complete"`
}

// LastChange is who changed the workspace last, and when (RFC 3339).
type LastChange struct {
	Who string `json:"who"`
	At  string `json:"at"`
}

// Figures are one workspace's figures.
type Figures struct {
	Coverage      float64       `json:"coverage"` // 42001, percent of the applicable items covered
	Readiness     []ProofFigure `json:"readiness"`
	Overdue       int           `json:"overdue"`
	OpenNCs       int           `json:"openNonconformities"`
	OpenIncidents int           `json:"openIncidents"`
	NextReview    string        `json:"nextReview"` // YYYY-MM-DD, "" when none is planned
	NextAudit     string        `json:"nextAudit"`
	LastChange    *LastChange   `json:"lastChange,omitempty"`
	SyncFolder    string        `json:"syncFolder"`
	LastSync      string        `json:"lastSync"` // "" before the first round
}

// State of a row: read, open in another Keel, or not readable.
const (
	StateOK    = "ok"
	StateBusy  = "busy"
	StateError = "error"
)

// WorkspaceRow is one workspace on the overview.
type WorkspaceRow struct {
	ims.WorkspaceInfo
	Organisation string   `json:"organisationName"` // the legal name, else the workspace's name
	State        string   `json:"state"`
	Message      string   `json:"message,omitempty"` // why the figures are missing
	Figures      *Figures `json:"figures,omitempty"`
}

// Compute works out the figures from the gap analysis, the readiness proofs, the live
// records by kind (at least Kinds and every kind with a Due field) and the newest change.
func Compute(an gap.Analysis, proofs []gap.ReadinessProof, records map[string][]ims.Record, last *ims.Change, today time.Time) Figures {
	f := Figures{Readiness: []ProofFigure{}}
	for _, t := range an.Coverage.Totals {
		if t.Group == "all" {
			f.Coverage = t.Percent
		}
	}
	for _, p := range proofs {
		f.Readiness = append(f.Readiness, ProofFigure{Number: p.Number, Title: p.Title, Percent: p.Percent, Complete: p.Complete})
	}
	for _, k := range ims.Kinds() {
		for _, r := range records[k.Name] {
			for _, it := range ims.DueItems(&k, r, today) {
				if it.State == ims.Overdue {
					f.Overdue++
				}
			}
		}
	}
	f.OpenNCs = countOpen(records["nonconformity"])
	f.OpenIncidents = countOpen(records["incident"])
	day := today.Format(time.DateOnly)
	f.NextReview = next(records["management_review"], "meeting_date", day, "held", "minutes approved")
	f.NextAudit = next(records["audit"], "planned_start", day, "reported", "closed")
	if last != nil {
		f.LastChange = &LastChange{Who: last.Actor.Name, At: last.At}
	}
	return f
}

func text(r ims.Record, field string) string { s, _ := r.Fields[field].(string); return s }

// countOpen counts the live records not yet closed.
func countOpen(recs []ims.Record) int {
	n := 0
	for _, r := range recs {
		if !r.Deleted && text(r, "status") != "closed" {
			n++
		}
	}
	return n
}

// next is the earliest date in field, today or later, of the live records whose status is
// none of done.
func next(recs []ims.Record, field, today string, done ...string) string {
	out := ""
	for _, r := range recs {
		d := text(r, field)
		if r.Deleted || slices.Contains(done, text(r, "status")) || len(d) < 10 || d[:10] < today {
			continue
		}
		if out == "" || d[:10] < out {
			out = d[:10]
		}
	}
	return out
}

// Filter keeps the rows whose workspace name or organisation contains q (any case).
func Filter(rows []WorkspaceRow, q string) []WorkspaceRow {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return rows
	}
	return slices.DeleteFunc(slices.Clone(rows), func(r WorkspaceRow) bool {
		return !strings.Contains(strings.ToLower(r.Name+" "+r.Organisation), q)
	})
}

// SortKeys are the keys Sort takes.
var SortKeys = []string{"name", "coverage", "overdue", "nonconformities", "incidents", "review", "audit", "changed"}

// Sort orders rows by key (one of SortKeys; unknown keys sort by name), name breaking ties;
// rows without figures last.
func Sort(rows []WorkspaceRow, key string, desc bool) {
	val := func(r WorkspaceRow) (float64, string) {
		f := r.Figures
		switch key {
		case "coverage":
			return f.Coverage, ""
		case "overdue":
			return float64(f.Overdue), ""
		case "nonconformities":
			return float64(f.OpenNCs), ""
		case "incidents":
			return float64(f.OpenIncidents), ""
		case "review":
			return 0, f.NextReview
		case "audit":
			return 0, f.NextAudit
		case "changed":
			if f.LastChange != nil {
				return 0, f.LastChange.At
			}
		}
		return 0, ""
	}
	slices.SortStableFunc(rows, func(a, b WorkspaceRow) int {
		byName := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		if key == "name" || key == "" || !slices.Contains(SortKeys, key) {
			if desc {
				return -byName
			}
			return byName
		}
		if (a.Figures == nil) != (b.Figures == nil) {
			if a.Figures == nil {
				return 1
			}
			return -1
		}
		if a.Figures == nil {
			return byName
		}
		an, as := val(a)
		bn, bs := val(b)
		c := cmp.Or(cmp.Compare(an, bn), cmp.Compare(as, bs))
		if desc {
			c = -c
		}
		return cmp.Or(c, byName)
	})
}
