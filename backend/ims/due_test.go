package ims_test

import (
	"strings"
	"testing"
	"time"

	"keel/backend/ims"
)

func mustKind(t *testing.T, name string) *ims.Kind {
	t.Helper()
	k, err := ims.KindByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestDueItems(t *testing.T) {
	today := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	action := mustKind(t, "action")
	tests := []struct {
		name   string
		fields map[string]any
		del    bool
		want   ims.DueState // "" = no item
		days   int
	}{
		{"overdue yesterday", map[string]any{"due_date": "2026-11-26", "status": "open"}, false, ims.Overdue, -1},
		{"overdue last year", map[string]any{"due_date": "2025-12-31", "status": "in progress"}, false, ims.Overdue, -331},
		{"due today counts as this month", map[string]any{"due_date": "2026-11-27", "status": "open"}, false, ims.DueThisMonth, 0},
		{"due at month end", map[string]any{"due_date": "2026-11-30"}, false, ims.DueThisMonth, 3},
		{"next month is not due yet", map[string]any{"due_date": "2026-12-01", "status": "open"}, false, "", 0},
		{"done is never overdue", map[string]any{"due_date": "2026-01-01", "status": "done"}, false, "", 0},
		{"cancelled is never overdue", map[string]any{"due_date": "2026-01-01", "status": "cancelled"}, false, "", 0},
		{"deleted is never overdue", map[string]any{"due_date": "2026-01-01", "status": "open"}, true, "", 0},
		{"no date", map[string]any{"status": "open"}, false, "", 0},
		{"completed_on is not a due field", map[string]any{"completed_on": "2026-01-01", "status": "open"}, false, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ims.Record{ID: "a1", Kind: "action", Title: "Patch", Fields: tc.fields, Deleted: tc.del}
			got := ims.DueItems(action, r, today)
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("DueItems = %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].State != tc.want || got[0].DaysLeft != tc.days || got[0].Field != "due_date" || got[0].Title != "Patch" {
				t.Fatalf("DueItems = %+v, want one %s with %d days", got, tc.want, tc.days)
			}
		})
	}
	t.Run("several due fields on one record", func(t *testing.T) {
		nc := mustKind(t, "nonconformity")
		r := ims.Record{ID: "n1", Fields: map[string]any{"status": "awaiting check", "due_date": "2026-10-01", "effectiveness_date": "2026-11-29"}}
		got := ims.DueItems(nc, r, today)
		if len(got) != 2 || got[0].State != ims.Overdue || got[1].State != ims.DueThisMonth {
			t.Fatalf("DueItems = %+v", got)
		}
	})
}

func TestEveryNewKindDeclaresADueField(t *testing.T) {
	for _, name := range []string{"policy", "role", "objective", "change", "resource", "training", "awareness",
		"communication", "document", "supplier", "nonconformity", "improvement", "action"} {
		k := mustKind(t, name)
		n := 0
		for _, f := range k.Fields {
			if f.Due {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s has no due-date field", name)
		}
	}
}

func TestBreachClock(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	breach := func(f map[string]any) ims.Record {
		f["type"] = "personal-data breach"
		return ims.Record{Fields: f}
	}
	tests := []struct {
		name      string
		rec       ims.Record
		ok        bool
		hoursLeft float64
		overdue   bool
		stopped   bool
	}{
		{"became aware 4 hours ago", breach(map[string]any{"became_aware_at": "2026-11-27T08:00:00Z"}), true, 68, false, false},
		{"zone offsets are honoured", breach(map[string]any{"became_aware_at": "2026-11-27T09:00:00+01:00"}), true, 68, false, false},
		{"exactly at the deadline", breach(map[string]any{"became_aware_at": "2026-11-24T12:00:00Z"}), true, 0, false, false},
		{"past the deadline and not reported", breach(map[string]any{"became_aware_at": "2026-11-23T12:00:00Z"}), true, -24, true, false},
		{"reported stops the clock", breach(map[string]any{"became_aware_at": "2026-11-23T12:00:00Z", "ico_reported_at": "2026-11-25T10:00:00Z"}), true, -24, false, true},
		{"assessed not reportable stops the clock", breach(map[string]any{"became_aware_at": "2026-11-23T12:00:00Z", "ico_reportable": "no"}), true, -24, false, true},
		{"no became-aware time", breach(map[string]any{}), false, 0, false, false},
		{"a security incident has no clock", ims.Record{Fields: map[string]any{"type": "security incident", "became_aware_at": "2026-11-27T08:00:00Z"}}, false, 0, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := ims.BreachClockOf(tc.rec, now)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if c.HoursLeft != tc.hoursLeft || c.Overdue != tc.overdue || c.Stopped != tc.stopped {
				t.Errorf("clock = %+v, want %v hours left, overdue %v, stopped %v", c, tc.hoursLeft, tc.overdue, tc.stopped)
			}
			if !strings.HasSuffix(c.Deadline, "Z") {
				t.Errorf("deadline %q not in UTC", c.Deadline)
			}
		})
	}
}

