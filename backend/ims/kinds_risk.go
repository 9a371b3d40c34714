package ims

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// The registers of issue 5: one risk method and one risk register seen through three
// lenses, the AI system inventory with its lifecycle gates, AI impact assessments,
// monitoring, and the UK data-protection records. Clause and control references are IDs
// only; the help text is our own.

// AIStages are the lifecycle stages of an AI system, in order. A system is live in the last
// two but one; the gate rules below use the order.
var AIStages = []string{"design and development", "verification and validation", "deployment",
	"operation and monitoring", "retired"}

// LiveStages are the stages in which an AI system affects people and needs its gate passed.
var LiveStages = []string{"deployment", "operation and monitoring"}

// Default risk method: a 5×5 scale.
const (
	DefaultLikelihoodLevels = 5
	DefaultImpactLevels     = 5
	minLevels, maxLevels    = 2, 10
	// OverrideMinWords is how many words a stage-gate override's justification needs.
	OverrideMinWords = 8
)

// MonitoringMetrics are the kinds of measurement kept for an AI system.
var MonitoringMetrics = []string{"data quality", "bias test", "drift", "output quality"}

// Breach directions of a monitoring record.
const (
	BreachAbove = "breach when above"
	BreachBelow = "breach when below"
)

var (
	treatmentOptions = []string{"reduce", "avoid", "transfer", "accept"}
	aiRiskCategories = []string{"lifecycle", "bias and fairness", "misuse", "reasonably foreseeable misuse",
		"robustness", "drift", "hallucination", "transparency"}
	privacyHarms = []string{"loss of control over personal data", "discrimination", "financial loss", "distress",
		"identity theft or fraud", "loss of confidentiality", "reputational damage", "physical harm", "exclusion from a service"}
	lawfulBases = []string{"consent", "contract", "legal obligation", "vital interests", "public task",
		"legitimate interests", "recognised legitimate interests"}
	dpiaTriggers = []string{"AI or machine learning", "automated decisions with significant effects",
		"large-scale profiling", "denial of a service or credit", "special category data at large scale",
		"systematic monitoring", "data matching", "invisible processing", "tracking location or behaviour",
		"children or vulnerable people", "new technology", "risk of physical harm"}
	yesNoUnknown = []string{"not assessed", "yes", "no"}
)

