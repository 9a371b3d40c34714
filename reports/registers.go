package reports

import "keel/backend/ims"

// What the register packs (risk_pack.go, ai_pack.go, audit_pack.go) share: they read the
// snapshot through the management review's view of it (review.View: live records by kind,
// in a fixed order; newReview in review_pack.go), and the review pack draws with their
// colours.

// registerKinds are the record kinds the register packs read from the snapshot.
var registerKinds = []string{"risk_method", "risk", "action", "ai_system", "impact_assessment", "monitoring_record", "ai_principle", "principle_review",
	"processing_activity", "audit", "finding", "nonconformity"}

// registerPack lays out a pack of the registers (risk, AI inventory, audit): they read the
// records through the management review's view (newReview), which titles the linked
// records of any of them.
func registerPack(body func(d *doc, v *review) error) func(Snapshot, Options, meta) (PDF, error) {
	return func(s Snapshot, o Options, m meta) (PDF, error) {
		v := newReview(s, o)
		return render(s, o, m, func(d *doc) error { return body(d, v) })
	}
}

// live is the live records of a kind, by title then ID.
func (v *review) live(kind string) []ims.Record { return v.recs[kind] }

// levelColors colours a method's levels from a light tint to the accent, the highest red.
func levelColors(n int) []rgb {
	out := make([]rgb, n)
	for i := range out {
		out[i] = tint(0.2 + 0.8*float64(i)/float64(max(1, n-1)))
	}
	if n > 0 {
		out[n-1] = rgb{176, 58, 46}
	}
	return out
}

// findingSegments colour the finding types, in the order of ims.FindingTypes.
var findingSegments = []segment{{"Conformity", accent}, {"Observation", tint(0.4)}, {"Minor NC", rgb{222, 150, 60}}, {"Major NC", rgb{176, 58, 46}}}
