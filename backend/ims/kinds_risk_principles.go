package ims

import (
	"fmt"
	"slices"
	"strings"
)

// The responsible-AI principles (issue 21): a register of the principles that guide how AI
// systems are designed, deployed and monitored, and the record of how each was weighed at a
// stage gate of an AI system. References are catalogue IDs only; the words are our own.

// Principle statuses; only an approved principle applies at a gate.
const (
	PrincipleApproved = "approved"
	PrincipleRetired  = "retired"
)

// PrincipleServes are the 42001 items a principle serves by default: the AI policy and
// objectives clauses and the policy controls.
const PrincipleServes = "iso42001-2023:5.2, iso42001-2023:6.2, iso42001-2023:A.2.2"

// StarterPrinciple is one of the starter set Keel offers: every one editable, none mandatory.
type StarterPrinciple struct {
	Name    string   `json:"name"`
	Meaning string   `json:"meaning"`
	Stages  []string `json:"stages"`
	Serves  string   `json:"serves"`
}

var (
	design, vv, deploy, operate, retire = AIStages[0], AIStages[1], AIStages[2], AIStages[3], AIStages[4]
)

// StarterPrinciples is the starter set, in Keel's own words.
var StarterPrinciples = []StarterPrinciple{
	{"Fairness", "Our AI systems treat people alike when their circumstances are alike. We test for unequal outcomes between groups, including proxies for protected characteristics, before release and while in use, and we act on what we find.",
		[]string{design, vv, operate}, PrincipleServes + ", iso42001-2023:A.5.4"},
	{"Transparency and explainability", "People know when an AI system is involved in something that affects them, and can get a reason they understand for an outcome. We keep the documentation that lets us explain how a system reaches its outputs.",
		[]string{design, deploy}, PrincipleServes + ", iso42001-2023:A.8.2"},
	{"Accountability", "Every AI system has a named owner who answers for it, and every stage gate is approved by a named person on a date. Decisions about AI are recorded so that they can be reviewed later.",
		[]string{design, vv, deploy, operate, retire}, PrincipleServes + ", iso42001-2023:A.3.2"},
	{"Human oversight", "A competent person can understand, question and override what an AI system does, and knows when to step in. The level of oversight matches how much the outputs affect people.",
		[]string{design, deploy, operate}, PrincipleServes + ", iso42001-2023:A.9.2"},
	{"Privacy", "AI systems use only the personal data they need for their purpose, for as long as they need it, and respect people's rights over it.",
		[]string{design, vv, retire}, PrincipleServes + ", iso42001-2023:A.7.4"},
	{"Safety and robustness", "AI systems behave as intended across the conditions they meet in use, fail safely, and are watched for drift and degraded outputs so that harm is caught early.",
		[]string{vv, deploy, operate}, PrincipleServes + ", iso42001-2023:A.6.2.4, iso42001-2023:A.6.2.6"},
	{"Security", "AI systems, their models and their data are protected against misuse, manipulation and theft, including attacks aimed at the model itself such as prompt injection or data poisoning.",
		[]string{vv, deploy}, PrincipleServes},
	{"Environmental impact", "We weigh the energy and resources an AI system needs against the benefit it brings, and prefer the smaller model when it does the job.",
		[]string{design, retire}, PrincipleServes + ", iso42001-2023:A.5.5"},
}

func init() {
	Register(Kind{
		Name: "ai_principle", Label: "AI principle", Plural: "Responsible-AI principles", Group: "AI", Clause: "5.2 / 6.2 / A.2", TitleField: "name",
		Help: "The responsible-AI principles that guide how AI systems are designed, deployed and monitored, in our own words (42001 5.2, 6.2, A.2). " +
			"An approved principle must be weighed at the stage gates it names: each gate of an AI system records how, as a principle review.",
		Fields: []Field{
			{Name: "name", Label: "Principle", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "meaning", Label: "What it means here", Type: TypeLongText, Required: true, MaxLen: 5000,
				Help: "In the organisation's own words: what the principle commits us to when we build, buy or run an AI system."},
			{Name: "owner", Label: "Owner", Type: TypePerson, ListColumn: true, Index: true},
			{Name: "status", Label: "Status", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"draft", PrincipleApproved, PrincipleRetired},
				Help:    "Only an approved principle is weighed at the gates; a retired one no longer applies."},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson},
			{Name: "approved_on", Label: "Approved on", Type: TypeDate},
			{Name: "stages", Label: "Weighed at the gates of", Type: TypeMultiEnum, Required: true, ListColumn: true, Options: AIStages,
				Help: "The lifecycle stages at whose gate the principle must be weighed for every AI system."},
			{Name: "policy", Label: "AI policy committing to it", Type: TypeLink, LinkKind: "policy"},
			{Name: "objectives", Label: "AI objectives measuring it", Type: TypeLinks, LinkKind: "objective"},
			{Name: "serves", Label: "42001 items it serves", Type: TypeText, MaxLen: 2000, Refs: RefsMany,
				Help: "Catalogue items, comma-separated catalogue:id, e.g. " + PrincipleServes + "."},
			{Name: "review_date", Label: "Next review", Type: TypeDate, Due: true},
		},
	})
	Register(Kind{
		Name: "principle_review", Label: "Principle review", Plural: "Principle reviews", Group: "AI", Clause: "5.2 / A.6.2", TitleField: "title",
		Help: "How a responsible-AI principle was weighed at a stage gate of an AI system: a short note and the evidence. " +
			"A gate is refused while a principle that applies to its stage has no review, unless a justified override is recorded on the AI system.",
		Fields: []Field{
			{Name: "title", Label: "Review", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200, Help: "e.g. Fairness at deployment."},
			{Name: "ai_system", Label: "AI system", Type: TypeLink, LinkKind: "ai_system", Required: true, ListColumn: true, Index: true},
			{Name: "principle", Label: "Principle", Type: TypeLink, LinkKind: "ai_principle", Required: true, ListColumn: true, Index: true},
			{Name: "stage", Label: "Gate of stage", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: AIStages},
			{Name: "note", Label: "How it was weighed", Type: TypeLongText, Required: true, MaxLen: 5000},
			{Name: "evidence", Label: "Evidence", Type: TypeLongText, Required: true, MaxLen: 5000,
				Help: "What shows it: a test report, a monitoring reading, a design decision."},
			{Name: "weighed_by", Label: "Weighed by", Type: TypePerson},
			{Name: "weighed_on", Label: "Weighed on", Type: TypeDate},
			attachmentsField,
		},
	})
	RegisterCheck("ai_principle", checkApproval)
}