func init() {
	Register(Kind{
		Name: "risk_method", Label: "Risk method", Plural: "Risk method", Group: "Planning", Clause: "6.1.1 / 6.1.2", TitleField: "title",
		Help: "One risk method for the workspace: the likelihood and impact scales, the levels and the appetite per lens " +
			"(27001 and 42001 6.1.2; 27701 privacy risk). Keep one record; every change is kept in its history, so the method is versioned.",
		Fields: []Field{
			{Name: "title", Label: "Method", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "version", Label: "Version", Type: TypeText, ListColumn: true, MaxLen: 20},
			{Name: "likelihood_levels", Label: "Likelihood levels", Type: TypeNumber, Required: true, ListColumn: true,
				Help: "How many steps the likelihood scale has (2–10; 5 by default)."},
			{Name: "likelihood_labels", Label: "Likelihood labels", Type: TypeLongText, MaxLen: 5000,
				Help: "One line per level, lowest first, e.g. \"1 Rare – less than once in 10 years\". Leave empty for numbers only."},
			{Name: "impact_levels", Label: "Impact levels", Type: TypeNumber, Required: true, ListColumn: true,
				Help: "How many steps the impact scale has (2–10; 5 by default)."},
			{Name: "impact_labels", Label: "Impact labels", Type: TypeLongText, MaxLen: 5000,
				Help: "One line per level, lowest first, e.g. \"1 Negligible\"; add the criteria for individuals, society and the business."},
			{Name: "bands", Label: "Risk levels", Type: TypeLongText, MaxLen: 2000,
				Help: "One line per level: the highest score in it, then its name, e.g. \"4 Low\", \"9 Medium\", \"16 High\", \"25 Very high\". Empty uses these."},
			{Name: "appetite_security", Label: "Appetite: security", Type: TypeNumber, ListColumn: true,
				Help: "Highest residual score accepted for a security risk without a decision by top management."},
			{Name: "appetite_privacy", Label: "Appetite: privacy", Type: TypeNumber, ListColumn: true,
				Help: "Highest residual score accepted for a risk of harm to individuals."},
			{Name: "appetite_ai", Label: "Appetite: AI", Type: TypeNumber, ListColumn: true,
				Help: "Highest residual score accepted for an AI risk (42001 6.1.2 criteria). A risk with several lenses meets the strictest."},
			{Name: "criteria", Label: "Risk acceptance criteria", Type: TypeLongText, MaxLen: 10000,
				Help: "When a risk may be accepted and by whom (6.1.2 a), including severity and reasonably foreseeable misuse for AI."},
			{Name: "change_note", Label: "What changed", Type: TypeLongText, MaxLen: 5000,
				Help: "Why the method changed in this version; the record's history keeps the earlier values."},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson},
			{Name: "approval_date", Label: "Approved on", Type: TypeDate},
			{Name: "review_date", Label: "Next review", Type: TypeDate, Due: true},
		},
	})
	Register(Kind{
		Name: "risk", Label: "Risk", Plural: "Risks", Group: "Planning", Clause: "6.1.2 / 6.1.3 / 8.2 / 8.3", TitleField: "title",
		Help: "One risk register seen through three lenses: security (confidentiality, integrity, availability), privacy (harm to individuals) " +
			"and AI (lifecycle, bias, misuse, model behaviour, transparency). Scored on the workspace's risk method, before and after treatment.",
		Fields: []Field{
			{Name: "title", Label: "Risk", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "lens", Label: "Lens", Type: TypeMultiEnum, Required: true, ListColumn: true, Options: lensOptions,
				Help: "A risk may carry several lenses; it then meets the strictest appetite."},
			{Name: "description", Label: "Description", Type: TypeLongText, MaxLen: 10000,
				Help: "Cause, event and consequence in a sentence or two."},
			{Name: "cia", Label: "Security: properties affected", Type: TypeMultiEnum,
				Options: []string{"confidentiality", "integrity", "availability"}, Help: "27001 6.1.2 c."},
			{Name: "privacy_harm", Label: "Privacy: harm to individuals", Type: TypeMultiEnum, Options: privacyHarms,
				Help: "27701 privacy risk: what could happen to the people whose data we process."},
			{Name: "ai_category", Label: "AI: categories", Type: TypeMultiEnum, Options: aiRiskCategories,
				Help: "42001 6.1.2, A.5: bias and fairness, misuse including reasonably foreseeable misuse, model behaviour (robustness, drift, hallucination), transparency."},
			{Name: "ai_stage", Label: "AI: lifecycle stage", Type: TypeEnum, Options: AIStages,
				Help: "The stage of the AI system's life where the risk arises (42001 A.6)."},
			{Name: "inherent_likelihood", Label: "Inherent likelihood", Type: TypeNumber, Required: true,
				Help: "On the risk method's likelihood scale, before treatment."},
			{Name: "inherent_impact", Label: "Inherent impact", Type: TypeNumber, Required: true,
				Help: "On the risk method's impact scale, before treatment."},
			{Name: "treatment", Label: "Treatment", Type: TypeEnum, ListColumn: true, Index: true, Options: treatmentOptions,
				Help: "6.1.3: reduce with controls, avoid, transfer (share) or accept."},
			{Name: "controls", Label: "Controls", Type: TypeText, MaxLen: 2000, Refs: RefsMany,
				Help: "Catalogue items chosen as controls, comma-separated catalogue:id, e.g. iso42001-2023:A.6.2.6, iso27001-2022:A.8.16."},
			{Name: "treatment_plan", Label: "Treatment plan", Type: TypeLongText, MaxLen: 10000},
			{Name: "actions", Label: "Actions", Type: TypeLinks, LinkKind: "action"},
			{Name: "residual_likelihood", Label: "Residual likelihood", Type: TypeNumber,
				Help: "After the chosen controls work."},
			{Name: "residual_impact", Label: "Residual impact", Type: TypeNumber},
			{Name: "owner", Label: "Owner", Type: TypePerson, Required: true, ListColumn: true, Index: true,
				Help: "The risk owner, who accepts the residual risk (6.1.3 f)."},
			{Name: "accepted_by", Label: "Residual risk accepted by", Type: TypePerson,
				Help: "The owner, when they accept the residual risk."},
			{Name: "accepted_on", Label: "Accepted on", Type: TypeDate},
			{Name: "review_date", Label: "Next review", Type: TypeDate, ListColumn: true, Due: true},
			{Name: "status", Label: "Status", Type: TypeEnum, ListColumn: true, Index: true,
				Options: []string{"identified", "assessed", "in treatment", "accepted", "closed"}},
			{Name: "ai_systems", Label: "AI systems", Type: TypeLinks, LinkKind: "ai_system"},
			{Name: "suppliers", Label: "Suppliers", Type: TypeLinks, LinkKind: "supplier"},
			{Name: "processing_activities", Label: "Processing activities", Type: TypeLinks, LinkKind: "processing_activity"},
			{Name: "assets", Label: "Assets and resources", Type: TypeLinks, LinkKind: "resource",
				Help: "The systems, data, tools and services the risk bears on, from the resources register (7.1)."},
		},
	})
	Register(Kind{
		Name: "ai_system", Label: "AI system", Plural: "AI systems", Group: "AI", Clause: "A.4 / A.6 / A.9", TitleField: "name",
		Help: "The inventory of AI systems, internal and third-party: purpose, owner, data, oversight and lifecycle stage (42001 4.3, A.4, A.6, A.9). " +
			"A system cannot be recorded as live without a linked risk, an approved impact assessment and a stage-gate approval, or a justified override.",
		Fields: []Field{
			{Name: "name", Label: "AI system", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "provenance", Label: "Internal or third-party", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"internal", "third-party"}},
			{Name: "stage", Label: "Lifecycle stage", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: AIStages,
				Help: "Stages move one step at a time; deployment and operation need the gate below (42001 A.6.2)."},
			{Name: "owner", Label: "Owner", Type: TypePerson, ListColumn: true, Index: true},
			{Name: "purpose", Label: "Purpose", Type: TypeLongText, MaxLen: 5000},
			{Name: "intended_use", Label: "Intended use", Type: TypeLongText, MaxLen: 5000, Help: "42001 A.9.4: what it may be used for, and what not."},
			{Name: "decision_impact", Label: "Decision impact level", Type: TypeEnum, ListColumn: true, Index: true,
				Options: []string{"low", "medium", "high"}, Help: "How much its outputs affect people's lives and opportunities."},
			{Name: "model_type", Label: "Model type", Type: TypeText, MaxLen: 200, Help: "e.g. gradient-boosted scorecard, large language model."},
			{Name: "deployment", Label: "Deployment", Type: TypeText, MaxLen: 300, Help: "Where and how it runs, e.g. hosted by us in the UK cloud region."},
			{Name: "data_inputs", Label: "Data inputs", Type: TypeLongText, MaxLen: 5000},
			{Name: "data_outputs", Label: "Data outputs", Type: TypeLongText, MaxLen: 5000},
			{Name: "users", Label: "Users", Type: TypeText, MaxLen: 500},
			{Name: "affected_parties", Label: "Affected parties", Type: TypeLongText, MaxLen: 5000},
			{Name: "oversight_model", Label: "Human oversight", Type: TypeEnum,
				Options: []string{"human in the loop", "human on the loop", "human in command", "no human oversight"},
				Help:    "42001 A.9: whether a person decides, watches and can step in, or sets the limits."},
			{Name: "change_monitoring", Label: "Change and monitoring approach", Type: TypeLongText, MaxLen: 5000,
				Help: "How changes are approved and how performance, drift and bias are watched (42001 A.6.2.6, 9.1)."},
			{Name: "use_case_approver", Label: "Approves use cases", Type: TypePerson},
			{Name: "may_override", Label: "May override a decision", Type: TypeText, MaxLen: 300},
			{Name: "escalation_path", Label: "Escalation path", Type: TypeLongText, MaxLen: 5000},
			{Name: "supplier", Label: "Supplier", Type: TypeLink, LinkKind: "supplier", Index: true},
			{Name: "personal_data", Label: "Processes personal data", Type: TypeBool, ListColumn: true},
			{Name: "processing_activity", Label: "Processing activity", Type: TypeLink, LinkKind: "processing_activity",
				Help: "The Art 30 record that covers its personal data."},
			{Name: "significant_decisions", Label: "Makes significant automated decisions", Type: TypeBool,
				Help: "Decisions with legal or similarly significant effects taken without meaningful human involvement (UK GDPR Art 22A)."},
			{Name: "safeguard_information", Label: "Safeguard: information given", Type: TypeLongText, MaxLen: 5000,
				Help: "Art 22C: how people are told about such decisions made about them."},
			{Name: "safeguard_representations", Label: "Safeguard: representations", Type: TypeLongText, MaxLen: 5000,
				Help: "Art 22C: how people can put their side."},
			{Name: "safeguard_human_intervention", Label: "Safeguard: human intervention", Type: TypeLongText, MaxLen: 5000,
				Help: "Art 22C: how people obtain a person's review."},
			{Name: "safeguard_contest", Label: "Safeguard: contest", Type: TypeLongText, MaxLen: 5000,
				Help: "Art 22C: how people challenge the decision."},
			{Name: "risks", Label: "Risk assessments", Type: TypeLinks, LinkKind: "risk",
				Help: "At least one is needed before the system goes live (42001 8.2, A.6.2.5)."},
			{Name: "impact_assessment", Label: "Current impact assessment", Type: TypeLink, LinkKind: "impact_assessment",
				Help: "Must be approved before the system goes live (42001 6.1.4, 8.4)."},
			{Name: "gate_approved_by", Label: "Stage gate approved by", Type: TypePerson},
			{Name: "gate_approved_on", Label: "Stage gate approved on", Type: TypeDate},
			{Name: "gate_evidence", Label: "Stage gate evidence", Type: TypeLongText, MaxLen: 10000,
				Help: "What was checked for the current stage: test results, validation report, release approval."},
			{Name: "gate_override", Label: "Gate override: justification", Type: TypeLongText, MaxLen: 5000,
				Help: "Only to go live without the gate, or to skip a stage: why, in at least 8 words, with who decided."},
			{Name: "gate_override_by", Label: "Gate override by", Type: TypePerson},
			{Name: "review_date", Label: "Next review", Type: TypeDate, Due: true},
			attachmentsField,
		},
	})
	Register(Kind{
		Name: "impact_assessment", Label: "AI impact assessment", Plural: "AI impact assessments", Group: "AI", Clause: "6.1.4 / 8.4 / A.5", TitleField: "title",
		Help: "The AI system impact assessment: what the system may do to individuals, groups and society, how severe and how likely, and what is done about it " +
			"(42001 6.1.4, 8.4, A.5.2–A.5.5). One record per version per AI system.",
		Fields: []Field{
			{Name: "title", Label: "Assessment", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "ai_system", Label: "AI system", Type: TypeLink, LinkKind: "ai_system", Required: true, ListColumn: true, Index: true},
			{Name: "version", Label: "Version", Type: TypeNumber, Required: true, ListColumn: true},
			{Name: "status", Label: "Status", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"draft", "in review", "approved", "superseded"}},
			{Name: "assessed_by", Label: "Assessed by", Type: TypePerson},
			{Name: "individuals", Label: "Impact on individuals", Type: TypeLongText, MaxLen: 10000, Help: "A.5.4."},
			{Name: "groups", Label: "Impact on groups", Type: TypeLongText, MaxLen: 10000, Help: "A.5.4."},
			{Name: "society", Label: "Impact on society", Type: TypeLongText, MaxLen: 10000, Help: "A.5.5."},
			{Name: "severity", Label: "Severity", Type: TypeEnum, ListColumn: true, Options: severityOptions},
			{Name: "likelihood", Label: "Likelihood", Type: TypeEnum, Options: []string{"rare", "unlikely", "possible", "likely", "almost certain"}},
			{Name: "mitigations", Label: "Mitigations", Type: TypeLongText, MaxLen: 10000},
			{Name: "risks", Label: "Linked risks", Type: TypeLinks, LinkKind: "risk"},
			{Name: "dpia", Label: "DPIA", Type: TypeLink, LinkKind: "dpia", Help: "When the system processes personal data, one piece of work serves both."},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson},
			{Name: "approved_on", Label: "Approved on", Type: TypeDate},
			{Name: "review_date", Label: "Next review", Type: TypeDate, ListColumn: true, Due: true},
			attachmentsField,
		},
	})
	Register(Kind{
		Name: "monitoring_record", Label: "Monitoring record", Plural: "AI monitoring", Group: "AI", Clause: "9.1 / A.6.2.6", TitleField: "title",
		Help: "Measurements of an AI system in use: data quality, bias tests, drift and output quality against a threshold (42001 9.1, A.6.2.6, A.7.4). " +
			"Keel works out a breach from the value, the threshold and its direction.",
		Fields: []Field{
			{Name: "title", Label: "Measurement", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "ai_system", Label: "AI system", Type: TypeLink, LinkKind: "ai_system", Required: true, ListColumn: true, Index: true},
			{Name: "metric_type", Label: "Metric type", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: MonitoringMetrics},
			{Name: "metric", Label: "Metric", Type: TypeText, MaxLen: 200, Help: "e.g. population stability index, approval-rate ratio, share of wrong answers."},
			{Name: "value", Label: "Value", Type: TypeNumber, Required: true, ListColumn: true},
			{Name: "threshold", Label: "Threshold", Type: TypeNumber, Required: true, ListColumn: true},
			{Name: "direction", Label: "Breach when", Type: TypeEnum, Required: true, Options: []string{BreachAbove, BreachBelow}},
			{Name: "date", Label: "Measured on", Type: TypeDate, Required: true, ListColumn: true},
			{Name: "measured_by", Label: "Measured by", Type: TypePerson},
			{Name: "notes", Label: "Notes", Type: TypeLongText, MaxLen: 5000},
			{Name: "nonconformity", Label: "Nonconformity raised", Type: TypeLink, LinkKind: "nonconformity"},
			{Name: "principle", Label: "Evidences the principle", Type: TypeLink, LinkKind: "ai_principle", Index: true,
				Help: "The responsible-AI principle this metric evidences: a bias reading for fairness, drift for robustness, output quality for safety."},
		},
	})
	Register(Kind{
		Name: "processing_activity", Label: "Processing activity", Plural: "Records of processing", Group: "Privacy", Clause: "Art 30", TitleField: "name",
		Help: "The record of processing activities (UK GDPR Art 30; 27701 7.2.8): purposes, lawful basis, data, people, recipients, transfers, retention and security.",
		Fields: []Field{
			{Name: "name", Label: "Processing activity", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "role", Label: "Our role", Type: TypeEnum, ListColumn: true, Index: true, Options: []string{"controller", "joint controller", "processor"}},
			{Name: "purposes", Label: "Purposes", Type: TypeLongText, Required: true, MaxLen: 5000},
			{Name: "lawful_basis", Label: "Lawful basis", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: lawfulBases,
				Help: "Art 6(1); recognised legitimate interests are the Data (Use and Access) Act 2025 basis that needs no balancing test."},
			{Name: "legitimate_interests", Label: "Legitimate interests assessment", Type: TypeLongText, MaxLen: 5000,
				Help: "For legitimate interests: the interest, why the processing is needed, and the balance with people's rights."},
			{Name: "special_category_condition", Label: "Special category condition", Type: TypeEnum,
				Options: []string{"none", "explicit consent", "employment and social security", "vital interests", "legal claims",
					"substantial public interest (DPA 2018 Sch 1)", "health or social care", "criminal offence data (DPA 2018 Sch 1)"},
				Help: "Art 9(2) condition when special category or criminal offence data is processed."},
			{Name: "data_categories", Label: "Categories of personal data", Type: TypeLongText, MaxLen: 5000},
			{Name: "data_subjects", Label: "Categories of people", Type: TypeText, ListColumn: true, MaxLen: 500},
			{Name: "recipients", Label: "Recipients", Type: TypeLongText, MaxLen: 5000},
			{Name: "transfers", Label: "International transfers", Type: TypeLongText, MaxLen: 5000, Help: "Where to, and the safeguard (adequacy, IDTA, addendum)."},
			{Name: "retention", Label: "Retention", Type: TypeText, MaxLen: 300},
			{Name: "security_measures", Label: "Security measures", Type: TypeLongText, MaxLen: 5000, Help: "Art 30(1)(g), Art 32."},
			{Name: "dpia_needed", Label: "DPIA needed", Type: TypeEnum, ListColumn: true, Index: true, Options: yesNoUnknown},
			{Name: "owner", Label: "Owner", Type: TypePerson, Index: true},
			{Name: "suppliers", Label: "Processors", Type: TypeLinks, LinkKind: "supplier"},
			{Name: "review_date", Label: "Next review", Type: TypeDate, Due: true},
		},
	})
	Register(Kind{
		Name: "dpia", Label: "DPIA", Plural: "DPIAs", Group: "Privacy", Clause: "Art 35", TitleField: "title",
		Help: "Data protection impact assessment (UK GDPR Art 35; 27701 7.2.5): screening against Art 35(3) and the ICO's list, the assessment, " +
			"the DPO's advice and the outcome. Link the AI impact assessment so one piece of work serves both.",
		Fields: []Field{
			{Name: "title", Label: "DPIA", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "processing_activity", Label: "Processing activity", Type: TypeLink, LinkKind: "processing_activity", ListColumn: true, Index: true},
			{Name: "screening", Label: "Screening: triggers met", Type: TypeMultiEnum, Options: dpiaTriggers,
				Help: "Art 35(3) and the ICO's list of processing likely to be high risk; the ICO names AI and machine learning."},
			{Name: "required", Label: "DPIA required", Type: TypeEnum, ListColumn: true, Options: yesNoUnknown},
			{Name: "description", Label: "Nature, scope, context and purposes", Type: TypeLongText, MaxLen: 10000, Help: "Art 35(7)(a)."},
			{Name: "necessity", Label: "Necessity and proportionality", Type: TypeLongText, MaxLen: 10000, Help: "Art 35(7)(b)."},
			{Name: "risks", Label: "Risks to people", Type: TypeLongText, MaxLen: 10000, Help: "Art 35(7)(c)."},
			{Name: "measures", Label: "Measures", Type: TypeLongText, MaxLen: 10000, Help: "Art 35(7)(d)."},
			{Name: "residual_risk", Label: "Residual risk", Type: TypeEnum, ListColumn: true, Options: []string{"low", "medium", "high"}},
			{Name: "dpo_advice", Label: "DPO advice", Type: TypeLongText, MaxLen: 5000, Help: "Art 35(2); record whether it was followed and why not."},
			{Name: "outcome", Label: "Outcome", Type: TypeEnum, ListColumn: true, Index: true,
				Options: []string{"proceed", "proceed with measures", "consult the ICO", "do not proceed"},
				Help:    "A high residual risk means consulting the ICO before the processing starts (Art 36)."},
			{Name: "status", Label: "Status", Type: TypeEnum, ListColumn: true, Index: true, Options: []string{"screening", "in progress", "approved", "review due"}},
			{Name: "owner", Label: "Owner", Type: TypePerson, Index: true},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson},
			{Name: "approved_on", Label: "Approved on", Type: TypeDate},
			{Name: "review_date", Label: "Next review", Type: TypeDate, Due: true},
			{Name: "impact_assessment", Label: "AI impact assessment", Type: TypeLink, LinkKind: "impact_assessment"},
			attachmentsField,
		},
	})

	RegisterCheck("risk_method", checkRiskMethod)
	RegisterCheck("risk", checkRisk)
	RegisterCheck("ai_system", checkAISystem)
	RegisterCheck("impact_assessment", checkApproval)
	RegisterCheck("dpia", checkApproval)
	RegisterCheck("dpia", checkDPIA)
}