func TestDateTimeAndAttachmentFields(t *testing.T) {
	dt := &ims.Field{Name: "became_aware_at", Label: "Became aware", Type: ims.TypeDateTime}
	local := time.Date(2026, 3, 31, 14, 5, 0, 0, time.Local).UTC().Format(time.RFC3339)
	hash := strings.Repeat("ab", 32)
	att := &ims.Field{Name: "attachments", Label: "Evidence files", Type: ims.TypeAttachments}
	tests := []struct {
		name    string
		f       *ims.Field
		in      any
		want    any
		wantErr string
	}{
		{"RFC 3339 in UTC", dt, "2026-03-31T14:05:00Z", "2026-03-31T14:05:00Z", ""},
		{"offset becomes UTC", dt, "2026-03-31T14:05:00+01:00", "2026-03-31T13:05:00Z", ""},
		{"datetime-local form is local time", dt, "2026-03-31T14:05", local, ""},
		{"space form", dt, "2026-03-31 14:05", local, ""},
		{"empty clears", dt, "  ", nil, ""},
		{"a date alone is not enough", dt, "2026-03-31", nil, "not a date and time"},
		{"nonsense", dt, "31/03/2026 2pm", nil, "not a date and time"},
		{"not text", dt, 12, nil, "must be a date and time"},
		{"one attachment", att, []any{hash + "/policy.pdf"}, []string{hash + "/policy.pdf"}, ""},
		{"comma-separated text, deduplicated", att, hash + "/a.pdf," + hash + "/a.pdf", []string{hash + "/a.pdf"}, ""},
		{"short hash", att, []string{"abc/a.pdf"}, nil, "not an attachment reference"},
		{"uppercase hash", att, []string{strings.ToUpper(hash) + "/a.pdf"}, nil, "not an attachment reference"},
		{"path in the name", att, []string{hash + "/../a.pdf"}, nil, "not an attachment reference"},
		{"no name", att, []string{hash + "/"}, nil, "not an attachment reference"},
		{"empty list clears", att, []string{}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.Normalize(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Normalize(%v) error = %v, want %q", tc.in, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if gs, ws := fmtAny(got), fmtAny(tc.want); gs != ws {
				t.Errorf("Normalize(%v) = %s, want %s", tc.in, gs, ws)
			}
		})
	}
	t.Run("ParseText splits attachment lists", func(t *testing.T) {
		if l, ok := att.ParseText(hash + "/a.pdf," + hash + "/b.pdf").([]string); !ok || len(l) != 2 {
			t.Errorf("ParseText = %v", l)
		}
	})
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case nil:
		return "<nil>"
	case []string:
		return "[" + strings.Join(x, " ") + "]"
	case string:
		return x
	}
	return "?"
}

func TestNewKindsLinkToRegisteredKinds(t *testing.T) {
	for _, k := range ims.Kinds() {
		for _, f := range k.Fields {
			if f.LinkKind != "" {
				if _, err := ims.KindByName(f.LinkKind); err != nil {
					t.Errorf("%s.%s links to unknown kind %q", k.Name, f.Name, f.LinkKind)
				}
			}
			if f.ListColumn && (f.Type == ims.TypeLongText || f.Type == ims.TypeAttachments) {
				t.Errorf("%s.%s: a long field as a list column", k.Name, f.Name)
			}
		}
	}
}

// A held management review, and a reported audit, no longer fall due.
func TestHeldReviewIsNotOverdue(t *testing.T) {
	k, _ := ims.KindByName("management_review")
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	r := ims.Record{Kind: k.Name, Fields: map[string]any{"title": "Review 2025", "meeting_date": "2025-11-20", "status": "planned"}}
	if got := ims.DueItems(k, r, day); len(got) != 1 || got[0].State != ims.Overdue {
		t.Fatalf("a planned review whose date passed: %+v", got)
	}
	r.Fields["status"] = "held"
	if got := ims.DueItems(k, r, day); len(got) != 0 {
		t.Errorf("a held review still falls due: %+v", got)
	}
	a, _ := ims.KindByName("audit")
	audit := ims.Record{Kind: a.Name, Fields: map[string]any{"title": "H2", "planned_start": "2026-10-05", "planned_end": "2026-11-30", "status": "in progress"}}
	if got := ims.DueItems(a, audit, day); len(got) != 1 || got[0].State == ims.Overdue {
		t.Errorf("an audit in progress before its planned end: %+v", got)
	}
}

func TestDueOwnersAndOpenIncidents(t *testing.T) {
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	nc := mustKind(t, "nonconformity")
	got := ims.DueItems(nc, ims.Record{ID: "n1", Fields: map[string]any{"status": "open", "due_date": "2026-10-01", "owner": "Priya"}}, today)
	if len(got) != 1 || got[0].Owner != "Priya" {
		t.Fatalf("DueItems = %+v, want one owned by Priya", got)
	}
	audit := mustKind(t, "audit")
	got = ims.DueItems(audit, ims.Record{ID: "a1", Fields: map[string]any{"status": "in progress", "planned_end": "2026-10-01", "lead_auditor": "Ola"}}, today)
	if len(got) != 1 || got[0].Owner != "Ola" {
		t.Fatalf("DueItems = %+v, want one led by Ola", got)
	}
	for _, st := range []string{"held", "minutes approved"} {
		r := ims.Record{ID: "r1", Fields: map[string]any{"status": st, "meeting_date": "2026-01-10"}}
		if got := ims.DueItems(mustKind(t, "management_review"), r, today); len(got) != 0 {
			t.Errorf("a %s review is overdue: %+v", st, got)
		}
	}
	if got := ims.DueItems(audit, ims.Record{ID: "a2", Fields: map[string]any{"status": "reported", "planned_end": "2026-01-10"}}, today); len(got) != 0 {
		t.Errorf("a reported audit is overdue: %+v", got)
	}
	for st, open := range map[string]bool{"open": true, "contained": true, "resolved": false, "closed": false} {
		if got := ims.IncidentOpen(ims.Record{Fields: map[string]any{"status": st}}); got != open {
			t.Errorf("IncidentOpen(%s) = %v, want %v", st, got, open)
		}
	}
	if ims.IncidentOpen(ims.Record{Deleted: true, Fields: map[string]any{"status": "open"}}) {
		t.Error("a deleted incident is open")
	}
}
