package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
	"keel/backend/risk"
)

// followUp runs what a saved record sets in motion: an AI monitoring reading past its
// threshold (42001 9.1, A.6.2.6) and an internal audit finding graded a minor or major
// nonconformity (9.2, 10.2) each raise a nonconformity, linked from the record's
// nonconformity field, unless the record already links one. The record itself is saved
// first, so a failure here never loses it; the error says what is left to do.
func (a *App) followUp(st WorkspaceStore, actor ims.Actor, rec ims.Record) (ims.Record, error) {
	if rec.Deleted {
		return rec, nil
	}
	if nc, _ := rec.Fields["nonconformity"].(string); nc != "" {
		return rec, nil
	}
	var what string
	var nc map[string]any
	switch {
	case rec.Kind == "monitoring_record" && risk.BreachOf(rec):
		what, nc = "reading", breachNonconformity(st, actor, rec)
	case rec.Kind == "finding" && findingGrade(rec) != "":
		what, nc = "finding", findingNonconformity(st, actor, rec)
	default:
		return rec, nil
	}
	created, err := st.CreateRecord(bg, actor, "nonconformity", nc)
	if err != nil {
		return rec, fmt.Errorf("the %s is saved, but raising its nonconformity failed: %w", what, err)
	}
	linked, err := st.UpdateRecord(bg, actor, rec.Kind, rec.ID, map[string]any{"nonconformity": created.ID})
	if err != nil {
		return rec, fmt.Errorf("the %s and nonconformity %q are saved, but linking them failed: %w", what, created.Title, err)
	}
	return linked, nil
}

// followUpKinds are the kinds followUp acts on; the rest are skipped without a read.
var followUpKinds = []string{"monitoring_record", "finding"}

// followUpImported runs followUp for each record an import created, after the import has
// committed them all: the records stay imported whatever happens here. It returns how
// many nonconformities were raised, and every failure joined.
func (a *App) followUpImported(st WorkspaceStore, actor ims.Actor, kind string, ids []string) (int, error) {
	if !slices.Contains(followUpKinds, kind) {
		return 0, nil
	}
	raised := 0
	var errs []error
	for _, id := range ids {
		rec, err := st.GetRecord(bg, kind, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		before, _ := rec.Fields["nonconformity"].(string)
		out, err := a.followUp(st, actor, rec)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", rec.Title, err))
		}
		if after, _ := out.Fields["nonconformity"].(string); after != before {
			raised++
		}
	}
	return raised, errors.Join(errs...)
}

// FollowUpImported is followUpImported for `keel import`, which imports through the store.
func FollowUpImported(s *Session, kind string, ids []string) (int, error) {
	a := s.App()
	st, actor, err := a.writer()
	if err != nil {
		return 0, err
	}
	return a.followUpImported(st, actor, kind, ids)
}

// breachNonconformity is the nonconformity a monitoring reading past its threshold raises,
// owned by the AI system's owner.
func breachNonconformity(st WorkspaceStore, actor ims.Actor, rec ims.Record) map[string]any {
	system, owner := "", actor.Name
	if id, _ := rec.Fields["ai_system"].(string); id != "" {
		if s, err := st.GetRecord(bg, "ai_system", id); err == nil {
			system = s.Title
			if o, _ := s.Fields["owner"].(string); o != "" {
				owner = o
			}
		}
	}
	num := func(v any) string {
		f, _ := v.(float64)
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	title := fmt.Sprintf("Monitoring threshold breached: %s", rec.Title)
	if system != "" {
		title += " (" + system + ")"
	}
	return map[string]any{
		"title": clip(title, 200), "source": "monitoring", "lens": []string{"ai"}, "severity": "minor",
		"description": fmt.Sprintf("%s: %s against a threshold of %s (%s), measured on %v.",
			rec.Title, num(rec.Fields["value"]), num(rec.Fields["threshold"]), rec.Fields["direction"], rec.Fields["date"]),
		"requirement": "42001 9.1 / A.6.2.6", "owner": owner, "status": "open",
	}
}

// findingGrade is the nonconformity grade ("minor", "major") of a finding graded a
// nonconformity, or "" for a conformity or an observation.
func findingGrade(rec ims.Record) string {
	switch t, _ := rec.Fields["type"].(string); t {
	case "minor nonconformity":
		return "minor"
	case "major nonconformity":
		return "major"
	}
	return ""
}

// findingNonconformity is the nonconformity an audit finding raises: source internal
// audit, graded as the finding, against the finding's clause or control.
//
// The owner is whoever must act on it. Findings and audits name no auditee, and the lead
// auditor is the wrong owner by default: auditors do not correct what they audit (9.2.2 c).
// So the owner is the owner recorded for the finding's clause or control in the
// implementation statuses (the person answerable for that requirement); failing that the
// audit's lead auditor, who reported it and must hand it on (9.2.2 d); failing that
// whoever saved the finding. The owner field stays editable.
func findingNonconformity(st WorkspaceStore, actor ims.Actor, rec ims.Record) map[string]any {
	str := func(r ims.Record, name string) string {
		s, _ := r.Fields[name].(string)
		return strings.TrimSpace(s)
	}
	ref := str(rec, "ref")
	owner, auditTitle := "", ""
	var standards []string
	if id := str(rec, "audit"); id != "" {
		if au, err := st.GetRecord(bg, "audit", id); err == nil {
			auditTitle, owner = au.Title, str(au, "lead_auditor")
			standards, _ = au.Fields["standards"].([]string)
		}
	}
	if ref != "" {
		if res, err := st.ListRecords(bg, ims.ListQuery{Kind: StatusKind, Filters: map[string]string{"item": ref}, Sort: "createdAt"}); err == nil {
			for _, s := range res.Records {
				if o := str(s, "owner"); o != "" {
					owner = o
					break
				}
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
		"title": clip(rec.Title, 200), "source": "internal audit", "severity": findingGrade(rec),
		"description": clip(desc, 10000), "owner": owner, "status": "open",
	}
	if ref != "" {
		nc["requirement"] = clip(catalog.ShortRef(ref), 200)
	}
	if lens := findingLens(ref, standards); len(lens) > 0 {
		nc["lens"] = lens
	}
	return nc
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

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
