package ims

import (
	"fmt"
	"slices"
	"strings"
)

// AuditFlag is what the internal audit report raises on an audit.
type AuditFlag struct {
	Kind string `json:"kind"` // "independence" or "closed with open nonconformities"
	Text string `json:"text"`
}

// The kinds of AuditFlag.
const (
	FlagIndependence  = "independence"
	FlagClosedOpenNCs = "closed with open nonconformities"
)

// Auditors are an audit's lead and other auditors, by name, as written.
func Auditors(audit Record) []string {
	out := []string{}
	if l := text(audit, "lead_auditor"); l != "" {
		out = append(out, l)
	}
	for _, a := range strings.FieldsFunc(text(audit, "auditors"), func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if a = strings.TrimSpace(a); a != "" && !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, a) }) {
			out = append(out, a)
		}
	}
	return out
}

// inArea says whether a catalogue reference is one of the audit's criteria or under one
// ("iso27001-2022:A.5.15" is under "iso27001-2022:A.5"; "9.2" under "9").
func inArea(ref string, criteria []string) bool {
	return slices.ContainsFunc(criteria, func(c string) bool { return ref == c || strings.HasPrefix(ref, c+".") })
}

// AuditFlags are the challenges to an audit an auditor of the auditors raises (9.2.2 c and
// 10.2): an auditor who owns records in the audited area (the implementation of a control in
// the criteria, or a risk treated by one), and an audit shown as closed while a
// nonconformity raised from its findings is still open. records holds the live records by
// kind (control_status, risk, finding, nonconformity).
func AuditFlags(audit Record, records map[string][]Record) []AuditFlag {
	var out []AuditFlag
	criteria := SplitRefs(text(audit, "criteria"))
	for _, who := range Auditors(audit) {
		var owns []string
		for _, kind := range []struct{ kind, refs string }{{"control_status", "item"}, {"risk", "controls"}} {
			for _, r := range records[kind.kind] {
				if r.Deleted || !strings.EqualFold(text(r, "owner"), who) {
					continue
				}
				if slices.ContainsFunc(SplitRefs(text(r, kind.refs)), func(ref string) bool { return inArea(ref, criteria) }) {
					owns = append(owns, r.Title)
				}
			}
		}
		if len(owns) > 0 {
			slices.Sort(owns)
			more := ""
			if len(owns) > 3 {
				more = fmt.Sprintf(" and %d more", len(owns)-3)
				owns = owns[:3]
			}
			out = append(out, AuditFlag{Kind: FlagIndependence,
				Text: fmt.Sprintf("%s audits an area they own records in: %s%s.", who, strings.Join(owns, "; "), more)})
		}
	}
	if text(audit, "status") == "closed" {
		var open []string
		byID := map[string]Record{}
		for _, nc := range records["nonconformity"] {
			byID[nc.ID] = nc
		}
		for _, f := range records["finding"] {
			if f.Deleted || text(f, "audit") != audit.ID {
				continue
			}
			if nc, ok := byID[text(f, "nonconformity")]; ok && !nc.Deleted && !Finished(nc) && !slices.Contains(open, nc.Title) {
				open = append(open, nc.Title)
			}
		}
		if len(open) > 0 {
			slices.Sort(open)
			out = append(out, AuditFlag{Kind: FlagClosedOpenNCs,
				Text: fmt.Sprintf("The audit is closed while %d of its nonconformities are open: %s.", len(open), strings.Join(open, "; "))})
		}
	}
	return out
}
