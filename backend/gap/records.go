package gap

import (
	"fmt"
	"slices"

	"keel/backend/ims"
	"keel/backend/risk"
)

// ReadinessCount is one measured part of a proof: Done of Total, said in words.
type ReadinessCount struct {
	Text  string `json:"text"` // e.g. "7 of 9 AI systems have an owner and an impact assessment"
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// MissingRecord is a record that keeps a proof from being ready, a click away.
type MissingRecord struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"` // "" when what is missing is a record still to create
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// ReadinessProof is the records' view of one of the four things certification comes down
// to. Number and Title are those of Proof (the catalogue's view, in Analysis.Readiness).
type ReadinessProof struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	// Ready says the counts below are complete: no record is missing.
	Ready   bool             `json:"ready"`
	Counts  []ReadinessCount `json:"counts"`
	Missing []MissingRecord  `json:"missing"`
	// The requirements the proof rests on, from the same gap analysis as every other screen:
	// Met of Total (Percent, to one decimal) and those still to show. Complete is the one
	// verdict: the counts are complete and every requirement is met.
	Met          int           `json:"met"`
	Total        int           `json:"total"`
	Percent      float64       `json:"percent"`
	Requirements []MissingItem `json:"requirements"`
	Complete     bool          `json:"complete"`
}

// Readiness is the four proofs as the screens, the CLI and the packs give them: the
// records' counts (RecordReadiness) joined to the requirements of the same analysis a.
func Readiness(a Analysis, records map[string][]ims.Record, method risk.Method) []ReadinessProof {
	out := RecordReadiness(records, method)
	for i := range out {
		out[i].Requirements = []MissingItem{}
		if i >= len(a.Readiness) {
			continue
		}
		p := a.Readiness[i]
		out[i].Met, out[i].Total, out[i].Percent = len(p.Met), p.Total, p.Percent
		out[i].Requirements = append(out[i].Requirements, p.Missing...)
		out[i].Complete = out[i].Ready && p.Ready
	}
	return out
}

type proofBuilder struct{ p ReadinessProof }

// count adds a measured part; each record in missing keeps it from complete.
func (b *proofBuilder) count(total int, what string, missing []MissingRecord) {
	done := total - len(missing)
	b.p.Counts = append(b.p.Counts, ReadinessCount{Text: fmt.Sprintf("%d of %d %s", done, total, what), Done: done, Total: total})
	b.p.Missing = append(b.p.Missing, missing...)
}

func (b *proofBuilder) done() ReadinessProof {
	b.p.Ready = len(b.p.Missing) == 0
	return b.p
}

func newProof(n int) *proofBuilder {
	return &proofBuilder{p: ReadinessProof{Number: n, Title: proofs[n-1].title, Counts: []ReadinessCount{}, Missing: []MissingRecord{}}}
}

func miss(r ims.Record, reason string) MissingRecord {
	return MissingRecord{Kind: r.Kind, ID: r.ID, Title: r.Title, Reason: reason}
}

// ReadinessKinds are the record kinds RecordReadiness reads.
var ReadinessKinds = []string{"ai_system", "risk", "impact_assessment", "monitoring_record", "processing_activity", "dpia", "role"}

