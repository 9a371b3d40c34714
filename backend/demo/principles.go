package demo

import (
	"strings"

	"keel/backend/ims"
)

// The demo's responsible-AI principles: the starter set, seven approved and one still in
// draft, weighed at the gates its AI systems pass (the notes below, in Fenmore's words).

// demoPrinciples records the starter set and returns the ids by name. policy is the AI
// policy that commits to them; objectives maps a principle to the objectives measuring it.
func demoPrinciples(d demoWriter, policy string, objectives map[string][]string) (map[string]string, error) {
	drafts := []string{"Environmental impact"}
	owners := map[string]string{"Fairness": priya, "Transparency and explainability": priya, "Accountability": siobhan,
		"Human oversight": aoife, "Privacy": zoe, "Safety and robustness": priya, "Security": bjorn, "Environmental impact": tomasz}
	ids := map[string]string{}
	for _, p := range ims.StarterPrinciples {
		f := map[string]any{"name": p.Name, "meaning": p.Meaning, "stages": p.Stages, "serves": p.Serves, "owner": owners[p.Name],
			"status": ims.PrincipleApproved, "approved_by": eleanor, "approved_on": "2026-09-01", "review_date": "2027-09-01"}
		if policy != "" {
			f["policy"] = policy
		}
		if o := objectives[p.Name]; len(o) > 0 {
			f["objectives"] = o
		}
		for _, n := range drafts {
			if n == p.Name {
				f["status"], f["approved_by"], f["approved_on"] = "draft", nil, nil
			}
		}
		id, err := d.create("ai_principle", f)
		if err != nil {
			return nil, err
		}
		ids[p.Name] = id
	}
	return ids, nil
}

// weighing is how one principle was weighed at one gate: the principle, the note, the evidence.
type weighing struct{ principle, note, evidence string }

// weigh records the principle reviews of an AI system at the gate of a stage.
func weigh(d demoWriter, principles map[string]string, system, systemName, stage, by, on string, ws []weighing) error {
	for _, w := range ws {
		if _, err := d.create("principle_review", map[string]any{"title": w.principle + " at " + stage + ": " + systemName,
			"ai_system": system, "principle": principles[w.principle], "stage": stage, "note": w.note, "evidence": w.evidence,
			"weighed_by": by, "weighed_on": on}); err != nil {
			return err
		}
	}
	return nil
}

var (
	creditDeployment = []weighing{
		{"Transparency and explainability", "Every decline letter carries the model's top four reasons in plain words; underwriters were trained to explain them.", "Reason-code mapping v4 signed off; letter template LT-12 approved by Compliance."},
		{"Accountability", "Priya Raghunathan owns the model; Siobhán O'Connell approved the release for the AI Oversight Group.", "AI Oversight Group minutes, 22 September 2026."},
		{"Human oversight", "Underwriters see every refer decision and any decline on request; senior underwriters may overturn a decline.", "Override procedure CR-07; two reviewers trained."},
		{"Safety and robustness", "Holdout validation and a stress test on the cost-of-living scenario; release paused if drift exceeds 0.25.", "Validation report v4 (holdout Gini 0.61); drift alert set at 0.25."},
		{"Security", "The vendor's scoring endpoint is reached only over our private link, with signed requests; model updates need our change approval.", "Bramley security schedule v2; penetration test of the scoring link, September 2026."},
	}
	creditOperation = []weighing{
		{"Fairness", "Thin-file applicants approved at 0.86 of the rate of others at equal risk, above our floor of 0.8; tested quarterly.", "Bias test Q3 (monitoring record)."},
		{"Accountability", "Monthly model report to the AI Oversight Group; the owner signs each one.", "Model report October 2026."},
		{"Human oversight", "Parallel run against v3 showed where underwriters disagreed; those cases now go to referral.", "Parallel-run review, 1 October 2026."},
		{"Safety and robustness", "Drift, data quality and bias monitored monthly on the dashboard, with paging on a breach.", "Monitoring dashboard live; income stability readings."},
	}
	chatbotDesign = []weighing{
		{"Fairness", "Answers must not differ by how customers write; the test set includes plain-English and non-native phrasing.", "Prompt test set v1, 120 phrasings."},
		{"Transparency and explainability", "The chat window says it is an automated assistant and offers a person at any time.", "Screen design CB-03."},
		{"Accountability", "Aoife Ní Bhriain owns the chatbot; prompt changes are approved by the Head of Credit Models.", "RACI for the chatbot, AI Oversight Group, August 2026."},
		{"Human oversight", "Every chat can hand over to an agent; arrears questions always do.", "Hand-over rules in the design document."},
		{"Privacy", "The bot sees the signed-in customer's summary only; prompts are not used for training by the provider.", "DPIA screening; ParlAI data processing addendum."},
	}
	chatbotValidation = []weighing{
		{"Fairness", "Red-team prompts in plain and non-native English gave the same answers.", "Red-team report, 300 prompts."},
		{"Accountability", "Validation results signed off by the owner before the pilot was proposed.", "Sign-off note, October 2026."},
		{"Privacy", "Tested that one customer's data cannot appear in another's session.", "Session-isolation test, 50 cases."},
		{"Safety and robustness", "2.4% wrong answers, none about arrears options; balance answers held back for review.", "Red-team report, 300 prompts."},
		{"Security", "Prompt-injection attempts in the red-team set could not make the bot act outside its purpose or reveal its instructions.", "Red-team report, 300 prompts (40 injection attempts)."},
	}
)

// approve records the approval of one stage gate of an AI system (a stage_approval record):
// each transition has its own, so the inventory ticks the stages passed with one.
func approve(d demoWriter, system, systemName, stage, by, on, evidence string) error {
	_, err := d.create(ims.StageApprovalKind, map[string]any{"title": capital(systemName) + " into " + stage, "ai_system": system,
		"stage": stage, "approved_by": by, "approved_on": on, "evidence": evidence})
	return err
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// principleReadings are the monitoring readings that evidence the principles the drift, bias
// and output-quality readings do not: how decline reasons reach people (transparency), how
// fast a person reviews a decline (human oversight), and how much personal data the model is
// sent beyond what it needs (privacy). Accountability and security are left without a
// metric, so the gaps show.
func principleReadings(credit, chatbot string, principle map[string]string) []map[string]any {
	reading := func(title, system, metricType, metric string, value, threshold float64, direction, date, by, p string) map[string]any {
		return map[string]any{"title": title, "ai_system": system, "metric_type": metricType, "metric": metric, "value": value,
			"threshold": threshold, "direction": direction, "date": date, "measured_by": by, "principle": principle[p]}
	}
	return []map[string]any{
		reading("Decline letters with reasons, November", credit, "output quality", "% of sampled decline letters carrying the model's top reasons in plain words",
			99, 95, ims.BreachBelow, "2026-11-10", priya, "Transparency and explainability"),
		reading("Declines reviewed by a person within 5 days, November", credit, "output quality", "% of requested decline reviews completed by an underwriter within 5 working days",
			97, 95, ims.BreachBelow, "2026-11-12", aoife, "Human oversight"),
		reading("Fields beyond the minimum sent to the model, November", credit, "data quality", "Share of applications sent with personal data the model does not use",
			0, 0.5, ims.BreachAbove, "2026-11-14", zoe, "Privacy"),
		reading("Chats handed to a person on request, November", chatbot, "output quality", "% of requests for a person that reached an agent",
			100, 98, ims.BreachBelow, "2026-11-20", aoife, "Human oversight"),
	}
}
