package reports

import "keel/backend/ims"

// What the register packs (risk_pack.go, ai_pack.go, audit_pack.go) share: they read the
// snapshot through the management review's view of it (review.View: live records by kind,
// in a fixed order; newReview in review_pack.go), and the review pack draws with their
// colours.

// registerKinds are the record kinds the register packs read from the snapshot.
var registerKinds = []string{"risk_method", "risk", "action", "ai_system", "impact_assessment", "monitoring_record", "ai_principle", "principle_review",
	"processing_activity", "audit", "finding", "nonconformity", "supplier"}

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

// levelRamp is ColorBrewer's YlOrRd, a sequential scale that stays readable with every
// common colour-vision deficiency and in greyscale: each level is lighter or darker than
// the next, not only another hue.
var levelRamp = []rgb{{255, 255, 178}, {254, 217, 118}, {254, 178, 76}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}

// levelColors are n distinct colours for the risk levels, lowest first, picked evenly from
// levelRamp (interpolated when there are more levels than colours).
func levelColors(n int) []rgb {
	out := make([]rgb, n)
	for i := range out {
		f := 0.0
		if n > 1 {
			f = float64(i) / float64(n-1) * float64(len(levelRamp)-1)
		}
		lo := min(int(f), len(levelRamp)-2)
		t := f - float64(lo)
		a, b := levelRamp[lo], levelRamp[lo+1]
		mix := func(x, y int) int { return x + int(float64(y-x)*t+0.5) }
		out[i] = rgb{mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)}
	}
	return out
}

// findingSegments colour the finding types, in the order of ims.FindingTypes.
var findingSegments = []segment{{"Conformity", accent}, {"Observation", tint(0.4)}, {"Minor NC", rgb{222, 150, 60}}, {"Major NC", rgb{176, 58, 46}}}
