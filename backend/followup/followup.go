// Package followup declares what saving a record sets in motion (ims.FollowUp): an AI
// monitoring reading past its threshold (42001 9.1, A.6.2.6) and an internal audit finding
// graded a minor or major nonconformity (9.2, 10.2) each raise a nonconformity, linked
// from the record's nonconformity field, unless the record already links one. The store
// runs these rules inside the write that triggers them (main gives them to store.Open);
// nothing here reads or writes storage except through the ims.Finder it is handed.
package followup

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"keel/backend/catalog"
	"keel/backend/ims"
	"keel/backend/risk"
)

// Rules are the follow-ups a workspace's store runs.
func Rules() []ims.FollowUp {
	return []ims.FollowUp{
		{Kind: "monitoring_record", Link: "nonconformity", Raise: breach},
		{Kind: "finding", Link: "nonconformity", Raise: finding},
	}
}

// NCDueDays is how long a raised nonconformity has until it falls due: its due date is
// this many days after the reading's measurement, or after the day a finding is saved.
const NCDueDays = 30

// dueAfter is the due date (YYYY-MM-DD) NCDueDays after from (YYYY-MM-DD), or after today
// when from is not a date.
func dueAfter(from string) string {
	d, err := time.Parse(time.DateOnly, from)
	if err != nil {
		d = time.Now().UTC()
	}
	return d.AddDate(0, 0, NCDueDays).Format(time.DateOnly)
}

// statusKind is the record kind that holds implementation statuses.
const statusKind = "control_status"

// breach raises the nonconformity of a monitoring reading past its threshold, owned by the
// AI system's owner.
func breach(rec ims.Record, actor ims.Actor, look ims.Finder) (string, map[string]any, bool) {
	if !risk.BreachOf(rec) {
		return "", nil, false
	}
	system, owner := "", actor.Name
	if id, _ := rec.Fields["ai_system"].(string); id != "" {
		if s, ok := look.Get("ai_system", id); ok {
			system = s.Title
			if o, _ := s.Fields["owner"].(string); o != "" {
				owner = o
			}
		}
	}
	num := func(v any) string {
		f, _ := v.(float64)
		return ims.NumberText(f)
	}
	title := fmt.Sprintf("Monitoring threshold breached: %s", rec.Title)
	if system != "" {
		title += " (" + system + ")"
	}
	return "nonconformity", map[string]any{
		"title": ims.Clip(title, 200), "source": "monitoring", "lens": []string{"ai"}, "severity": "minor",
		"description": fmt.Sprintf("%s: %s against a threshold of %s (%s), measured on %v.",
			rec.Title, num(rec.Fields["value"]), num(rec.Fields["threshold"]), rec.Fields["direction"], rec.Fields["date"]),
		"requirement": "42001 9.1 / A.6.2.6", "owner": owner, "status": "open",
		"due_date": dueAfter(fmt.Sprint(rec.Fields["date"])),
	}, true
}

// grade is the nonconformity grade ("minor", "major") of a finding graded a
// nonconformity, or "" for a conformity or an observation.
func grade(rec ims.Record) string {
	switch t, _ := rec.Fields["type"].(string); t {
	case "minor nonconformity":
		return "minor"
	case "major nonconformity":
		return "major"
	}
	return ""
}

// finding raises the nonconformity of an audit finding graded one: source internal audit,
// graded as the finding, against the finding's clause or control.
//
// The owner is whoever must act on it. Findings and audits name no auditee, and the lead
// auditor is the wrong owner by default: auditors do not correct what they audit (9.2.2 c).
// So the owner is the owner recorded for the finding's clause or control in the
// implementation statuses (the person answerable for that requirement); failing that the
// audit's lead auditor, who reported it and must hand it on (9.2.2 d); failing that
// whoever saved the finding. The owner field stays editable.
func finding(rec ims.Record, actor ims.Actor, look ims.Finder) (string, map[string]any, bool) {
	if grade(rec) == "" {
		return "", nil, false
	}
	str := func(r ims.Record, name string) string {
		s, _ := r.Fields[name].(string)
		return strings.TrimSpace(s)
	}
	ref := str(rec, "ref")
	owner, auditTitle := "", ""
	var standards []string
	if id := str(rec, "audit"); id != "" {
		if au, ok := look.Get("audit", id); ok {
			auditTitle, owner = au.Title, str(au, "lead_auditor")
			standards, _ = au.Fields["standards"].([]string)
		}
	}
	if ref != "" {
		for _, s := range look.Find(statusKind, "item", ref) {
			if o := str(s, "owner"); o != "" {
				owner = o
				break
			}
		}
	}
	if owner == "" {
		owner = actor.Name
	}
	desc := fmt.Sprintf("Raised from the %s found by internal audit %q (finding %q).", rec.Fields["type"], auditTitle, rec.Title)
	if auditTitle == "" {
		desc = fmt.Sprintf("Raised from the %s of audit finding %q.", rec.Fields["type"], rec.Title)
	}
	if d := str(rec, "description"); d != "" {
		desc += "\n\n" + d
	}
	if e := str(rec, "evidence"); e != "" {
		desc += "\n\nEvidence seen: " + e
	}
	nc := map[string]any{
		"title": ims.Clip(rec.Title, 200), "source": "internal audit", "severity": grade(rec),
		"description": ims.Clip(desc, 10000), "owner": owner, "status": "open",
		"due_date": dueAfter(""),
	}
	if ref != "" {
		nc["requirement"] = ims.Clip(catalog.ShortRef(ref), 200)
	}
	if lens := findingLens(ref, standards); len(lens) > 0 {
		nc["lens"] = lens
	}
	return "nonconformity", nc, true
}

// findingLens is the lens of the standard a finding's reference belongs to, else the
// lenses of the standards its audit covers.
func findingLens(ref string, standards []string) []string {
	lensOf := func(s string) string {
		switch {
		case strings.Contains(s, "42001"):
			return "ai"
		case strings.Contains(s, "27001"):
			return "security"
		case strings.Contains(s, "27701"), s == catalog.UKDP:
			return "privacy"
		}
		return ""
	}
	if cat, _, ok := catalog.SplitRef(ref); ok {
		if l := lensOf(cat); l != "" {
			return []string{l}
		}
	}
	var out []string
	for _, s := range standards {
		if l := lensOf(s); l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}
