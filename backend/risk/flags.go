package risk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"keel/backend/ims"
)

// The flags an auditor raises on a risk in the register.
const (
	FlagReviewOverdue = "review overdue"                           // its next review date has passed
	FlagUnaccepted    = "over appetite, not accepted or escalated" // above appetite, nobody accepted it, no open action treats it
)

// Flags are the register's flags on one risk as of a date (YYYY-MM-DD): its review date
// past due (a closed risk is never due), and a score over appetite that nobody accepted
// (accepted_by) and that is not escalated into an open action linked to it. actions are
// the risk's linked action records.
func (m Method) Flags(r ims.Record, actions []ims.Record, asOf string) []string {
	var out []string
	status, _ := r.Fields["status"].(string)
	if due, _ := r.Fields["review_date"].(string); due != "" && asOf != "" && due < asOf && status != "closed" {
		out = append(out, FlagReviewOverdue)
	}
	a := FromRecord(r)
	accepted, _ := r.Fields["accepted_by"].(string)
	if a.Inherent() > 0 && m.OverAppetite(a) && strings.TrimSpace(accepted) == "" &&
		!slices.ContainsFunc(actions, func(x ims.Record) bool { return !x.Deleted && !ims.Finished(x) }) {
		out = append(out, FlagUnaccepted)
	}
	return out
}

// Numbers gives each risk a register number, R-001 upwards, in the order the risks were
// created (then by ID): the same risk keeps its number as long as no older one is deleted.
func Numbers(rs []ims.Record) map[string]string {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b ims.Record) int {
		return cmp.Or(strings.Compare(a.CreatedAt, b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	out := make(map[string]string, len(rs))
	for i, r := range rs {
		out[r.ID] = fmt.Sprintf("R-%03d", i+1)
	}
	return out
}

// ScoreText is a score as the method reads it: "4 Likely × 5 Severe = 20, High" (the
// label's first words only, up to a dash or comma).
func (m Method) ScoreText(likelihood, impact int) string {
	if likelihood <= 0 || impact <= 0 {
		return ""
	}
	s := Score(likelihood, impact)
	return fmt.Sprintf("%s × %s = %d, %s", scaleWord(likelihood, m.LikelihoodLabels), scaleWord(impact, m.ImpactLabels), s, m.Level(s).Name)
}

// scaleWord is "4 Likely" for level 4 of a scale: its label cut at a dash or comma.
func scaleWord(n int, labels []string) string {
	num := fmt.Sprint(n)
	if n-1 >= len(labels) {
		return num
	}
	l := strings.TrimSpace(labels[n-1])
	if i := strings.IndexAny(l, "–—-,(:"); i > 0 {
		l = strings.TrimSpace(l[:i])
	}
	l = strings.TrimSpace(strings.TrimPrefix(l, num))
	if l == "" {
		return num
	}
	return num + " " + l
}
