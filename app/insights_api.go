package app

import "keel/backend/ims"

// AIGates returns the stage gate of every AI system, by id: its state and what it still
// lacks, by the rule a save past the gate is checked with, for the AI inventory.
func (a *App) AIGates() (map[string]ims.Gate, error) {
	d, err := a.riskData("ai_system", "risk", "impact_assessment")
	if err != nil {
		return nil, err
	}
	look := func(kind, id string) (ims.Record, bool) {
		r, ok := d.byID[id]
		return r, ok && r.Kind == kind
	}
	gates := map[string]ims.Gate{}
	for _, s := range d.records["ai_system"] {
		gates[s.ID] = ims.GateOf(s, look)
	}
	return gates, nil
}
