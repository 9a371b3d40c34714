package demo

import (
	"context"
	"fmt"
	"time"

	"keel/backend/ims"
)

// Fenmore Credit Ltd's people, as the rest of the demo names them.
const (
	siobhan = "Siobhán O'Connell" // Chief Risk Officer, AI governance owner
	zoe     = "Zoë Łukasiewicz"   // Data Protection Officer
	priya   = "Priya Raghunathan" // Head of Credit Models
	bjorn   = "Björn Åström"      // Head of IT and Security (CISO)
	jose    = "José Núñez"        // Procurement and Vendor Manager
	eleanor = "Eleanor Whitcombe" // CEO
	aoife   = "Aoife Ní Bhriain"  // Customer Operations Lead
	tomasz  = "Tomasz Wójcik"     // Platform Engineer
)

// Registers fills the shared IMS registers of issue 4 for the demo company. Dates
// are set around 2026-11-27 so that some items are overdue and some due this month; the
// open personal-data breach became known a few hours before now, so its 72-hour clock is
// live whenever the demo is created.
func Registers(ctx context.Context, st ims.RecordService, actor ims.Actor) error {
	d := demoWriter{ctx: ctx, st: st, actor: actor}

	// Documented information first: policies point at their controlled documents.
	docs, err := d.createAll("document", "reference", []map[string]any{
		{"title": "Information Security Policy", "reference": "POL-001", "type": "policy", "lens": []string{"security"}, "version": "4.0", "owner": bjorn,
			"approver": eleanor, "approval_date": "2026-03-12", "next_review": "2027-03-12", "retention": "Superseded versions kept 6 years",
			"classification": "internal", "location": "SharePoint › IMS › Policies", "status": "approved"},
		{"title": "Responsible AI Policy", "reference": "POL-009", "type": "policy", "lens": []string{"ai", "privacy"}, "version": "1.1", "owner": siobhan,
			"approver": eleanor, "approval_date": "2026-06-30", "next_review": "2026-12-31", "retention": "Superseded versions kept 6 years",
			"classification": "internal", "location": "SharePoint › IMS › Policies", "status": "approved"},
		{"title": "Privacy Notice for applicants", "reference": "PRV-002", "type": "external", "lens": []string{"privacy", "ai"}, "version": "3.2", "owner": zoe,
			"approver": zoe, "approval_date": "2025-09-01", "next_review": "2026-09-01", "retention": "Each version kept 7 years",
			"classification": "public", "location": "fenmore.example/privacy", "status": "approved"},
		{"title": "Incident and Breach Response Procedure", "reference": "PRC-014", "type": "procedure", "lens": []string{"security", "privacy", "ai"}, "version": "2.3",
			"owner": bjorn, "approver": siobhan, "approval_date": "2026-02-02", "next_review": "2026-11-30", "retention": "6 years",
			"classification": "internal", "location": "SharePoint › IMS › Procedures", "status": "approved"},
		{"title": "Model Risk Management Standard", "reference": "STD-005", "type": "standard", "lens": []string{"ai"}, "version": "0.9", "owner": priya,
			"approver": siobhan, "next_review": "2026-12-15", "retention": "6 years after the model is retired",
			"classification": "confidential", "location": "Confluence › Credit Models", "status": "draft"},
		{"title": "Record of Processing Activities", "reference": "REC-001", "type": "record", "lens": []string{"privacy"}, "version": "live", "owner": zoe,
			"next_review": "2026-10-31", "retention": "Current + 3 years", "classification": "confidential", "location": "Keel › Privacy", "status": "approved"},
		{"title": "Supplier Security Requirements", "reference": "STD-011", "type": "standard", "lens": []string{"security", "privacy", "ai"}, "version": "2.0", "owner": jose,
			"approver": bjorn, "approval_date": "2026-01-20", "next_review": "2027-01-20", "retention": "6 years", "classification": "internal",
			"location": "SharePoint › Procurement", "status": "approved"},
	})
	if err != nil {
		return err
	}

	policies, err := d.createAll("policy", "title", []map[string]any{
		{"title": "Information Security Policy", "lens": []string{"security"}, "owner": bjorn, "version": "4.0", "status": "approved",
			"approved_by": eleanor, "approval_date": "2026-03-12", "review_date": "2027-03-12",
			"summary":             "Protect customer and company information; risk-based controls; everyone reports incidents at once; continual improvement.",
			"requirements_served": "27001 5.2, A.5.1", "audience": "All staff and contractors", "documents": []string{docs["POL-001"]}},
		{"title": "Responsible AI Policy", "lens": []string{"ai", "privacy"}, "owner": siobhan, "version": "1.1", "status": "approved",
			"approved_by": eleanor, "approval_date": "2026-06-30", "review_date": "2026-12-31",
			"summary":             "AI supports, never replaces, accountable people: credit decisions are explainable, tested for bias before release and each quarter, and a person reviews any decline on request.",
			"requirements_served": "42001 5.2, A.2.2, A.2.3, A.9.2; 27701 (privacy by design)", "audience": "Leadership, credit team, developers, customer operations",
			"documents": []string{docs["POL-009"]}},
		{"title": "Data Protection Policy", "lens": []string{"privacy"}, "owner": zoe, "version": "3.0", "status": "approved",
			"approved_by": eleanor, "approval_date": "2025-11-04", "review_date": "2026-11-04",
			"summary":             "Lawful, fair and transparent processing; data minimised and kept no longer than needed; rights requests met within one month.",
			"requirements_served": "27701 (PIMS policy); UK GDPR Art. 5, 24", "audience": "All staff"},
		{"title": "Acceptable Use of Generative AI", "lens": []string{"ai", "security", "privacy"}, "owner": bjorn, "version": "0.3", "status": "in review",
			"review_date": "2026-12-10", "summary": "Which AI assistants staff may use, and never with customer data outside approved tools.",
			"requirements_served": "42001 A.2.2, A.9.3; 27001 A.5.10", "audience": "All staff"},
		{"title": "Supplier Management Policy", "lens": []string{"security", "privacy", "ai"}, "owner": jose, "version": "2.0", "status": "approved",
			"approved_by": siobhan, "approval_date": "2026-01-20", "review_date": "2027-01-20",
			"requirements_served": "27001 A.5.19–A.5.23; 42001 A.10.3", "documents": []string{docs["STD-011"]}},
	})
	if err != nil {
		return err
	}

	roles, err := d.createAll("role", "role", []map[string]any{
		{"role": "Chief Executive (top management)", "person": eleanor, "lens": []string{"security", "privacy", "ai"}, "raci": "accountable",
			"accountable_for": "The IMS as a whole; approves policies and the scope.", "authorities": "Approves policies, budget and risk appetite.",
			"responsibilities": "Chairs the management review twice a year.", "review_date": "2027-04-01"},
		{"role": "AI Governance Owner", "person": siobhan, "deputy": priya, "lens": []string{"ai"}, "raci": "accountable",
			"ai_governance_owner": true, "ai_use_case_approver": true, "may_override_ai": true,
			"accountable_for":  "The AIMS: AI risk criteria, impact assessments, AI objectives.",
			"responsibilities": "Chairs the AI Oversight Group monthly; reports AI risk to the board each quarter.",
			"authorities":      "Approves or stops AI use cases; may suspend a model in production.", "reports_to": eleanor, "review_date": "2027-04-01"},
		{"role": "Data Protection Officer", "person": zoe, "lens": []string{"privacy", "ai"}, "raci": "responsible",
			"responsibilities": "DPIAs, records of processing, rights requests, breach assessment and ICO reporting.",
			"authorities":      "Decides whether a breach is reportable; may require a DPIA before any release.", "reports_to": eleanor, "review_date": "2027-04-01"},
		{"role": "Head of Credit Models", "person": priya, "lens": []string{"ai"}, "raci": "responsible", "may_override_ai": true,
			"responsibilities": "Model validation, bias testing, drift monitoring of the credit-decision model.",
			"authorities":      "Overrides model decisions on review; rolls back a model version.", "reports_to": siobhan, "review_date": "2026-10-15"},
		{"role": "Chief Information Security Officer", "person": bjorn, "deputy": tomasz, "lens": []string{"security"}, "raci": "responsible",
			"responsibilities": "ISMS operation, security incidents, access control, supplier security assessment.",
			"authorities":      "Declares a security incident; isolates systems.", "reports_to": siobhan, "review_date": "2027-04-01"},
		{"role": "Customer Operations Lead", "person": aoife, "lens": []string{"ai", "privacy"}, "raci": "consulted", "may_override_ai": true,
			"responsibilities": "Human review of declined applications; chatbot escalations to people.", "reports_to": eleanor},
		{"role": "Vendor Manager", "person": jose, "lens": []string{"security", "privacy", "ai"}, "raci": "responsible",
			"responsibilities": "Supplier due diligence, contracts, annual supplier reviews.", "reports_to": siobhan, "review_date": "2027-04-01"},
	})
	if err != nil {
		return err
	}

	// Objectives with their measurements over time: the trend charts of the dashboard.
	objectives := []struct {
		short    string
		fields   map[string]any
		readings []float64
	}{
		{"Human review", map[string]any{"title": "Every declined application can be reviewed by a person within 5 working days", "lens": []string{"ai", "privacy"},
			"kpi": "share of review requests completed within 5 working days", "target": 95.0, "unit": "%", "direction": "higher", "owner": aoife,
			"due_date": "2026-12-31", "status": "on track", "plan": "Review queue in the CRM, two trained reviewers, weekly report to the AI Oversight Group.",
			"policies": []string{policies["Responsible AI Policy"]}}, []float64{71, 78, 84, 88, 91, 93}},
		{"Approval-rate gap", map[string]any{"title": "Approval-rate gap between protected groups below 3 points", "lens": []string{"ai"},
			"kpi": "largest gap in approval rate across protected characteristics (percentage points)", "target": 3.0, "unit": "points", "direction": "lower",
			"owner": priya, "due_date": "2027-03-31", "status": "at risk", "policies": []string{policies["Responsible AI Policy"]}}, []float64{6.1, 5.4, 5.8, 4.9, 4.6, 4.2}},
		{"Phishing clicks", map[string]any{"title": "Phishing simulation click rate under 5%", "lens": []string{"security"}, "kpi": "click rate in the monthly simulation",
			"target": 5.0, "unit": "%", "direction": "lower", "owner": bjorn, "due_date": "2026-09-30", "status": "missed",
			"policies": []string{policies["Information Security Policy"]}}, []float64{14, 11, 9.5, 8, 7.2, 6.8}},
		{"Rights requests", map[string]any{"title": "Rights requests answered within one month", "lens": []string{"privacy"}, "kpi": "share answered within the statutory month",
			"target": 100.0, "unit": "%", "direction": "higher", "owner": zoe, "due_date": "2026-11-20", "status": "on track"}, []float64{92, 96, 100, 97, 100, 100}},
	}
	start := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	for _, o := range objectives {
		id, err := d.create("objective", o.fields)
		if err != nil {
			return err
		}
		for i, v := range o.readings {
			day := start.AddDate(0, i, 0)
			if _, err := d.create("measurement", map[string]any{"label": o.short + ", " + day.Format("January 2006"), "objective": id,
				"date": day.Format(time.DateOnly), "value": v, "measured_by": o.fields["owner"]}); err != nil {
				return err
			}
		}
	}

	if _, err := d.createAll("change", "", []map[string]any{
		{"title": "Bring the customer chatbot from pilot into production", "lens": []string{"ai", "privacy", "security"}, "owner": siobhan, "status": "approved",
			"planned_date": "2027-02-01", "approved_by": eleanor, "purpose": "Answer routine account questions out of hours.",
			"consequences": "New personal-data flows to the model vendor; new misuse risks (prompt injection).", "resources": "Two engineers for 8 weeks; DPIA; red-team test."},
		{"title": "Move the credit model to Bramley Analytics v5", "lens": []string{"ai"}, "owner": priya, "status": "in progress", "planned_date": "2026-11-16",
			"purpose": "Better calibration on thin-file applicants.", "consequences": "Re-validation and bias testing before release; adverse-action reasons change."},
		{"title": "Extend the IMS scope to ISO/IEC 42001", "lens": []string{"ai", "security", "privacy"}, "owner": siobhan, "status": "done", "planned_date": "2026-04-01", "approved_by": eleanor},
	}); err != nil {
		return err
	}

	if _, err := d.createAll("resource", "", []map[string]any{
		{"name": "AI Oversight Group (4 people, 1 day a month)", "type": "people", "lens": []string{"ai"}, "owner": siobhan, "adequate": true, "review_date": "2027-04-01"},
		{"name": "Model monitoring dashboard (drift and bias)", "type": "tool", "lens": []string{"ai"}, "owner": priya, "adequate": false,
			"gap": "Drift alerts go to one mailbox; add paging and a weekly review.", "review_date": "2026-11-13"},
		{"name": "Security operations (managed SOC)", "type": "external service", "lens": []string{"security"}, "owner": bjorn, "adequate": true, "review_date": "2027-01-31"},
		{"name": "Privacy team (DPO and 0.5 analyst)", "type": "people", "lens": []string{"privacy"}, "owner": zoe, "adequate": false,
			"gap": "DPIA backlog since the chatbot pilot; budget requested for a full-time analyst.", "review_date": "2026-12-18"},
		{"name": "IMS budget 2026/27", "type": "budget", "lens": []string{"security", "privacy", "ai"}, "owner": eleanor, "adequate": true,
			"description": "£180,000 including certification audits and training."},
	}); err != nil {
		return err
	}

	if _, err := d.createAll("training", "", []map[string]any{
		{"course": "Annual security and privacy awareness", "person": tomasz, "audience": "all staff", "lens": []string{"security", "privacy"},
			"due_date": "2026-10-31", "completed_date": "2026-10-12", "status": "completed"},
		{"course": "Annual security and privacy awareness", "person": aoife, "audience": "all staff", "lens": []string{"security", "privacy"},
			"due_date": "2026-10-31", "status": "planned"},
		{"course": "Human oversight of credit decisions", "person": aoife, "role": roles["Customer Operations Lead"], "audience": "AI operators",
			"lens": []string{"ai"}, "due_date": "2026-11-30", "status": "in progress"},
		{"course": "AI governance for board members", "person": eleanor, "role": roles["Chief Executive (top management)"], "audience": "leadership",
			"lens": []string{"ai"}, "due_date": "2026-09-30", "completed_date": "2026-09-18", "status": "completed",
			"effectiveness": "Board approved the AI risk appetite statement after the session."},
		{"course": "Fairness testing methods", "person": priya, "role": roles["Head of Credit Models"], "audience": "developers", "lens": []string{"ai"},
			"due_date": "2027-01-31", "status": "planned"},
		{"course": "Breach assessment and ICO reporting", "person": zoe, "role": roles["Data Protection Officer"], "audience": "incident responders",
			"lens": []string{"privacy"}, "due_date": "2026-06-30", "completed_date": "2026-05-21", "status": "completed"},
		{"course": "Supplier AI due diligence", "person": jose, "role": roles["Vendor Manager"], "audience": "procurement", "lens": []string{"ai", "security"},
			"due_date": "2026-11-06", "status": "planned"},
		{"course": "Incident handling tabletop", "person": bjorn, "role": roles["Chief Information Security Officer"], "audience": "incident responders",
			"lens": []string{"security", "privacy", "ai"}, "due_date": "2026-12-12", "status": "planned"},
	}); err != nil {
		return err
	}

	if _, err := d.createAll("awareness", "", []map[string]any{
		{"title": "Monthly phishing simulation", "lens": []string{"security"}, "audience": "All staff", "channel": "phishing exercise", "date": "2026-11-03",
			"next_date": "2026-12-01", "owner": bjorn, "reach": 58.0},
		{"title": "\"AI at Fenmore\" all-hands briefing", "lens": []string{"ai"}, "audience": "All staff", "channel": "briefing", "date": "2026-07-09",
			"next_date": "2027-01-14", "owner": siobhan, "reach": 54.0, "notes": "What our AI does, what it must not do, how to raise a concern."},
		{"title": "Privacy tips in the staff newsletter", "lens": []string{"privacy"}, "audience": "All staff", "channel": "newsletter", "date": "2026-10-01",
			"next_date": "2026-11-25", "owner": zoe, "reach": 60.0},
	}); err != nil {
		return err
	}

	if _, err := d.createAll("communication", "", []map[string]any{
		{"what": "Personal-data breach notification", "when": "Within 72 hours of becoming aware", "with_whom": "ICO", "who": zoe, "how": "ICO online form",
			"direction": "external", "lens": []string{"privacy"}},
		{"what": "AI risk and performance report", "when": "Quarterly", "with_whom": "Board", "who": siobhan, "how": "Board pack", "direction": "internal",
			"lens": []string{"ai"}, "next_date": "2026-12-09"},
		{"what": "Model change notice", "when": "30 days before a model version change", "with_whom": "Fenmore credit team", "who": jose,
			"how": "Email from Bramley Analytics, logged in Keel", "direction": "external", "lens": []string{"ai"}},
		{"what": "IMS performance summary", "when": "Monthly", "with_whom": "Leadership team", "who": bjorn, "how": "Leadership meeting",
			"direction": "internal", "lens": []string{"security", "privacy", "ai"}, "next_date": "2026-11-20"},
		{"what": "How we use AI in lending decisions", "when": "At application and on request", "with_whom": "Applicants", "who": zoe,
			"how": "Privacy notice and decline letters", "direction": "external", "lens": []string{"ai", "privacy"}},
	}); err != nil {
		return err
	}

	suppliers, err := d.createAll("supplier", "name", []map[string]any{
		{"name": "Bramley Analytics Ltd", "service": "Credit-decision model (licensed, hosted by us)", "lens": []string{"ai", "security", "privacy"}, "criticality": "high",
			"owner": jose, "security_clauses": "Secure development, vulnerability notice within 48 hours, annual penetration test report.", "certifications": "ISO/IEC 27001",
			"processes_personal_data": true, "processor_agreement": "in negotiation", "data_location": "UK",
			"privacy_obligations": "Uses pseudonymised applicant data for model retraining only under the new DPA (v3, awaiting signature).",
			"provides_ai":         true, "ai_expectations": "Model card per version; 30 days' notice of changes; bias test results per release; no use of our data for other clients.",
			"due_diligence": "issues found", "last_review": "2025-10-20", "next_review": "2026-10-20"},
		{"name": "Nimbus Cloud UK", "service": "Hosting (UK regions)", "lens": []string{"security", "privacy"}, "criticality": "high", "owner": bjorn,
			"security_clauses": "Shared responsibility model; SOC 2 Type II yearly; 24-hour incident notice.", "certifications": "ISO/IEC 27001, 27017, 27018; SOC 2 Type II",
			"processes_personal_data": true, "processor_agreement": "signed", "data_location": "UK (London, Manchester)",
			"provides_ai": false, "due_diligence": "complete", "last_review": "2026-05-14", "next_review": "2027-05-14"},
		{"name": "ParlAI Conversational Ltd", "service": "Chatbot platform and large language model API", "lens": []string{"ai", "privacy", "security"}, "criticality": "medium",
			"owner": jose, "processes_personal_data": true, "processor_agreement": "signed", "data_location": "UK and EU",
			"provides_ai": true, "ai_expectations": "Third-party foundation model; prompts not used for training; content filters; logs kept 30 days.",
			"due_diligence": "in progress", "last_review": "2026-06-02", "next_review": "2026-12-02"},
		{"name": "Pennine Payroll Services", "service": "Payroll bureau", "lens": []string{"privacy"}, "criticality": "low", "owner": zoe,
			"processes_personal_data": true, "processor_agreement": "signed", "data_location": "UK", "due_diligence": "complete",
			"last_review": "2026-02-10", "next_review": "2027-02-10"},
	})
	if err != nil {
		return err
	}

	actions, err := d.createAll("action", "title", []map[string]any{
		{"title": "Sign the Bramley Analytics processor agreement (DPA v3)", "source_kind": "supplier review", "source_ref": "Supplier: Bramley Analytics Ltd",
			"lens": []string{"privacy", "ai"}, "owner": jose, "due_date": "2026-10-31", "priority": "high", "status": "in progress"},
		{"title": "Add paging to model drift alerts", "source_kind": "incident", "lens": []string{"ai"}, "owner": tomasz, "due_date": "2026-11-28",
			"priority": "high", "status": "open"},
		{"title": "Re-run bias tests on credit model v5 before release", "source_kind": "gap analysis", "source_ref": "42001 A.6.2.4",
			"lens": []string{"ai"}, "owner": priya, "due_date": "2026-11-13", "priority": "high", "status": "open"},
		{"title": "Tell affected chatbot users about the disclosure", "source_kind": "incident", "lens": []string{"privacy"}, "owner": aoife,
			"due_date": "2026-11-30", "priority": "high", "status": "open"},
		{"title": "Restrict chatbot session context to the signed-in customer", "source_kind": "incident", "lens": []string{"ai", "security", "privacy"},
			"owner": tomasz, "due_date": "2026-12-04", "priority": "high", "status": "in progress"},
		{"title": "Remove leavers' access within one working day", "source_kind": "audit", "source_ref": "Internal audit 2026-Q3 finding 2",
			"lens": []string{"security"}, "owner": bjorn, "due_date": "2026-09-30", "priority": "medium", "status": "done", "completed_on": "2026-09-22"},
		{"title": "Draft the AI system impact assessment for the chatbot", "source_kind": "management review", "lens": []string{"ai", "privacy"},
			"owner": zoe, "due_date": "2027-01-15", "priority": "medium", "status": "open"},
	})
	if err != nil {
		return err
	}

	ncs, err := d.createAll("nonconformity", "title", []map[string]any{
		{"title": "Leavers kept access for up to 3 weeks", "source": "internal audit",
			"lens": []string{"security"}, "severity": "minor", "requirement": "27001 A.5.18",
			"description": "3 of 10 sampled leavers still had CRM access 9–21 days after leaving.",
			"correction":  "Access removed the same day the audit found it.", "root_cause": "HR leaver notice reached IT by email only; no ticket.",
			"corrective_action": "Leaver ticket raised automatically from the HR system.", "owner": bjorn, "due_date": "2026-09-30",
			"status": "awaiting check", "effectiveness_date": "2026-12-31", "actions": []string{actions["Remove leavers' access within one working day"]}},
		{"title": "Model drift alert not acted on for 11 days", "source": "incident",
			"lens": []string{"ai"}, "severity": "major", "requirement": "42001 9.1, A.6.2.6",
			"description": "The population stability alert fired on 2 October; nobody reviewed it until 13 October.",
			"root_cause":  "Alerts went to a shared mailbox nobody owns.", "corrective_action": "Named on-call reviewer and paging.",
			"owner": priya, "due_date": "2026-11-20", "status": "action planned", "actions": []string{actions["Add paging to model drift alerts"]}},
		{"title": "Two DPIAs past their review date", "source": "self-identified",
			"lens": []string{"privacy"}, "severity": "observation", "owner": zoe, "due_date": "2027-01-31", "status": "open"},
	})
	if err != nil {
		return err
	}
	ncDrift := ncs["Model drift alert not acted on for 11 days"]

	now := time.Now().UTC()
	rfc := func(t time.Time) string { return t.Truncate(time.Minute).Format(time.RFC3339) }
	if _, err := d.createAll("incident", "", []map[string]any{
		{"title": "Chatbot showed another customer's balance", "type": "personal-data breach", "severity": "high", "status": "contained",
			"lens":        []string{"privacy", "ai", "security"},
			"description": "A borrower asking for their balance was shown the balance and last payment date of another customer after a session-context mix-up in the chatbot.",
			"occurred_at": rfc(now.Add(-20 * time.Hour)), "became_aware_at": rfc(now.Add(-5 * time.Hour)), "contained_at": rfc(now.Add(-3 * time.Hour)),
			"handler": zoe, "escalated_to": siobhan, "escalation": "DPO informed at once; AI Governance Owner suspended the chatbot's account-balance feature.",
			"ai_system": "Customer chatbot (pilot)", "personal_data": "Name initial, balance and payment date of 1 customer, seen by 1 other customer",
			"ico_reportable": "yes", "individuals_to_be_told": "yes",
			"suppliers": []string{suppliers["ParlAI Conversational Ltd"]},
			"actions":   []string{actions["Tell affected chatbot users about the disclosure"], actions["Restrict chatbot session context to the signed-in customer"]}},
		{"title": "Credit model drift alert ignored", "type": "AI system failure", "severity": "medium", "status": "resolved", "lens": []string{"ai"},
			"description": "Applicant income distribution shifted after a broker campaign; approvals rose 4 points before anyone looked.",
			"occurred_at": "2026-10-02T07:30:00Z", "became_aware_at": "2026-10-13T09:10:00Z", "resolved_at": "2026-10-20T16:00:00Z",
			"handler": priya, "ai_system": "Credit-decision model v4 (Bramley Analytics)", "root_cause": "Alert routing to an unowned mailbox.",
			"lessons":   "Every model alert has a named owner and a response time.",
			"suppliers": []string{suppliers["Bramley Analytics Ltd"]}, "nonconformities": []string{ncDrift},
			"actions": []string{actions["Add paging to model drift alerts"]}},
		{"title": "Phishing email led to one compromised mailbox", "type": "security incident", "severity": "medium", "status": "closed",
			"lens": []string{"security"}, "occurred_at": "2026-08-14T10:02:00Z", "became_aware_at": "2026-08-14T10:40:00Z",
			"contained_at": "2026-08-14T11:15:00Z", "resolved_at": "2026-08-15T12:00:00Z", "handler": bjorn,
			"lessons": "Conditional access now blocks sign-ins from new countries.", "ico_reportable": "no", "individuals_to_be_told": "no"},
		{"title": "Payroll file emailed to the wrong address", "type": "personal-data breach", "severity": "low", "status": "closed",
			"lens": []string{"privacy"}, "occurred_at": "2026-04-03T15:20:00Z", "became_aware_at": "2026-04-03T15:45:00Z",
			"handler": zoe, "personal_data": "Salary data of 4 employees", "ico_reportable": "no", "individuals_to_be_told": "no",
			"escalation": "Recipient (another payroll bureau client) confirmed deletion in writing within the hour; assessed as unlikely to result in a risk.",
			"suppliers":  []string{suppliers["Pennine Payroll Services"]}},
		{"title": "Laptop left on a train", "type": "security incident", "severity": "low", "status": "open", "lens": []string{"security"},
			"occurred_at": rfc(now.Add(-50 * time.Hour)), "became_aware_at": rfc(now.Add(-48 * time.Hour)), "handler": bjorn,
			"description": "Encrypted, managed laptop; remote wipe sent; awaiting confirmation.", "nonconformities": nil},
	}); err != nil {
		return err
	}

	if _, err := d.createAll("improvement", "", []map[string]any{
		{"title": "One action list for audits, incidents and reviews", "lens": []string{"security", "privacy", "ai"}, "source": "management review",
			"owner": siobhan, "logged_on": "2026-04-20", "target_date": "2026-07-31", "status": "done",
			"benefit": "Nothing falls between three separate trackers."},
		{"title": "Automate bias reports from the monitoring dashboard", "lens": []string{"ai"}, "source": "objective", "owner": priya,
			"logged_on": "2026-09-02", "target_date": "2026-11-30", "status": "in progress"},
		{"title": "Passwordless sign-in for staff", "lens": []string{"security"}, "source": "suggestion", "owner": tomasz,
			"logged_on": "2026-10-07", "target_date": "2027-03-31", "status": "approved"},
		{"title": "Plain-English decline reasons tested with customers", "lens": []string{"ai", "privacy"}, "source": "incident", "owner": aoife,
			"logged_on": "2026-06-18", "target_date": "2026-10-30", "status": "in progress"},
	}); err != nil {
		return err
	}
	return nil
}

type demoWriter struct {
	ctx   context.Context
	st    ims.RecordService
	actor ims.Actor
}

// createAll creates the records of one kind in order; it returns their IDs by the value of
// the field key ("" when the caller needs no IDs).
func (d demoWriter) createAll(kind, key string, rows []map[string]any) (map[string]string, error) {
	ids := map[string]string{}
	for _, fields := range rows {
		var name string
		if key != "" {
			name = fields[key].(string) // before create drops the empty fields
		}
		id, err := d.create(kind, fields)
		if err != nil {
			return nil, err
		}
		if key != "" {
			ids[name] = id
		}
	}
	return ids, nil
}

func (d demoWriter) create(kind string, fields map[string]any) (string, error) {
	for k, v := range fields {
		if v == nil {
			delete(fields, k)
		}
	}
	r, err := d.st.CreateRecord(d.ctx, d.actor, kind, fields)
	if err != nil {
		k, _ := ims.KindByName(kind)
		title := ""
		if k != nil {
			title = fmt.Sprint(fields[k.TitleField])
		}
		return "", fmt.Errorf("demo %s %q: %w", kind, title, err)
	}
	return r.ID, nil
}
