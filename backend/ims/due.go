package ims

import (
	"slices"
	"time"
)

// DueState says where a due date stands against today.
type DueState string

const (
	DueThisMonth DueState = "due"     // falls later this calendar month (today included)
	Overdue      DueState = "overdue" // passed, and the record is not finished
)

// DueItem is one due-date field of a record that needs attention.
type DueItem struct {
	Kind     string   `json:"kind"`
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Field    string   `json:"field"`
	Label    string   `json:"label"`
	Date     string   `json:"date"` // YYYY-MM-DD
	State    DueState `json:"state"`
	DaysLeft int      `json:"daysLeft"` // negative when overdue
	Owner    string   `json:"owner"`    // who acts on it (OwnerOf); "" when the record names no one
}

// ownerFields are the person fields that say who acts on a record, in the order they are
// looked for: a register's owner, an incident's handler, an audit's lead auditor, a
// review's chair, a role's holder.
var ownerFields = []string{"owner", "handler", "lead_auditor", "chair", "person", "who"}

// OwnerOf returns the person who acts on a record, or "" when it names no one.
func OwnerOf(r Record) string {
	for _, f := range ownerFields {
		if s, _ := r.Fields[f].(string); s != "" {
			return s
		}
	}
	return ""
}

// openIncidentEnds are the incident statuses after which an incident is no longer open.
var openIncidentEnds = []string{"resolved", "closed"}

// IncidentOpen reports whether an incident is still open: live, and neither resolved nor
// closed.
func IncidentOpen(r Record) bool {
	s, _ := r.Fields["status"].(string)
	return !r.Deleted && !slices.Contains(openIncidentEnds, s)
}

// finishedStatuses are status values after which a record's dates no longer fall due.
var finishedStatuses = []string{"done", "closed", "completed", "cancelled", "achieved", "missed",
	"retired", "obsolete", "resolved", "rejected", "declined", "waived", "superseded",
	"held", "minutes approved", "reported"}

// Finished reports whether a record's status says the work is over.
func Finished(r Record) bool {
	s, _ := r.Fields["status"].(string)
	return slices.Contains(finishedStatuses, s)
}

// DueItems returns the record's Due fields that are overdue or due this month relative to
// today (a calendar date; its clock and zone are ignored). Deleted and finished records
// have none. Dates later than this month are not due yet.
func DueItems(k *Kind, r Record, today time.Time) []DueItem {
	if r.Deleted || Finished(r) {
		return nil
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	var out []DueItem
	for _, f := range k.Fields {
		if !f.Due {
			continue
		}
		s, _ := r.Fields[f.Name].(string)
		d, ok := dueDate(f.Type, s)
		if !ok {
			continue
		}
		days := int(d.Sub(day).Hours() / 24)
		item := DueItem{Kind: k.Name, ID: r.ID, Title: r.Title, Field: f.Name, Label: f.Label,
			Date: d.Format(time.DateOnly), DaysLeft: days, Owner: OwnerOf(r)}
		switch {
		case days < 0:
			item.State = Overdue
		case d.Year() == day.Year() && d.Month() == day.Month():
			item.State = DueThisMonth
		default:
			continue
		}
		out = append(out, item)
	}
	return out
}

// dueDate reads a date or datetime value as a calendar date in UTC.
func dueDate(t FieldType, s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t == TypeDateTime {
		x, err := ParseDateTime(s)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), true
	}
	x, err := time.Parse(time.DateOnly, s)
	return x, err == nil
}

// BreachWindow is how long a controller has to tell the ICO of a reportable personal-data
// breach once it became aware of it (UK GDPR Art. 33).
const BreachWindow = 72 * time.Hour

// BreachClock is the state of the 72-hour clock of a personal-data breach.
type BreachClock struct {
	AwareAt   string  `json:"awareAt"`   // RFC 3339
	Deadline  string  `json:"deadline"`  // RFC 3339: AwareAt + 72 h
	HoursLeft float64 `json:"hoursLeft"` // negative once the deadline has passed
	Overdue   bool    `json:"overdue"`   // passed and not reported
	Stopped   bool    `json:"stopped"`   // reported to the ICO, or assessed as not reportable
}

// BreachClockOf returns the clock of an incident that is a personal-data breach with a
// "became aware" time; ok is false for anything else.
func BreachClockOf(r Record, now time.Time) (BreachClock, bool) {
	if t, _ := r.Fields["type"].(string); t != "personal-data breach" || r.Deleted {
		return BreachClock{}, false
	}
	s, _ := r.Fields["became_aware_at"].(string)
	if s == "" {
		return BreachClock{}, false
	}
	aware, err := ParseDateTime(s)
	if err != nil {
		return BreachClock{}, false
	}
	deadline := aware.Add(BreachWindow)
	left := deadline.Sub(now).Hours()
	reported, _ := r.Fields["ico_reported_at"].(string)
	notReportable := r.Fields["ico_reportable"] == "no"
	c := BreachClock{AwareAt: aware.UTC().Format(time.RFC3339), Deadline: deadline.UTC().Format(time.RFC3339),
		HoursLeft: float64(int(left*10)) / 10, Stopped: reported != "" || notReportable}
	c.Overdue = left < 0 && !c.Stopped
	return c, true
}
