package ims

import (
	"fmt"
	"slices"
)

// GateState is where an AI system stands against its stage gate.
type GateState string

const (
	GateApproved GateState = "approved" // live, gate passed
	GateOverride GateState = "override" // live, or short of the gate, on a justified override
	GateBlocked  GateState = "blocked"  // something the gate needs is missing
	GateReady    GateState = "ready"    // not live yet, and nothing is missing
	GateRetired  GateState = "retired"
)

// GateGap is one thing an AI system lacks to pass its stage gate.
type GateGap struct {
	Field   string `json:"field"`   // the ai_system field to fill
	Needs   string `json:"needs"`   // what is missing, in a few words: "a linked risk assessment"
	Message string `json:"message"` // as a save past the gate is refused with
}

// Gate is the state of an AI system's stage gate and what it still lacks (nothing once
// retired).
type Gate struct {
	State GateState `json:"state"`
	Gaps  []GateGap `json:"gaps"`
	// Stages is each lifecycle stage up to the current one and how it was passed.
	Stages []StageMark `json:"stages,omitempty"`
}

// StageMark is how an AI system passed into one stage: with its own approval, on an
// override, or without either.
type StageMark struct {
	Stage string `json:"stage"`
	// Mark is "approved" (a stage approval, or for the current stage the gate fields),
	// "override" (no approval, a justified override recorded) or "none".
	Mark string `json:"mark"`
	By   string `json:"by"`
	On   string `json:"on"`
}

// StageMarks is how an AI system passed each stage up to its current one: only a stage
// passed with its own approval counts as approved; the override is marked apart.
func StageMarks(r Record, look Lookup) []StageMark {
	out := []StageMark{}
	cur := StageIndex(text(r, "stage"))
	for i := 0; i <= cur && i < len(AIStages); i++ {
		s := AIStages[i]
		m := StageMark{Stage: s, Mark: "none"}
		if a, ok := StageApproval(r.ID, s, look); ok {
			m.Mark, m.By, m.On = "approved", text(a, "approved_by"), text(a, "approved_on")
		} else if i == cur && text(r, "gate_approved_by") != "" && text(r, "gate_approved_on") != "" {
			m.Mark, m.By, m.On = "approved", text(r, "gate_approved_by"), text(r, "gate_approved_on")
		} else if Overridden(r) {
			m.Mark, m.By = "override", text(r, "gate_override_by")
		}
		out = append(out, m)
	}
	return out
}

// GateOf works out an AI system's gate by the rule a save past the gate is checked with.
func GateOf(r Record, look Lookup) Gate {
	stage := text(r, "stage")
	if stage == "retired" {
		return Gate{State: GateRetired, Gaps: []GateGap{}, Stages: StageMarks(r, look)}
	}
	gaps := gateGaps(r, look)
	live := slices.Contains(LiveStages, stage)
	g := Gate{Gaps: gaps, Stages: StageMarks(r, look)}
	switch {
	case Overridden(r) && (live || len(gaps) > 0):
		g.State = GateOverride
	case len(gaps) > 0:
		g.State = GateBlocked
	case live:
		g.State = GateApproved
	default:
		g.State = GateReady
	}
	return g
}

// GateGaps lists what an AI system still lacks to go live, as errors naming the field; it
// is empty when the gate is passed (the override aside).
func GateGaps(r Record, look Lookup) []*Error {
	var out []*Error
	for _, g := range gateGaps(r, look) {
		out = append(out, &Error{Code: EINVALID, Field: g.Field, Message: g.Message})
	}
	return out
}

func gateGaps(r Record, look Lookup) []GateGap {
	out := []GateGap{}
	gap := func(field, needs, format string, args ...any) {
		out = append(out, GateGap{Field: field, Needs: needs, Message: fmt.Sprintf(format, args...)})
	}
	hasRisk := false
	for _, id := range linkList(r.Fields["risks"]) {
		if _, ok := look("risk", id); ok {
			hasRisk = true
			break
		}
	}
	if !hasRisk {
		gap("risks", "a linked risk assessment", "Risk assessments: link at least one assessed risk")
	}
	ia, ok := look("impact_assessment", text(r, "impact_assessment"))
	if !ok { // an approved assessment that names the system counts without a link back
		for _, a := range All(look, "impact_assessment") {
			if text(a, "ai_system") == r.ID && text(a, "status") == "approved" {
				ia, ok = a, true
				break
			}
		}
	}
	switch {
	case !ok:
		gap("impact_assessment", "an approved impact assessment", "Current impact assessment: link an approved AI impact assessment")
	case text(ia, "ai_system") != r.ID:
		gap("impact_assessment", fmt.Sprintf("an impact assessment of this system (“%s” assesses another)", ia.Title),
			"Current impact assessment: %q assesses another AI system", ia.Title)
	case text(ia, "status") != "approved":
		gap("impact_assessment", fmt.Sprintf("the impact assessment approved (it is %s)", orNone(text(ia, "status"))),
			"Current impact assessment: %q is %s, not approved", ia.Title, orNone(text(ia, "status")))
	}
	// The principles, and the approval, of the gate it is live under, or, before, the gate to go live.
	at := text(r, "stage")
	if !slices.Contains(LiveStages, at) {
		at = LiveStages[0]
	}
	_, approved := StageApproval(r.ID, at, look)
	if !approved && text(r, "gate_approved_by") == "" {
		gap("gate_approved_by", "who approved the stage gate", "Stage gate approved by: name who approved this stage")
	}
	if !approved && text(r, "gate_approved_on") == "" {
		gap("gate_approved_on", "the date of the stage-gate approval", "Stage gate approved on: give the date of the approval")
	}
	if g, ok := principleGap(r, at, look); ok {
		out = append(out, g)
	}
	return out
}

// PrincipleGaps lists, as errors, the approved principles that apply at the gates an AI
// system passes in moving from stage was to stage to (the gate of to and, since a system is
// recorded at its first stage before anyone can weigh anything, the gate of the first stage
// when it leaves it) and have no principle review of it there.
func PrincipleGaps(r Record, was, to string, look Lookup) []*Error {
	stages := []string{to}
	if was == AIStages[0] && to != was {
		stages = []string{was, to}
	}
	var out []*Error
	for _, s := range stages {
		if g, ok := principleGap(r, s, look); ok {
			out = append(out, &Error{Code: EINVALID, Field: g.Field, Message: g.Message})
		}
	}
	return out
}

// FreshApproval is the error of a move from one live stage to another that reuses the
// approval of the stage it leaves: each transition needs its own, as a stage approval
// record of the new stage or new gate-approval fields.
func FreshApproval(prev, next Record, look Lookup) *Error {
	was, to := text(prev, "stage"), text(next, "stage")
	if prev.ID == "" || was == to || !slices.Contains(LiveStages, was) || !slices.Contains(LiveStages, to) {
		return nil
	}
	if _, ok := StageApproval(next.ID, to, look); ok {
		return nil
	}
	if text(next, "gate_approved_on") != text(prev, "gate_approved_on") || text(next, "gate_approved_by") != text(prev, "gate_approved_by") {
		return nil
	}
	return &Error{Code: EINVALID, Field: "gate_approved_on", Message: fmt.Sprintf(
		"Cannot move to %q on the approval of %q: each stage gate needs its own approval. Record a stage approval of %q, or give who approved it and when. Or record a justified override",
		to, was, to)}
}