func num(r Record, field string) (float64, bool) {
	f, ok := r.Fields[field].(float64)
	return f, ok
}

func text(r Record, field string) string { s, _ := r.Fields[field].(string); return s }

func label(kind, field string) string {
	if k, ok := registry[kind]; ok {
		if f, ok := k.Field(field); ok {
			return f.Label
		}
	}
	return field
}

// Scale returns the likelihood and impact levels of a risk method record (found says
// whether there is one); the default is 5×5.
func Scale(method Record, found bool) (likelihood, impact int) {
	likelihood, impact = DefaultLikelihoodLevels, DefaultImpactLevels
	if !found {
		return
	}
	if n, ok := num(method, "likelihood_levels"); ok && n >= minLevels && n <= maxLevels {
		likelihood = int(n)
	}
	if n, ok := num(method, "impact_levels"); ok && n >= minLevels && n <= maxLevels {
		impact = int(n)
	}
	return
}

// CheckLevel says whether a likelihood or impact value of a record is a whole number from 1
// to max; an empty value passes (required fields are the schema's business).
func CheckLevel(r Record, field string, max int) error {
	v, ok := num(r, field)
	if !ok {
		return nil
	}
	if v != math.Trunc(v) || v < 1 || v > float64(max) {
		return FieldErrorf(field, "%s must be a whole number from 1 to %d on the risk method's scale; %v is outside it", label(r.Kind, field), max, v)
	}
	return nil
}

