package demo

import (
	"context"
	"fmt"

	"keel/backend/ims"
)

// Risk adds issue 5 to the demo: Fenmore's risk method, risks through the three
// lenses, the AI system inventory at different stages, impact assessments, monitoring
// with one threshold breach, records of processing and DPIAs. It runs after
// Registers and finds the suppliers, actions and roles it links to by title;
// a missing one is simply not linked.
func Risk(ctx context.Context, st ims.RecordService, actor ims.Actor) error {
	lifecycle, err := risk(ctx, st, actor)
	if err != nil {
		return err
	}
	return lifecycle(ctx)
}

// risk writes the method, the registers and the AI systems at their first stages, and
// returns the rest of the story (the systems passing their gates, the monitoring), which
// Fill writes later in the demo's calendar. A ctx back-dated to the start of that part
// dates each gate and reading on its own day.
func risk(ctx context.Context, st ims.RecordService, actor ims.Actor) (func(context.Context) error, error) {
	d := demoWriter{ctx: ctx, st: st, actor: actor}
	supplier, err := titles(ctx, st, "supplier")
	if err != nil {
		return nil, err
	}
	action, err := titles(ctx, st, "action")
	if err != nil {
		return nil, err
	}
	links := func(m map[string]string, names ...string) []string {
		var out []string
		for _, n := range names {
			if id, ok := m[n]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	one := func(m map[string]string, name string) any {
		if id, ok := m[name]; ok {
			return id
		}
		return nil
	}
	update := func(kind, id string, fields map[string]any) error {
		if _, err := st.UpdateRecord(ctx, actor, kind, id, fields); err != nil {
			return fmt.Errorf("demo %s update: %w", kind, err)
		}
		return nil
	}

	// The method: version 1 was the ISMS's 5×5 method; version 1.1 added the privacy and AI
	// lenses, so the history shows the change of method.
	method, err := d.create("risk_method", map[string]any{"title": "Fenmore integrated risk method", "version": "1.0",
		"likelihood_levels": 5, "impact_levels": 5,
		"likelihood_labels": "1 Rare – less than once in 10 years\n2 Unlikely – once in 3–10 years\n3 Possible – once in 1–3 years\n4 Likely – about once a year\n5 Almost certain – several times a year",
		"impact_labels":     "1 Negligible – no lasting effect on anyone\n2 Minor – inconvenience, quickly put right\n3 Moderate – some customers harmed or a reportable breach\n4 Major – many customers harmed, regulator action likely\n5 Severe – lasting harm to people, licence at risk",
		"bands":             "4 Low\n9 Medium\n16 High\n25 Very high",
		"appetite_security": 12, "criteria": "Low risks are accepted by the owner; medium by the owner with the CISO; high and above by the Executive Committee.",
		"approved_by": eleanor, "approval_date": "2025-01-06", "review_date": "2027-01-06"})
	if err != nil {
		return nil, err
	}
	if err := update("risk_method", method, map[string]any{"version": "1.1", "appetite_privacy": 8, "appetite_ai": 6,
		"criteria": "Low risks are accepted by the owner; medium by the owner with the CISO, the DPO (privacy) or the AI Governance Owner (AI); " +
			"high and above by the Executive Committee. AI risks weigh harm to individuals, groups and society, and reasonably foreseeable misuse.",
		"change_note":   "Added the privacy and AI lenses and their appetite; AI appetite set lower because credit decisions affect people directly (42001 6.1.2).",
		"approval_date": "2026-06-30"}); err != nil {
		return nil, err
	}

	pa := map[string]string{}
	for _, p := range []map[string]any{
		{"name": "Credit applications and automated decisions", "role": "controller", "lawful_basis": "contract",
			"purposes":        "Assess the creditworthiness and affordability of loan applicants, decide, and explain declines.",
			"data_categories": "Identity, contact, income and expenditure, bank transactions (open banking, with consent), credit reference data, model score and reasons.",
			"data_subjects":   "Loan applicants", "recipients": "Credit reference agencies; Bramley Analytics (processor, model retraining on pseudonymised data).",
			"transfers": "None: all processing in the UK.", "retention": "6 years after the application is declined or the loan closes",
			"security_measures":          "Encryption at rest and in transit, role-based access, pseudonymisation for retraining, logging of every decision.",
			"special_category_condition": "none", "dpia_needed": "yes", "owner": zoe, "review_date": "2027-03-31",
			"suppliers": links(supplier, "Bramley Analytics Ltd", "Nimbus Cloud UK")},
		{"name": "Customer service chatbot", "role": "controller", "lawful_basis": "legitimate interests",
			"purposes":             "Answer borrowers' questions about their loans at any hour and hand over to a person when needed.",
			"legitimate_interests": "Faster service for borrowers; necessary because call waiting times exceed 20 minutes; borrowers expect it, can always ask for a person, and no decision is made about them.",
			"data_categories":      "Name, account number, balance, payment dates, the conversation.", "data_subjects": "Existing borrowers",
			"recipients": "ParlAI Conversational Ltd (processor)", "transfers": "ParlAI's EU region (Ireland), covered by the UK's adequacy regulations for the EEA.",
			"retention": "Logs 30 days at ParlAI; transcripts 12 months at Fenmore", "security_measures": "Signed-in sessions only, content filters, no training on our prompts.",
			"special_category_condition": "none", "dpia_needed": "yes", "owner": aoife, "review_date": "2026-12-15",
			"suppliers": links(supplier, "ParlAI Conversational Ltd")},
		{"name": "Fraud prevention checks", "role": "controller", "lawful_basis": "recognised legitimate interests",
			"purposes":        "Detect and prevent fraud on loan applications.",
			"data_categories": "Identity, device and application data; fraud markers.", "data_subjects": "Loan applicants",
			"recipients": "The national fraud prevention database Fenmore is a member of.", "transfers": "None",
			"retention": "6 years", "special_category_condition": "criminal offence data (DPA 2018 Sch 1)", "dpia_needed": "yes", "owner": bjorn,
			"review_date": "2027-02-28"},
		{"name": "Payroll and HR", "role": "controller", "lawful_basis": "legal obligation",
			"purposes": "Pay staff, meet tax and employment law, manage absence.", "data_categories": "Salary, bank details, tax codes, absence and health notes.",
			"data_subjects": "Employees", "recipients": "Pennine Payroll Services (processor); HMRC.", "retention": "6 years after employment ends",
			"special_category_condition": "employment and social security", "dpia_needed": "no", "owner": zoe, "review_date": "2027-02-10",
			"suppliers": links(supplier, "Pennine Payroll Services")},
		{"name": "Marketing emails to existing customers", "role": "controller", "lawful_basis": "consent",
			"purposes": "Tell customers about similar products.", "data_categories": "Name, email, product held.", "data_subjects": "Existing borrowers",
			"retention": "Until consent is withdrawn", "dpia_needed": "no", "owner": aoife, "review_date": "2027-05-31"},
	} {
		id, err := d.create("processing_activity", p)
		if err != nil {
			return nil, err
		}
		pa[p["name"].(string)] = id
	}

	// AI systems start before their gates; the lifecycle moves below leave history.
	credit, err := d.create("ai_system", map[string]any{"name": "Credit-decision model v4", "provenance": "third-party", "stage": "verification and validation",
		"owner": priya, "purpose": "Score loan applications for default risk and affordability.",
		"intended_use":    "Decide personal loans of £1,000–£25,000 for UK residents; not for existing-customer limit increases or collections.",
		"decision_impact": "high", "model_type": "Gradient-boosted scorecard with reason codes", "deployment": "Hosted by Fenmore in the UK cloud region; Bramley ships versions",
		"data_inputs":  "Application form, credit reference data, open-banking income and spend.",
		"data_outputs": "Score, approve/decline/refer, top four reason codes.", "users": "Credit underwriters",
		"affected_parties": "Loan applicants, including thin-file applicants and recent arrivals in the UK.",
		"oversight_model":  "human on the loop", "change_monitoring": "Bramley gives 30 days' notice of a new version; we validate it before release; drift and bias monitored monthly.",
		"use_case_approver": siobhan, "may_override": "Senior underwriters (any decline); Head of Credit Models (model rules)",
		"escalation_path": "Underwriter → Head of Credit Models → AI Governance Owner → Executive Committee",
		"supplier":        one(supplier, "Bramley Analytics Ltd"), "personal_data": true, "processing_activity": pa["Credit applications and automated decisions"],
		"significant_decisions":        true,
		"safeguard_information":        "The decision letter says the decision was automated, gives the main reasons and how to ask for a review.",
		"safeguard_representations":    "Applicants can add information by phone, email or the web form within 30 days.",
		"safeguard_human_intervention": "A senior underwriter reviews any decline on request within 5 working days.",
		"safeguard_contest":            "A reviewed decision can be taken to our complaints process and then the Financial Ombudsman Service.",
		"review_date":                  "2027-03-31"})
	if err != nil {
		return nil, err
	}
	chatbot, err := d.create("ai_system", map[string]any{"name": "Customer chatbot", "provenance": "internal", "stage": "design and development",
		"owner": aoife, "purpose": "Answer borrowers' questions about balances, payment dates and arrears options.",
		"intended_use":    "Information only; never agrees payment plans or changes accounts.",
		"decision_impact": "medium", "model_type": "Large language model with retrieval over our help articles and the signed-in customer's account",
		"deployment": "Our web app; model API from ParlAI (EU region)", "data_inputs": "The customer's question; their account summary.",
		"data_outputs": "Answers and hand-over to an agent.", "users": "Existing borrowers", "affected_parties": "Borrowers, including those in financial difficulty.",
		"oversight_model": "human on the loop", "change_monitoring": "Prompt and retrieval changes approved by the Head of Credit Models; 200 chats sampled weekly.",
		"use_case_approver": siobhan, "may_override": "Customer operations agents", "escalation_path": "Agent → Customer Operations Lead → AI Governance Owner",
		"supplier": one(supplier, "ParlAI Conversational Ltd"), "personal_data": true, "processing_activity": pa["Customer service chatbot"],
		"significant_decisions": false, "review_date": "2026-12-15"})
	if err != nil {
		return nil, err
	}
	income, err := d.create("ai_system", map[string]any{"name": "Income verification model (prototype)", "provenance": "internal", "stage": "design and development",
		"purpose": "Estimate income from open-banking transactions to replace payslip uploads.", "decision_impact": "high",
		"model_type": "Transaction classifier", "personal_data": true})
	if err != nil {
		return nil, err
	}
	legacy, err := d.create("ai_system", map[string]any{"name": "Credit scorecard v3", "provenance": "third-party", "stage": "retired", "owner": priya,
		"purpose": "The previous credit model, replaced by v4 in September 2026.", "decision_impact": "high",
		"supplier": one(supplier, "Bramley Analytics Ltd"), "personal_data": true})
	if err != nil {
		return nil, err
	}

	type rk struct {
		fields  map[string]any
		actions []string
	}
	riskID := map[string]string{}
	for _, r := range []rk{
		{map[string]any{"title": "Credit model disadvantages thin-file applicants", "lens": []string{"privacy", "ai"}, "ai_category": []string{"bias and fairness"},
			"privacy_harm": []string{"discrimination", "exclusion from a service"}, "ai_stage": "operation and monitoring",
			"inherent_likelihood": 4, "inherent_impact": 4, "treatment": "reduce", "controls": "iso42001-2023:A.5.4, iso42001-2023:A.7.4, iso42001-2023:A.6.2.4",
			"residual_likelihood": 3, "residual_impact": 3, "owner": priya, "status": "in treatment", "review_date": "2026-12-15",
			"ai_systems": []string{credit}, "processing_activities": []string{pa["Credit applications and automated decisions"]}},
			[]string{"Re-run bias tests on credit model v5 before release"}},
		{map[string]any{"title": "Population drift degrades credit decisions unnoticed", "lens": []string{"ai"}, "ai_category": []string{"drift", "robustness"},
			"ai_stage": "operation and monitoring", "inherent_likelihood": 4, "inherent_impact": 4, "treatment": "reduce",
			"controls": "iso42001-2023:A.6.2.6, iso42001-2023:9.1", "residual_likelihood": 2, "residual_impact": 3, "owner": priya, "status": "in treatment",
			"review_date": "2026-11-30", "ai_systems": []string{credit}}, []string{"Add paging to model drift alerts"}},
		{map[string]any{"title": "Vendor changes the credit model without notice", "lens": []string{"security", "ai"}, "cia": []string{"integrity"},
			"ai_category": []string{"lifecycle"}, "ai_stage": "deployment", "inherent_likelihood": 3, "inherent_impact": 4, "treatment": "reduce",
			"controls": "iso42001-2023:A.10.3, iso27001-2022:A.5.20", "residual_likelihood": 2, "residual_impact": 4, "owner": jose, "status": "in treatment",
			"review_date": "2027-01-31", "ai_systems": []string{credit}, "suppliers": links(supplier, "Bramley Analytics Ltd")},
			[]string{"Sign the Bramley Analytics processor agreement (DPA v3)"}},
		{map[string]any{"title": "Declined applicants cannot understand why", "lens": []string{"privacy", "ai"}, "ai_category": []string{"transparency"},
			"privacy_harm": []string{"distress"}, "inherent_likelihood": 3, "inherent_impact": 3, "treatment": "reduce",
			"controls": "iso42001-2023:A.8.2, uk-dp:Art.22C", "residual_likelihood": 2, "residual_impact": 2, "owner": aoife,
			"accepted_by": aoife, "accepted_on": "2026-09-30", "status": "accepted", "review_date": "2027-03-31", "ai_systems": []string{credit}}, nil},
		{map[string]any{"title": "Over-reliance: underwriters rubber-stamp model declines", "lens": []string{"privacy", "ai"}, "ai_category": []string{"lifecycle", "misuse"},
			"privacy_harm": []string{"exclusion from a service"}, "ai_stage": "operation and monitoring", "inherent_likelihood": 3, "inherent_impact": 4,
			"treatment": "reduce", "controls": "iso42001-2023:A.9.2, uk-dp:Art.22C", "owner": siobhan, "status": "identified", "review_date": "2026-11-20",
			"ai_systems": []string{credit}}, nil},
		{map[string]any{"title": "Chatbot gives wrong balance or arrears information", "lens": []string{"ai"}, "ai_category": []string{"hallucination"},
			"ai_stage": "deployment", "inherent_likelihood": 4, "inherent_impact": 3, "treatment": "reduce", "controls": "iso42001-2023:A.6.2.4, iso42001-2023:A.9.3",
			"residual_likelihood": 3, "residual_impact": 3, "owner": priya, "status": "in treatment", "review_date": "2026-12-15", "ai_systems": []string{chatbot}}, nil},
		{map[string]any{"title": "Chatbot discloses one customer's data to another", "lens": []string{"security", "privacy", "ai"}, "cia": []string{"confidentiality"},
			"privacy_harm": []string{"loss of confidentiality"}, "ai_category": []string{"robustness"}, "inherent_likelihood": 3, "inherent_impact": 4,
			"treatment": "reduce", "controls": "iso27001-2022:A.8.3, iso42001-2023:A.6.2.5", "residual_likelihood": 2, "residual_impact": 4,
			"owner": tomasz, "status": "in treatment", "review_date": "2026-12-04", "ai_systems": []string{chatbot},
			"suppliers": links(supplier, "ParlAI Conversational Ltd"), "processing_activities": []string{pa["Customer service chatbot"]}},
			[]string{"Restrict chatbot session context to the signed-in customer", "Tell affected chatbot users about the disclosure"}},
		{map[string]any{"title": "Prompt injection makes the chatbot act outside its purpose", "lens": []string{"security", "ai"}, "cia": []string{"integrity", "confidentiality"},
			"ai_category": []string{"misuse", "reasonably foreseeable misuse"}, "inherent_likelihood": 4, "inherent_impact": 3, "treatment": "reduce",
			"controls": "iso42001-2023:A.9.4, iso27001-2022:A.8.28", "owner": tomasz, "status": "assessed", "review_date": "2026-12-10", "ai_systems": []string{chatbot}}, nil},
		{map[string]any{"title": "Staff paste customer data into public AI assistants", "lens": []string{"security", "privacy", "ai"}, "cia": []string{"confidentiality"},
			"privacy_harm": []string{"loss of control over personal data"}, "ai_category": []string{"reasonably foreseeable misuse"},
			"inherent_likelihood": 3, "inherent_impact": 3, "treatment": "reduce", "controls": "iso27001-2022:A.5.10, iso42001-2023:A.9.3",
			"residual_likelihood": 2, "residual_impact": 3, "owner": bjorn, "status": "in treatment", "review_date": "2027-01-31"}, nil},
		{map[string]any{"title": "Ransomware encrypts the lending platform", "lens": []string{"security"}, "cia": []string{"integrity", "availability"},
			"inherent_likelihood": 3, "inherent_impact": 5, "treatment": "reduce", "controls": "iso27001-2022:A.8.7, iso27001-2022:A.8.13, iso27001-2022:A.5.30",
			"residual_likelihood": 2, "residual_impact": 4, "owner": bjorn, "accepted_by": bjorn, "accepted_on": "2026-07-01", "status": "accepted", "review_date": "2027-07-01"}, nil},
		{map[string]any{"title": "Leavers keep access to customer systems", "lens": []string{"security", "privacy"}, "cia": []string{"confidentiality"},
			"privacy_harm": []string{"loss of confidentiality"}, "inherent_likelihood": 3, "inherent_impact": 3, "treatment": "reduce",
			"controls": "iso27001-2022:A.5.18", "residual_likelihood": 2, "residual_impact": 2, "owner": bjorn, "status": "in treatment", "review_date": "2026-12-31"},
			[]string{"Remove leavers' access within one working day"}},
		{map[string]any{"title": "Cloud region outage stops lending", "lens": []string{"security"}, "cia": []string{"availability"},
			"inherent_likelihood": 2, "inherent_impact": 4, "treatment": "transfer", "controls": "iso27001-2022:A.5.23, iso27001-2022:A.5.30",
			"residual_likelihood": 2, "residual_impact": 3, "owner": bjorn, "accepted_by": bjorn, "accepted_on": "2026-05-20", "status": "accepted",
			"review_date": "2027-05-20", "suppliers": links(supplier, "Nimbus Cloud UK")}, nil},
		{map[string]any{"title": "Credit reference data kept longer than needed", "lens": []string{"privacy"}, "privacy_harm": []string{"loss of control over personal data"},
			"inherent_likelihood": 3, "inherent_impact": 2, "treatment": "reduce", "controls": "uk-dp:Art.5(2), uk-dp:Art.30(1)",
			"residual_likelihood": 2, "residual_impact": 2, "owner": zoe, "status": "in treatment", "review_date": "2027-03-31",
			"processing_activities": []string{pa["Credit applications and automated decisions"]}}, nil},
		{map[string]any{"title": "Fraud checks stretch the recognised legitimate interest", "lens": []string{"privacy"}, "privacy_harm": []string{"loss of control over personal data"},
			"inherent_likelihood": 2, "inherent_impact": 3, "treatment": "accept", "residual_likelihood": 2, "residual_impact": 3, "owner": zoe,
			"accepted_by": zoe, "accepted_on": "2026-10-15", "status": "accepted", "review_date": "2027-04-15",
			"processing_activities": []string{pa["Fraud prevention checks"]}}, nil},
		{map[string]any{"title": "Payroll bureau sends employee data to the wrong recipient", "lens": []string{"privacy"},
			"privacy_harm": []string{"financial loss", "loss of confidentiality"}, "inherent_likelihood": 2, "inherent_impact": 3, "treatment": "reduce",
			"controls": "iso27001-2022:A.5.14", "residual_likelihood": 1, "residual_impact": 3, "owner": zoe, "status": "in treatment", "review_date": "2027-02-10",
			"suppliers": links(supplier, "Pennine Payroll Services"), "processing_activities": []string{pa["Payroll and HR"]}}, nil},
		{map[string]any{"title": "Retired scorecard's training data kept without purpose", "lens": []string{"privacy", "ai"}, "ai_category": []string{"lifecycle"},
			"ai_stage": "retired", "privacy_harm": []string{"loss of control over personal data"}, "inherent_likelihood": 2, "inherent_impact": 2,
			"treatment": "avoid", "residual_likelihood": 1, "residual_impact": 2, "owner": priya, "status": "closed", "ai_systems": []string{legacy}}, nil},
	} {
		if as := links(action, r.actions...); len(as) > 0 {
			r.fields["actions"] = as
		}
		id, err := d.create("risk", r.fields)
		if err != nil {
			return nil, err
		}
		riskID[r.fields["title"].(string)] = id
	}

	creditIA1, err := d.create("impact_assessment", map[string]any{"title": "Credit-decision model impact assessment", "ai_system": credit, "version": 1,
		"status": "superseded", "assessed_by": priya, "severity": "high", "likelihood": "possible",
		"individuals": "Scored for v3; replaced when v4 added open-banking data.", "review_date": "2026-09-15"})
	if err != nil {
		return nil, err
	}
	_ = creditIA1
	creditIA, err := d.create("impact_assessment", map[string]any{"title": "Credit-decision model impact assessment", "ai_system": credit, "version": 2,
		"status": "approved", "assessed_by": priya, "severity": "high", "likelihood": "possible",
		"individuals": "A wrong decline denies someone credit they could afford; a wrong approval leads to debt they cannot repay. Both hurt most those already in difficulty.",
		"groups":      "Thin-file applicants, recent arrivals and self-employed people may be scored lower for lack of data rather than risk.",
		"society":     "At scale, systematic exclusion pushes people towards high-cost lenders.",
		"mitigations": "Quarterly bias tests with an approval-rate ratio floor of 0.8; human review of any decline on request; reason codes in every letter; monthly drift monitoring.",
		"risks": []string{riskID["Credit model disadvantages thin-file applicants"], riskID["Population drift degrades credit decisions unnoticed"],
			riskID["Declined applicants cannot understand why"], riskID["Over-reliance: underwriters rubber-stamp model declines"]},
		"approved_by": siobhan, "approved_on": "2026-09-15", "review_date": "2027-03-15"})
	if err != nil {
		return nil, err
	}
	chatIA, err := d.create("impact_assessment", map[string]any{"title": "Customer chatbot impact assessment", "ai_system": chatbot, "version": 1,
		"status": "draft", "assessed_by": zoe, "severity": "medium", "likelihood": "likely",
		"individuals": "Wrong answers about arrears could lead a borrower to miss a payment; disclosure of another customer's data (see the November incident).",
		"risks": []string{riskID["Chatbot gives wrong balance or arrears information"], riskID["Chatbot discloses one customer's data to another"],
			riskID["Prompt injection makes the chatbot act outside its purpose"]},
		"review_date": "2027-01-15"})
	if err != nil {
		return nil, err
	}

	creditDPIA, err := d.create("dpia", map[string]any{"title": "Automated credit decisions", "processing_activity": pa["Credit applications and automated decisions"],
		"screening": []string{"AI or machine learning", "automated decisions with significant effects", "large-scale profiling", "denial of a service or credit", "new technology"},
		"required":  "yes", "description": "Every personal loan application is scored by the credit-decision model; most are decided without a person.",
		"necessity":     "Consistent, fast decisions at our volume; open-banking data only with consent; retraining on pseudonymised data.",
		"risks":         "Unfair declines; opaque reasons; data used beyond its purpose by the vendor.",
		"measures":      "See the AI impact assessment v2: bias tests, human review on request, reason codes; DPA v3 with Bramley limits their use.",
		"residual_risk": "medium", "dpo_advice": "Proceed once DPA v3 is signed; review after the first bias test of v4. Followed.",
		"outcome": "proceed with measures", "status": "approved", "owner": zoe, "approved_by": eleanor, "approved_on": "2026-09-20",
		"review_date": "2027-09-20", "impact_assessment": creditIA})
	if err != nil {
		return nil, err
	}
	chatDPIA, err := d.create("dpia", map[string]any{"title": "Customer chatbot pilot", "processing_activity": pa["Customer service chatbot"],
		"screening": []string{"AI or machine learning", "new technology", "invisible processing"}, "required": "yes",
		"description":   "Pilot of an AI chatbot answering account questions for signed-in borrowers.",
		"risks":         "Disclosure across sessions; wrong information to people in financial difficulty; conversation data kept by the provider.",
		"residual_risk": "medium", "status": "in progress", "owner": zoe, "review_date": "2026-12-15", "impact_assessment": chatIA})
	if err != nil {
		return nil, err
	}
	if err := update("impact_assessment", creditIA, map[string]any{"dpia": creditDPIA}); err != nil {
		return nil, err
	}
	if err := update("impact_assessment", chatIA, map[string]any{"dpia": chatDPIA}); err != nil {
		return nil, err
	}

	// The principles, weighed at every gate the systems pass from here on.
	policy, err := titles(ctx, st, "policy")
	if err != nil {
		return nil, err
	}
	objective, err := titles(ctx, st, "objective")
	if err != nil {
		return nil, err
	}
	principle, err := demoPrinciples(d, policy["Responsible AI Policy"], map[string][]string{
		"Fairness":        links(objective, "Approval-rate gap between protected groups below 3 points"),
		"Human oversight": links(objective, "Every declined application can be reviewed by a person within 5 working days")})
	if err != nil {
		return nil, err
	}

	// The rest happens later in the calendar: each gate and reading on its own day.
	lifecycle := func(base context.Context) error {
		at := func(date string) {
			ctx = on(base, date)
			d.ctx = ctx
		}
		// The credit model passes its gates one stage at a time.
		at("2026-09-22")
		if err := weigh(d, principle, credit, "credit model", "deployment", priya, "2026-09-22", creditDeployment); err != nil {
			return err
		}
		creditRisks := []string{riskID["Credit model disadvantages thin-file applicants"], riskID["Population drift degrades credit decisions unnoticed"],
			riskID["Vendor changes the credit model without notice"], riskID["Declined applicants cannot understand why"]}
		if err := approve(d, credit, "credit model", "verification and validation", priya, "2025-07-14", "Vendor model v4 accepted for validation: model card and validation plan reviewed."); err != nil {
			return err
		}
		if err := approve(d, credit, "credit model", "deployment", siobhan, "2026-09-22", "Validation report v4 (holdout Gini 0.61), bias test Q3 passed, impact assessment v2 and DPIA approved; AI Oversight Group minutes."); err != nil {
			return err
		}
		if err := update("ai_system", credit, map[string]any{"stage": "deployment", "risks": creditRisks, "impact_assessment": creditIA,
			"gate_approved_by": siobhan, "gate_approved_on": "2026-09-22",
			"gate_evidence": "Validation report v4 (holdout Gini 0.61), bias test Q3 passed, impact assessment v2 and DPIA approved, release approved by the AI Oversight Group."}); err != nil {
			return err
		}
		at("2026-10-01")
		if err := weigh(d, principle, credit, "credit model", "operation and monitoring", priya, "2026-10-01", creditOperation); err != nil {
			return err
		}
		if err := approve(d, credit, "credit model", "operation and monitoring", siobhan, "2026-10-01", "Parallel run of two weeks against v3: decisions matched in 97% of cases; monitoring dashboard live."); err != nil {
			return err
		}
		if err := update("ai_system", credit, map[string]any{"stage": "operation and monitoring", "gate_approved_on": "2026-10-01",
			"gate_evidence": "Parallel run of two weeks against v3: decisions matched in 97% of cases; differences reviewed. Monitoring dashboard live."}); err != nil {
			return err
		}
		// The chatbot pilot went live on a recorded override while its impact assessment is drafted.
		if err := weigh(d, principle, chatbot, "chatbot", "design and development", aoife, "2026-08-14", chatbotDesign); err != nil {
			return err
		}
		if err := approve(d, chatbot, "chatbot", "design and development", siobhan, "2026-08-14", "Use case approved by the AI Oversight Group: borrower questions about balances and arrears options, with a person always reachable."); err != nil {
			return err
		}
		at("2026-10-20")
		if err := weigh(d, principle, chatbot, "chatbot", "verification and validation", aoife, "2026-10-20", chatbotValidation); err != nil {
			return err
		}
		if err := approve(d, chatbot, "chatbot", "verification and validation", siobhan, "2026-10-20", "Design review signed off; red-team test plan of 300 prompts agreed."); err != nil {
			return err
		}
		if err := update("ai_system", chatbot, map[string]any{"stage": "verification and validation",
			"risks": []string{riskID["Chatbot gives wrong balance or arrears information"], riskID["Chatbot discloses one customer's data to another"],
				riskID["Prompt injection makes the chatbot act outside its purpose"]},
			"impact_assessment": chatIA, "gate_evidence": "Red-team test of 300 prompts; 2.4% wrong answers, none about arrears options."}); err != nil {
			return err
		}
		at("2026-10-26")
		if err := update("ai_system", chatbot, map[string]any{"stage": "deployment",
			"gate_override":    "Eight-week pilot with 200 volunteer borrowers only, account-balance answers switched off after the November incident, every chat can reach a person; the impact assessment is due by 15 January 2027.",
			"gate_override_by": eleanor}); err != nil {
			return err
		}
		_ = income

		for _, m := range append([]map[string]any{
			{"title": "Income stability, September", "ai_system": credit, "metric_type": "drift", "metric": "Population stability index, applicant income",
				"value": 0.08, "threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-09-30", "measured_by": priya, "principle": principle["Safety and robustness"]},
			{"title": "Income stability, October", "ai_system": credit, "metric_type": "drift", "metric": "Population stability index, applicant income",
				"value": 0.21, "threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-10-31", "measured_by": priya, "principle": principle["Safety and robustness"],
				"notes": "Broker campaign shifted the income mix; watched weekly since."},
			{"title": "Income stability, November", "ai_system": credit, "metric_type": "drift", "metric": "Population stability index, applicant income",
				"value": 0.27, "threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-11-24", "measured_by": tomasz, "principle": principle["Safety and robustness"],
				"notes": "Over the threshold: recalibration requested from Bramley."},
			{"title": "Thin-file approval-rate ratio, Q3", "ai_system": credit, "metric_type": "bias test", "metric": "Approval rate of thin-file applicants ÷ others, at equal risk",
				"value": 0.86, "threshold": 0.8, "direction": ims.BreachBelow, "date": "2026-09-30", "measured_by": priya, "principle": principle["Fairness"]},
			{"title": "Missing income fields, November", "ai_system": credit, "metric_type": "data quality", "metric": "Share of applications with income missing",
				"value": 1.2, "threshold": 3, "direction": ims.BreachAbove, "date": "2026-11-01", "measured_by": tomasz, "principle": principle["Safety and robustness"]},
			{"title": "Wrong answers in sampled chats, November", "ai_system": chatbot, "metric_type": "output quality", "metric": "% of 200 sampled chats with a wrong answer",
				"value": 2.1, "threshold": 3, "direction": ims.BreachAbove, "date": "2026-11-20", "measured_by": aoife, "principle": principle["Safety and robustness"]},
		}, principleReadings(credit, chatbot, principle)...) {
			at(m["date"].(string))
			if _, err := d.create("monitoring_record", m); err != nil {
				return err
			}
		}
		return nil

	}
	return lifecycle, nil
}

// titles maps the titles of a kind's live records to their ids.
func titles(ctx context.Context, st ims.RecordService, kind string) (map[string]string, error) {
	res, err := st.ListRecords(ctx, ims.ListQuery{Kind: kind})
	if err != nil {
		return nil, fmt.Errorf("demo: list %s: %w", kind, err)
	}
	out := make(map[string]string, len(res.Records))
	for _, r := range res.Records {
		out[r.Title] = r.ID
	}
	return out, nil
}
