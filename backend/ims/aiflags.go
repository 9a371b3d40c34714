package ims

import "slices"

// The flags the AI system inventory raises on a system.
const (
	FlagLiveWithoutAssessment = "deployed without an approved impact assessment"
	FlagNoOwner               = "no owner"
)

// AIFlags are what an auditor challenges first in the AI system inventory: a system in
// deployment or operation whose current impact assessment is missing, of another system or
// not approved (an override of the gate does not approve it), and a system without an owner.
// A retired system raises none.
func AIFlags(r Record, look Lookup) []string {
	if text(r, "stage") == "retired" {
		return nil
	}
	var out []string
	if slices.Contains(LiveStages, text(r, "stage")) &&
		slices.ContainsFunc(gateGaps(r, look), func(g GateGap) bool { return g.Field == "impact_assessment" }) {
		out = append(out, FlagLiveWithoutAssessment)
	}
	if text(r, "owner") == "" {
		out = append(out, FlagNoOwner)
	}
	return out
}