// Lines returns the non-empty, trimmed lines of a long text.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func checkRiskMethod(prev, next Record, look Lookup) error {
	if prev.ID == "" {
		if other, ok := look("risk_method", ""); ok && other.ID != next.ID {
			return Errorf(ECONFLICT, "there is already a risk method (%q); change it instead: its history keeps every version", other.Title)
		}
	}
	for _, f := range []string{"likelihood_levels", "impact_levels"} {
		v, ok := num(next, f)
		if ok && (v != math.Trunc(v) || v < minLevels || v > maxLevels) {
			return FieldErrorf(f, "%s must be a whole number from %d to %d", label("risk_method", f), minLevels, maxLevels)
		}
		lf := strings.Replace(f, "_levels", "_labels", 1)
		if n := len(Lines(text(next, lf))); ok && n > 0 && n != int(v) {
			return FieldErrorf(lf, "%s has %d lines for %d levels; give one line per level", label("risk_method", lf), n, int(v))
		}
	}
	l, i := Scale(next, true)
	for _, lens := range lensOptions {
		f := "appetite_" + lens
		if v, ok := num(next, f); ok && (v < 0 || v > float64(l*i)) {
			return FieldErrorf(f, "%s must be a score from 0 to %d (likelihood × impact)", label("risk_method", f), l*i)
		}
	}
	return nil
}