// Applies reports whether a principle is to be weighed at the gate of a stage: approved, and
// naming the stage.
func Applies(p Record, stage string) bool {
	return text(p, "status") == PrincipleApproved && slices.Contains(linkList(p.Fields["stages"]), stage)
}

// Weighed reports whether a review records how principle was weighed for an AI system at
// the gate of stage.
func Weighed(reviews []Record, system, principle, stage string) bool {
	return slices.ContainsFunc(reviews, func(rv Record) bool {
		return text(rv, "ai_system") == system && text(rv, "principle") == principle && text(rv, "stage") == stage &&
			strings.TrimSpace(text(rv, "note")) != "" && strings.TrimSpace(text(rv, "evidence")) != ""
	})
}

// principleGap is the gap of an AI system at the gate of stage: the approved principles that
// apply there without a review of this system (ok false when there are none).
func principleGap(r Record, stage string, look Lookup) (GateGap, bool) {
	reviews := All(look, "principle_review")
	var missing []string
	for _, p := range All(look, "ai_principle") {
		if Applies(p, stage) && !Weighed(reviews, r.ID, p.ID, stage) {
			missing = append(missing, p.Title)
		}
	}
	if len(missing) == 0 {
		return GateGap{}, false
	}
	names := listJoin(missing)
	return GateGap{Field: PrincipleGapField, Needs: fmt.Sprintf("%s weighed at %s", names, stage),
		Message: fmt.Sprintf("Principles: record how %s %s weighed at the %s gate (a principle review with a note and the evidence)",
			names, map[bool]string{true: "was", false: "were"}[len(missing) == 1], stage)}, true
}

// listJoin quotes names and joins them as a sentence does: "A", "B" and "C".
func listJoin(names []string) string {
	q := quoteJoin(names[len(names)-1:])
	if len(names) > 1 {
		head := make([]string, len(names)-1)
		for i, n := range names[:len(names)-1] {
			head[i] = fmt.Sprintf("%q", n)
		}
		q = strings.Join(head, ", ") + " and " + q
	}
	return q
}

// PrincipleGapField is the field a gate gap for unweighed principles names: the principle
// reviews of the AI system (kind principle_review), not one of its own fields.
const PrincipleGapField = "principle_reviews"

// StageApprovalKind is the record of one stage transition's own approval: who approved an AI
// system into a stage, when, and on what evidence (issue 19). Each transition has its own, so
// verification to deployment and then to operation are two approvals, not one set of fields
// reused.
const StageApprovalKind = "stage_approval"

func init() {
	Register(Kind{
		Name: StageApprovalKind, Label: "Stage approval", Plural: "Stage approvals", Group: "AI", Clause: "A.6.2", TitleField: "title",
		Help: "The approval of one stage gate of an AI system: who approved moving it into the stage, when, and the evidence checked (42001 A.6.2). " +
			"Every transition has its own approval; the AI inventory ticks only the stages passed with one.",
		Fields: []Field{
			{Name: "title", Label: "Approval", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200, Help: "e.g. Credit scoring into deployment."},
			{Name: "ai_system", Label: "AI system", Type: TypeLink, LinkKind: "ai_system", Required: true, ListColumn: true, Index: true},
			{Name: "stage", Label: "Into stage", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: AIStages},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson, Required: true, ListColumn: true},
			{Name: "approved_on", Label: "Approved on", Type: TypeDate, Required: true, ListColumn: true},
			{Name: "evidence", Label: "Evidence", Type: TypeLongText, Required: true, MaxLen: 10000,
				Help: "What was checked for this stage: test results, validation report, release approval."},
			attachmentsField,
		},
	})
}

// StageApproval finds the approval of an AI system into a stage (the latest recorded).
func StageApproval(system, stage string, look Lookup) (Record, bool) {
	var out Record
	found := false
	for _, a := range All(look, StageApprovalKind) {
		if text(a, "ai_system") == system && text(a, "stage") == stage &&
			text(a, "approved_by") != "" && text(a, "approved_on") != "" && strings.TrimSpace(text(a, "evidence")) != "" {
			out, found = a, true
		}
	}
	return out, found
}
