// Package demo fills a workspace with the demo: a realistic IMS for a fictional company,
// written through the same record service as the UI, so every demo record has history.
package demo

import (
	"context"
	"fmt"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// Service is what the demo writes through: the record service, and a batch create that
// writes many records of one kind in one transaction (the Statement of Applicability's
// few hundred statuses). It is declared here so the demo asks for no more than it uses.
type Service interface {
	ims.RecordService
	CreateRecords(ctx context.Context, actor ims.Actor, kind string, records []map[string]any) ([]ims.Record, error)
}

// Organisation is the demo's legal entity, the workspace setting its packs print (a
// fictional company: the number and address are made up).
var Organisation = ims.Organisation{LegalName: "Fenmore Credit Ltd", RegisteredNumber: "08451937",
	Address: "3 Wharf Approach, Leeds LS1 4BR, United Kingdom"}

// Actor signs the demo data when nobody has said who they are yet.
var Actor = ims.Actor{Name: "Keel demo", Email: "demo@keel.invalid", Role: "Demo data"}

// Fill fills a workspace with a realistic IMS for a fictional UK company: Fenmore
// Credit Ltd, a 60-person consumer lender, ISO/IEC 27001 certified, now adding ISO/IEC
// 42001 for its AI credit-decision model and customer chatbot. std is the standards
// catalogue the control statuses refer to. It goes through the same service as the UI, so
// every demo record has history.
func Fill(ctx context.Context, st Service, actor ims.Actor, std *catalog.Standards) error {
	start := ctx
	ctx = on(start, "2025-06-02") // the demo's calendar: history.go
	party := map[string]string{}
	parties := []map[string]any{
		{"name": "Financial Conduct Authority (FCA)", "category": "regulator", "lens": []string{"security", "ai"}, "influence": "high", "addressed": true,
			"requirements":  "Fair treatment of customers (Consumer Duty), explainable credit decisions, operational resilience.",
			"how_addressed": "Model risk policy, AI impact assessment per model, quarterly Consumer Duty report.", "contact": "Siobhán O'Connell"},
		{"name": "Information Commissioner's Office (ICO)", "category": "regulator", "lens": []string{"privacy", "ai"}, "influence": "high", "addressed": true,
			"requirements":  "UK GDPR accountability, DPIAs for credit scoring, breach reports within 72 hours, safeguards for significant automated decisions.",
			"how_addressed": "Records of processing, DPIA register, breach procedure with a 72-hour clock.", "contact": "Zoë Łukasiewicz"},
		{"name": "Loan applicants", "category": "affected individual", "lens": []string{"privacy", "ai"}, "influence": "medium", "addressed": true,
			"requirements":  "A fair decision, a clear reason when declined, a human review on request, their data kept safe.",
			"how_addressed": "Adverse-action reasons from the model, human review within 5 working days.", "contact": "Priya Raghunathan"},
		{"name": "Existing borrowers", "category": "customer", "lens": []string{"security", "privacy", "ai"}, "influence": "medium", "addressed": true,
			"requirements": "Accurate answers from the chatbot, easy route to a person, account data protected."},
		{"name": "Groups under-represented in credit data", "category": "affected group", "lens": []string{"ai"}, "influence": "low", "addressed": true,
			"requirements":  "Not to be disadvantaged by bias in training data (e.g. thin-file applicants, recent migrants).",
			"how_addressed": "Quarterly bias testing across protected characteristics and proxies."},
		{"name": "Staff (60 employees)", "category": "employee", "lens": []string{"security", "privacy"}, "influence": "medium", "addressed": true,
			"requirements": "Clear policies, training on AI use, protection of HR data.", "contact": "Björn Åström"},
		{"name": "Bramley Analytics Ltd (model vendor)", "category": "supplier", "lens": []string{"security", "ai"}, "influence": "high", "addressed": true,
			"requirements": "Model documentation, change notifications, right to audit.", "contact": "José Núñez"},
		{"name": "Cloud hosting provider", "category": "supplier", "lens": []string{"security", "privacy"}, "influence": "high", "addressed": true,
			"requirements": "Shared responsibility model, UK data residency."},
		{"name": "Shareholders and board", "category": "shareholder", "lens": []string{"security", "privacy", "ai"}, "influence": "high", "addressed": true,
			"requirements": "Certified IMS, managed regulatory risk, growth without headline incidents."},
		{"name": "Debt advice charities", "category": "society", "lens": []string{"ai"}, "influence": "low", "addressed": false,
			"requirements": "Responsible lending, no automated nudging towards unaffordable credit."},
	}
	for _, p := range parties {
		p["review_date"] = "2027-03-31"
		r, err := st.CreateRecord(ctx, actor, "interested_party", p)
		if err != nil {
			return fmt.Errorf("demo party %v: %w", p["name"], err)
		}
		party[r.Title] = r.ID
	}
	issues := []struct {
		fields  map[string]any
		parties []string
	}{
		{map[string]any{"title": "Consumer Duty expectations on automated credit decisions", "type": "external", "category": "legal", "lens": []string{"ai", "privacy"}, "effect": "negative", "status": "open",
			"description": "The FCA expects firms to show good outcomes for retail customers, including those declined by the model.", "owner": "Siobhán O'Connell", "review_date": "2026-12-15",
			"ai_roles": []string{"AI customer"}, "privacy_roles": []string{"controller"}}, []string{"Financial Conduct Authority (FCA)", "Loan applicants"}},
		{map[string]any{"title": "Data (Use and Access) Act 2025 changes to automated decision-making", "type": "external", "category": "legal", "lens": []string{"privacy", "ai"}, "effect": "both", "status": "open",
			"description": "Articles 22A–22D replace Article 22: safeguards for significant decisions, recognised legitimate interests.", "owner": "Zoë Łukasiewicz", "review_date": "2027-01-31"}, []string{"Information Commissioner's Office (ICO)", "Loan applicants"}},
		{map[string]any{"title": "Reliance on a third-party credit model", "type": "external", "category": "technological", "lens": []string{"security", "ai"}, "effect": "negative", "status": "monitored",
			"description": "The scorecard model is built by Bramley Analytics; retraining and changes happen outside our control.", "owner": "José Núñez", "review_date": "2027-02-28",
			"ai_roles": []string{"AI customer", "AI partner"}}, []string{"Bramley Analytics Ltd (model vendor)"}},
		{map[string]any{"title": "Customer chatbot built on a general-purpose language model", "type": "internal", "category": "technological", "lens": []string{"security", "privacy", "ai"}, "effect": "both", "status": "open",
			"description": "Cuts call waiting times, but can produce wrong answers about balances and arrears; prompts may contain personal data.", "owner": "Priya Raghunathan", "review_date": "2026-12-01",
			"ai_roles": []string{"AI provider", "AI customer"}}, []string{"Existing borrowers"}},
		{map[string]any{"title": "ISO/IEC 27001 certified since 2023", "type": "internal", "category": "organisational", "lens": []string{"security"}, "effect": "positive", "status": "monitored",
			"description": "A working ISMS: risk method, internal audit and management review can be extended rather than rebuilt.", "owner": "Björn Åström", "review_date": "2027-06-30"}, []string{"Shareholders and board"}},
		{map[string]any{"title": "Small team: 60 people, one part-time DPO", "type": "internal", "category": "organisational", "lens": []string{"security", "privacy", "ai"}, "effect": "negative", "status": "open",
			"description": "Limited capacity for three separate systems; one integrated IMS is the only workable route.", "owner": "Björn Åström", "review_date": "2027-03-31"}, []string{"Staff (60 employees)"}},
		{map[string]any{"title": "Rising cost of living increases arrears", "type": "external", "category": "economic", "lens": []string{"ai"}, "effect": "negative", "status": "monitored",
			"description": "Drift in applicant populations can degrade model performance; affordability checks must keep pace.", "owner": "Siobhán O'Connell", "review_date": "2027-01-15"}, []string{"Shareholders and board", "Debt advice charities"}},
		{map[string]any{"title": "Public concern about bias in lending algorithms", "type": "external", "category": "social", "lens": []string{"ai"}, "effect": "negative", "status": "open",
			"description": "Press and advocacy groups scrutinise automated lending; transparency is expected.", "owner": "Priya Raghunathan", "review_date": "2027-02-01"}, []string{"Groups under-represented in credit data", "Debt advice charities"}},
		{map[string]any{"title": "UK data residency commitment to customers", "type": "internal", "category": "legal", "lens": []string{"privacy", "security"}, "effect": "positive", "status": "closed",
			"description": "All customer data is hosted in UK regions; chatbot prompts are processed under a UK/EU data processing addendum.", "owner": "Zoë Łukasiewicz", "review_date": "2027-09-30",
			"privacy_roles": []string{"controller"}}, []string{"Cloud hosting provider", "Existing borrowers"}},
		{map[string]any{"title": "Office energy use and remote working", "type": "external", "category": "environmental", "lens": []string{"security"}, "effect": "positive", "status": "closed",
			"description": "Mostly remote staff: endpoint security matters more than the office perimeter.", "owner": "Björn Åström"}, nil},
	}
	var issueIDs []string
	for _, is := range issues {
		var links []string
		for _, p := range is.parties {
			links = append(links, party[p])
		}
		if links != nil {
			is.fields["related_parties"] = links
		}
		r, err := st.CreateRecord(ctx, actor, "context_issue", is.fields)
		if err != nil {
			return fmt.Errorf("demo issue %v: %w", is.fields["title"], err)
		}
		issueIDs = append(issueIDs, r.ID)
	}
	allParties := make([]string, 0, len(party))
	for _, p := range parties {
		allParties = append(allParties, party[p["name"].(string)])
	}
	v1, err := st.CreateRecord(ctx, actor, "scope_statement", map[string]any{
		"title": "IMS scope 2025 (ISMS only)", "version": 1, "status": "superseded",
		"isms_boundary": "Lending platform, customer data and supporting IT at the Leeds office and in the UK cloud region.",
		"sites":         "Leeds (head office), remote staff in the UK", "approved_by": "Eleanor Whitcombe (CEO)", "effective_date": "2025-01-06",
	})
	if err != nil {
		return fmt.Errorf("demo scope: %w", err)
	}
	_, err = st.CreateRecord(ctx, actor, "scope_statement", map[string]any{
		"title": "Integrated IMS scope 2026", "version": 2, "status": "approved",
		"isms_boundary":           "Lending platform, customer and employee information, supporting IT at the Leeds office, remote endpoints and the UK cloud region.",
		"pims_boundary":           "Processing of applicant, borrower and employee personal data as controller; payroll as processor's customer.",
		"aims_boundary":           "Credit-decision model (third-party, in production) and customer chatbot (in pilot), across design, deployment, operation and retirement.",
		"inclusions":              "Model governance, vendor management for Bramley Analytics, chatbot prompt and response logging.",
		"exclusions":              "Marketing website content management; the group's insurance-broking subsidiary.",
		"exclusion_justification": "The website holds no personal data beyond analytics cookies managed by the marketing agency; the subsidiary runs its own ISMS.",
		"interfaces":              "Credit reference agencies (data in), Bramley Analytics (model updates), cloud provider (hosting), payroll bureau.",
		"sites":                   "Leeds (head office), remote staff in the UK", "approved_by": "Eleanor Whitcombe (CEO)", "effective_date": "2026-04-01",
		"issues": issueIDs, "parties": allParties,
	})
	if err != nil {
		return fmt.Errorf("demo scope: %w", err)
	}
	// A little history: the first scope was later marked superseded with a note.
	_, err = st.UpdateRecord(ctx, actor, "scope_statement", v1.ID, map[string]any{
		"exclusions": "AI systems (not yet in scope before ISO/IEC 42001)."})
	if err != nil {
		return err
	}
	if err := Registers(on(start, "2025-06-16"), st, actor); err != nil {
		return err
	}
	lifecycle, err := risk(on(start, "2025-07-07"), st, actor)
	if err != nil {
		return err
	}
	if err := statuses(on(start, "2025-08-04"), st, actor, std); err != nil {
		return err
	}
	audits, review, err := audit(on(start, "2025-11-20"), st, actor)
	if err != nil {
		return err
	}
	if err := history(start, st, actor); err != nil {
		return err
	}
	if err := audits(start); err != nil {
		return err
	}
	if err := lifecycle(start); err != nil {
		return err
	}
	if err := review(start); err != nil {
		return err
	}
	return packs(ctx, st, actor)
}