func checkRisk(prev, next Record, look Lookup) error {
	l, i := Scale(look("risk_method", ""))
	for _, c := range []struct {
		field string
		max   int
	}{{"inherent_likelihood", l}, {"inherent_impact", i}, {"residual_likelihood", l}, {"residual_impact", i}} {
		if err := CheckLevel(next, c.field, c.max); err != nil {
			return err
		}
	}
	_, rl := num(next, "residual_likelihood")
	_, ri := num(next, "residual_impact")
	if rl != ri {
		missing := "residual_impact"
		if !rl {
			missing = "residual_likelihood"
		}
		return FieldErrorf(missing, "%s is needed too: a residual score takes both likelihood and impact", label("risk", missing))
	}
	by, on := text(next, "accepted_by"), text(next, "accepted_on")
	switch {
	case by != "" && on == "":
		return FieldErrorf("accepted_on", "Accepted on: give the date the residual risk was accepted")
	case on != "" && by == "":
		return FieldErrorf("accepted_by", "Residual risk accepted by: name who accepted it (the risk owner)")
	case by != "" && by != text(next, "owner"):
		return FieldErrorf("accepted_by", "Residual risk accepted by: only the risk owner (%s) may accept it; change the owner or the person", text(next, "owner"))
	}
	if (text(next, "treatment") == "accept" || text(next, "status") == "accepted") && by == "" && next.Fields["residual_likelihood"] != nil {
		return FieldErrorf("accepted_by", "Residual risk accepted by: an accepted risk needs the owner's acceptance and its date")
	}
	return nil
}

