package app

import (
	"slices"

	"keel/backend/ims"
	"keel/backend/principle"
)

// AIGates returns the stage gate of every AI system, by id: its state and what it still
// lacks, by the rule a save past the gate is checked with, for the AI inventory.
func (a *App) AIGates() (map[string]ims.Gate, error) {
	d, err := a.riskData("ai_system", "risk", "impact_assessment", "ai_principle", "principle_review", ims.StageApprovalKind)
	if err != nil {
		return nil, err
	}
	var all []ims.Record
	for _, k := range []string{"ai_system", "risk", "impact_assessment", "ai_principle", "principle_review", ims.StageApprovalKind} {
		all = append(all, d.records[k]...)
	}
	look := ims.LookupIn(all)
	gates := map[string]ims.Gate{}
	for _, s := range d.records["ai_system"] {
		gates[s.ID] = ims.GateOf(s, look)
	}
	return gates, nil
}

// AIPrinciples returns the responsible-AI principles seen both ways: per principle, the AI
// systems and gates that weighed it and the metrics that evidence it (and a gap when it
// applies to live systems with no metric); per AI system, the principles weighed at its gates.
func (a *App) AIPrinciples() (principle.Overview, error) {
	d, err := a.riskData(principle.Kinds...)
	if err != nil {
		return principle.Overview{}, err
	}
	return principle.Gather(d.records), nil
}

// StarterPrinciples returns the starter set of responsible-AI principles Keel offers, in its
// own words; AddStarterPrinciples records the ones chosen.
func (a *App) StarterPrinciples() []ims.StarterPrinciple { return ims.StarterPrinciples }

// AddStarterPrinciples records the named principles of the starter set as drafts, to be
// edited and approved (a name already in the register is skipped), and returns them.
func (a *App) AddStarterPrinciples(names []string) ([]ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return nil, err
	}
	have, err := st.ListRecords(bg, ims.ListQuery{Kind: "ai_principle"})
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if !slices.ContainsFunc(ims.StarterPrinciples, func(p ims.StarterPrinciple) bool { return p.Name == n }) {
			return nil, ims.Errorf(ims.ENOTFOUND, "%q is not in the starter set of principles", n)
		}
	}
	var fields []map[string]any
	for _, p := range ims.StarterPrinciples {
		taken := slices.ContainsFunc(have.Records, func(r ims.Record) bool { return r.Title == p.Name })
		if !slices.Contains(names, p.Name) || taken {
			continue
		}
		fields = append(fields, map[string]any{"name": p.Name, "meaning": p.Meaning, "status": "draft", "stages": p.Stages, "serves": p.Serves})
	}
	if len(fields) == 0 {
		return []ims.Record{}, nil
	}
	return st.CreateRecords(bg, actor, "ai_principle", fields)
}