// RecordReadiness measures the four proofs from the records: the AI inventory, risks,
// impact assessments, monitoring and the UK data-protection records. records holds the
// live records of ReadinessKinds by kind; method is the workspace's risk method, for appetite.
// The catalogue's side of the same proofs is Analysis.Readiness.
func RecordReadiness(records map[string][]ims.Record, method risk.Method) []ReadinessProof {
	byID := map[string]ims.Record{}
	for _, k := range ReadinessKinds {
		for _, r := range records[k] {
			byID[r.ID] = r
		}
	}
	look := func(kind, id string) (ims.Record, bool) {
		r, ok := byID[id]
		return r, ok && r.Kind == kind
	}
	// The AI systems in use: everything not retired.
	var systems, live []ims.Record
	for _, s := range records["ai_system"] {
		if s.Fields["stage"] != "retired" {
			systems = append(systems, s)
		}
		if slices.Contains(ims.LiveStages, str(s.Fields["stage"])) {
			live = append(live, s)
		}
	}
	risksOf := map[string][]ims.Record{} // AI system id → risks, linked either way
	for _, r := range records["risk"] {
		for _, id := range list(r.Fields["ai_systems"]) {
			risksOf[id] = append(risksOf[id], r)
		}
	}
	for _, s := range systems {
		for _, id := range list(s.Fields["risks"]) {
			if r, ok := look("risk", id); ok && !slices.ContainsFunc(risksOf[s.ID], func(x ims.Record) bool { return x.ID == id }) {
				risksOf[s.ID] = append(risksOf[s.ID], r)
			}
		}
	}
	assessed := map[string]bool{} // AI systems with any impact assessment
	for _, ia := range records["impact_assessment"] {
		assessed[str(ia.Fields["ai_system"])] = true
	}

	p1 := newProof(1)
	var m []MissingRecord
	if len(systems) == 0 {
		p1.p.Missing = append(p1.p.Missing, MissingRecord{Kind: "ai_system", Title: "AI system inventory", Reason: "no AI system in use is recorded yet"})
	}
	for _, s := range systems {
		switch {
		case str(s.Fields["owner"]) == "" && !assessed[s.ID]:
			m = append(m, miss(s, "no owner and no impact assessment"))
		case str(s.Fields["owner"]) == "":
			m = append(m, miss(s, "no owner"))
		case !assessed[s.ID]:
			m = append(m, miss(s, "no impact assessment"))
		}
	}
	p1.count(len(systems), "AI systems have an owner and an impact assessment", m)
	m, third := nil, 0
	for _, s := range systems {
		if s.Fields["provenance"] == "third-party" {
			third++
			if str(s.Fields["supplier"]) == "" {
				m = append(m, miss(s, "third-party system without its supplier"))
			}
		}
	}
	p1.count(third, "third-party AI systems are linked to their supplier", m)
	m = nil
	if !slices.ContainsFunc(records["role"], func(r ims.Record) bool { return r.Fields["ai_governance_owner"] == true }) {
		m = append(m, MissingRecord{Kind: "role", Title: "AI governance owner", Reason: "no role is marked as owning AI governance"})
	}
	p1.count(1, "AI governance owner named", m)

	p2 := newProof(2)
	m = nil
	for _, s := range systems {
		if len(risksOf[s.ID]) == 0 {
			m = append(m, miss(s, "no risk assessed for it"))
		}
	}
	p2.count(len(systems), "AI systems have their risks assessed", m)
	var aiRisks []ims.Record
	for _, r := range records["risk"] {
		if slices.Contains(list(r.Fields["lens"]), "ai") || len(list(r.Fields["ai_systems"])) > 0 {
			aiRisks = append(aiRisks, r)
		}
	}
	m = nil
	for _, r := range aiRisks {
		switch t := str(r.Fields["treatment"]); {
		case t == "":
			m = append(m, miss(r, "no treatment chosen"))
		case t == "reduce" && str(r.Fields["controls"]) == "":
			m = append(m, miss(r, "to be reduced, but no controls chosen from the catalogue"))
		}
	}
	p2.count(len(aiRisks), "AI risks have a treatment with controls", m)
	m = nil
	for _, r := range aiRisks {
		if as := risk.FromRecord(r); method.OverAppetite(as) {
			m = append(m, miss(r, fmt.Sprintf("score %d is over the appetite of its lenses", as.Current())))
		}
	}
	p2.count(len(aiRisks), "AI risks are within appetite", m)

	p3 := newProof(3)
	m, gated, overridden := nil, 0, 0
	for _, s := range live {
		if ims.Overridden(s) {
			overridden++
			continue
		}
		gated++
		if gaps := ims.GateGaps(s, look); len(gaps) > 0 {
			m = append(m, miss(s, "live without the stage gate: "+gaps[0].Message))
		}
	}
	p3.count(gated, "live AI systems passed their stage gate", m)
	m = nil
	monitored := map[string]bool{}
	var breaches []ims.Record
	for _, r := range records["monitoring_record"] {
		monitored[str(r.Fields["ai_system"])] = true
		if risk.BreachOf(r) {
			breaches = append(breaches, r)
		}
	}
	for _, s := range live {
		if !monitored[s.ID] {
			m = append(m, miss(s, "live, but no monitoring recorded"))
		}
	}
	p3.count(len(live), "live AI systems are monitored", m)
	m = nil
	for _, r := range breaches {
		if str(r.Fields["nonconformity"]) == "" {
			m = append(m, miss(r, "threshold breached and no nonconformity raised"))
		}
	}
	p3.count(len(breaches), "monitoring breaches are followed up", m)
	if overridden > 0 {
		p3.p.Counts = append(p3.p.Counts, ReadinessCount{Text: fmt.Sprintf("%d of %d live AI systems run on a recorded, justified override", overridden, len(live)),
			Done: overridden, Total: len(live)}) // informational: an override is allowed, so it is not missing
	}

	p4 := newProof(4)
	m, personal := nil, 0
	for _, s := range systems {
		if s.Fields["personal_data"] == true {
			personal++
			if str(s.Fields["processing_activity"]) == "" {
				m = append(m, miss(s, "processes personal data but no processing activity is linked"))
			}
		}
	}
	p4.count(personal, "AI systems that process personal data are in the record of processing", m)
	hasDPIA := map[string]bool{}
	for _, dp := range records["dpia"] {
		hasDPIA[str(dp.Fields["processing_activity"])] = true
	}
	m, needed := nil, 0
	for _, pa := range records["processing_activity"] {
		if pa.Fields["dpia_needed"] == "yes" {
			needed++
			if !hasDPIA[pa.ID] {
				m = append(m, miss(pa, "needs a DPIA and has none"))
			}
		}
	}
	p4.count(needed, "processing activities that need a DPIA have one", m)
	m, significant := nil, 0
	for _, s := range systems {
		if s.Fields["significant_decisions"] == true {
			significant++
			for _, f := range []string{"safeguard_information", "safeguard_representations", "safeguard_human_intervention", "safeguard_contest"} {
				if str(s.Fields[f]) == "" {
					m = append(m, miss(s, "significant automated decisions without all four Art 22C safeguards"))
					break
				}
			}
		}
	}
	p4.count(significant, "AI systems making significant automated decisions record the Art 22C safeguards", m)
	m, aiDPIAs := nil, 0
	for _, dp := range records["dpia"] {
		if slices.Contains(list(dp.Fields["screening"]), "AI or machine learning") {
			aiDPIAs++
			if str(dp.Fields["impact_assessment"]) == "" {
				m = append(m, miss(dp, "AI DPIA not linked to the AI impact assessment"))
			}
		}
	}
	p4.count(aiDPIAs, "DPIAs of AI processing are joined to an AI impact assessment", m)

	return []ReadinessProof{p1.done(), p2.done(), p3.done(), p4.done()}
}

func str(v any) string { s, _ := v.(string); return s }

func list(v any) []string { l, _ := v.([]string); return l }