// StageIndex returns the position of a lifecycle stage, or -1.
func StageIndex(stage string) int { return slices.Index(AIStages, stage) }

// Overridden reports whether an AI system carries a stage-gate override with a justification
// long enough to mean something.
func Overridden(r Record) bool {
	return len(strings.Fields(text(r, "gate_override"))) >= OverrideMinWords && text(r, "gate_override_by") != ""
}

func orNone(s string) string {
	if s == "" {
		return "without a status"
	}
	return s
}

func linkList(v any) []string {
	l, _ := v.([]string)
	return l
}

func checkAISystem(prev, next Record, look Lookup) error {
	stage, was := text(next, "stage"), text(prev, "stage")
	if text(next, "gate_override") != "" && !Overridden(next) {
		if text(next, "gate_override_by") == "" {
			return FieldErrorf("gate_override_by", "Gate override by: name who decided the override")
		}
		return FieldErrorf("gate_override", "Gate override: justify it in at least %d words", OverrideMinWords)
	}
	if next.Fields["significant_decisions"] == true && slices.Contains(LiveStages, stage) && !Overridden(next) {
		for _, f := range []string{"safeguard_information", "safeguard_representations", "safeguard_human_intervention", "safeguard_contest"} {
			if text(next, f) == "" {
				return FieldErrorf(f, "%s: a live system that makes significant automated decisions needs all four Art 22C safeguards recorded, and under Art 22B those decisions may not rest on recognised legitimate interests (Art 6(1)(ea))", label("ai_system", f))
			}
		}
	}
	if stage == was {
		return nil
	}
	if prev.ID != "" && !Overridden(next) {
		from, to := StageIndex(was), StageIndex(stage)
		if from >= 0 && to > from+1 {
			return FieldErrorf("stage", "Lifecycle stage: %q cannot go straight to %q; it skips %s. Move one stage at a time, or record a justified override",
				was, stage, quoteJoin(AIStages[from+1:to]))
		}
	}
	if Overridden(next) {
		return nil
	}
	if e := FreshApproval(prev, next, look); e != nil {
		return e
	}
	var gaps []*Error
	switch {
	case slices.Contains(LiveStages, stage):
		gaps = GateGaps(next, look) // the principles of the live stage among them
	case prev.ID != "": // nothing can be weighed for a system before it is recorded
		gaps = PrincipleGaps(next, was, stage, look)
	}
	if len(gaps) > 0 {
		e := *gaps[0]
		e.Message = fmt.Sprintf("Cannot move to %q without passing the stage gate. %s", stage, e.Message)
		if len(gaps) > 1 {
			e.Message += fmt.Sprintf(" (and %d more: %s)", len(gaps)-1, gapFields(gaps[1:]))
		}
		e.Message += ". Or record a justified override."
		return &e
	}
	return nil
}

func gapFields(gs []*Error) string {
	var out []string
	for _, g := range gs {
		if g.Field == PrincipleGapField {
			out = append(out, "Principles weighed")
			continue
		}
		out = append(out, label("ai_system", g.Field))
	}
	return strings.Join(out, ", ")
}

func quoteJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " and ")
}

// checkApproval holds for impact assessments and DPIAs: approved means someone approved it on a date.
func checkApproval(prev, next Record, look Lookup) error {
	if text(next, "status") != "approved" {
		return nil
	}
	if text(next, "approved_by") == "" {
		return FieldErrorf("approved_by", "Approved by: name who approved this %s", registry[next.Kind].Label)
	}
	if text(next, "approved_on") == "" {
		return FieldErrorf("approved_on", "Approved on: give the date of the approval")
	}
	return nil
}

func checkDPIA(prev, next Record, look Lookup) error {
	if text(next, "residual_risk") == "high" && slices.Contains([]string{"proceed", "proceed with measures"}, text(next, "outcome")) {
		return FieldErrorf("outcome", "Outcome: a high residual risk needs the ICO consulted before the processing starts (Art 36); choose \"consult the ICO\" or reduce the risk")
	}
	return nil
}
