// Package review gathers the inputs of a management review (clause 9.3.2) once for the
// AIMS, ISMS and PIMS: what top management considers, from the live records of the period.
// It is pure: records and history come in, a Summary goes out; it never reads the clock or
// the store. The review screen shows the Summary (app.ReviewInputs) and the
// management-review pack prints it (reports).
package review

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
	"keel/backend/risk"
)

// Kinds are the record kinds a management review reads.
var Kinds = []string{"management_review", "action", "context_issue", "interested_party", "nonconformity",
	"objective", "measurement", "audit", "finding", "risk_method", "risk", "ai_system", "incident",
	"monitoring_record", "dpia", "supplier", "improvement", "ai_principle"}

// Input is what a management review is gathered from.
type Input struct {
	Organisation string // the workspace's name
	// Records are the records by kind (at least Kinds); deleted ones are left out.
	Records map[string][]ims.Record
	// History is the history of records by record ID; the review reads the AI systems'
	// stage changes from it. Records without an entry show no changes.
	History map[string][]ims.HistoryEntry
	// From and To (YYYY-MM-DD) are the period; either may be empty for an open end.
	From, To string
	// AsOf (YYYY-MM-DD) is the date things are judged overdue on, chosen by the caller (a
	// pack: the period's end, else the day it is made; the screen: never later than today).
	AsOf string
	// Review is the ID of the management_review record reported on; empty picks the latest
	// meeting dated within the period (none when there is no such record).
	Review string
}

// View is the live records of an Input by kind, in a fixed order (by title, then ID), with
// the review reported on picked. The summary is gathered from it; the register packs read
// their records through it too.
type View struct {
	Organisation string
	Recs         map[string][]ims.Record // live records by kind
	ByID         map[string]ims.Record
	Current      *ims.Record // the review reported on, if any
	From, To     string      // the period, "" for open ends
	AsOf         string      // the date things are judged overdue on
	history      map[string][]ims.HistoryEntry
	sum          *Summary // gathered on first use
}

// NewView sorts the live records of in and picks the review reported on.
func NewView(in Input) *View {
	v := &View{Organisation: in.Organisation, Recs: map[string][]ims.Record{}, ByID: map[string]ims.Record{},
		From: in.From, To: in.To, AsOf: in.AsOf, history: in.History}
	for k, rs := range in.Records {
		var live []ims.Record
		for _, r := range rs {
			if !r.Deleted {
				live = append(live, r)
			}
		}
		// The order records arrive in must not matter: by title, then ID.
		slices.SortFunc(live, func(a, b ims.Record) int {
			return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
		})
		v.Recs[k] = live
		for _, r := range live {
			v.ByID[r.ID] = r
		}
	}
	if in.Review != "" {
		if r, ok := v.ByID[in.Review]; ok && r.Kind == "management_review" {
			v.Current = &r
		}
	} else {
		for _, r := range v.Recs["management_review"] {
			d := Text(r, "meeting_date")
			if d == "" || !v.InPeriod(d) {
				continue
			}
			if v.Current == nil || d > Text(*v.Current, "meeting_date") {
				r := r
				v.Current = &r
			}
		}
	}
	return v
}

// Method is the workspace's risk method.
func (v *View) Method() risk.Method { return risk.MethodOf(v.Recs["risk_method"]) }

// InPeriod reports whether a date (or time) falls within the period; open ends match all.
func (v *View) InPeriod(s string) bool {
	d := Day(s)
	if d == "" {
		return false
	}
	return (v.From == "" || d >= v.From) && (v.To == "" || d <= v.To)
}

// ChangedInPeriod reports whether a record was created or last changed within the period.
func (v *View) ChangedInPeriod(r ims.Record) bool {
	return v.InPeriod(r.UpdatedAt) || v.InPeriod(r.CreatedAt)
}

// Title is the title of the live record id, or id itself when there is none.
func (v *View) Title(id string) string {
	if r, ok := v.ByID[id]; ok {
		return r.Title
	}
	return id
}

// Overdue reports whether a record's due date (dueField) is before AsOf while its status is
// none of done.
func (v *View) Overdue(r ims.Record, dueField string, done ...string) bool {
	d := Text(r, dueField)
	return d != "" && d < v.AsOf && !slices.Contains(done, Text(r, "status"))
}

// Day is the date part of a date or an RFC 3339 time.
func Day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// ShortDate prints a date (or the date of a time) as "2 Jan 2006"; anything else as given.
func ShortDate(s string) string {
	t, err := time.Parse("2006-01-02", Day(s))
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

// Text, Number and List read a record's field as the review (and the packs) read it: text
// trimmed, a number, a list; the zero value when the field is empty or of another type.
func Text(r ims.Record, name string) string {
	s, _ := r.Fields[name].(string)
	return strings.TrimSpace(s)
}

func Number(r ims.Record, name string) (float64, bool) {
	f, ok := r.Fields[name].(float64)
	return f, ok
}

func List(r ims.Record, name string) []string {
	l, _ := r.Fields[name].([]string)
	return l
}
