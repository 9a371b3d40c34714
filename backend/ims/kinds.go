package ims

// The lenses a record may be seen through.
var lensOptions = []string{"security", "privacy", "ai"}

func init() {
	Register(Kind{
		Name: "context_issue", Label: "Context issue", Plural: "Context issues",
		Group: "Context", Clause: "4.1", TitleField: "title",
		Help: "Internal and external issues that affect the outcomes of the AIMS, ISMS and PIMS (42001, 27001 and 27701 clause 4.1).",
		Fields: []Field{
			{Name: "title", Label: "Issue", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200,
				Help: "A short name for the issue, e.g. \"FCA expectations on AI in credit decisions\"."},
			{Name: "type", Label: "Internal or external", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"internal", "external"}, Help: "Clause 4.1 asks for both internal and external issues."},
			{Name: "lens", Label: "Lens", Type: TypeMultiEnum, ListColumn: true, Options: lensOptions,
				Help: "Which systems the issue bears on: security (ISMS), privacy (PIMS), AI (AIMS)."},
			{Name: "category", Label: "Category", Type: TypeEnum, Index: true,
				Options: []string{"political", "economic", "social", "technological", "legal", "environmental", "organisational"}},
			{Name: "description", Label: "Description", Type: TypeLongText, MaxLen: 10000},
			{Name: "effect", Label: "Effect on intended outcomes", Type: TypeEnum, ListColumn: true,
				Options: []string{"positive", "negative", "both"}},
			{Name: "ai_roles", Label: "Our AI role(s)", Type: TypeMultiEnum,
				Options: []string{"AI provider", "AI producer", "AI customer", "AI partner", "AI subject", "relevant authority"},
				Help:    "The organisation's role(s) towards AI systems, which 42001 4.1 asks you to determine."},
			{Name: "privacy_roles", Label: "Our privacy role(s)", Type: TypeMultiEnum,
				Options: []string{"controller", "joint controller", "processor"},
				Help:    "PII controller and/or processor (27701 clause 5.2.1 in the 2019 edition, 4.1 in 2025)."},
			{Name: "owner", Label: "Owner", Type: TypePerson, ListColumn: true, Index: true},
			{Name: "status", Label: "Status", Type: TypeEnum, ListColumn: true, Index: true,
				Options: []string{"open", "monitored", "closed"}},
			{Name: "review_date", Label: "Next review", Type: TypeDate, ListColumn: true},
			{Name: "related_parties", Label: "Related interested parties", Type: TypeLinks, LinkKind: "interested_party"},
			attachmentsField,
		},
	})
	Register(Kind{
		Name: "interested_party", Label: "Interested party", Plural: "Interested parties",
		Group: "Context", Clause: "4.2", TitleField: "name",
		Help: "Parties relevant to the IMS and their requirements (clause 4.2), including individuals, groups and society affected by AI.",
		Fields: []Field{
			{Name: "name", Label: "Party", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "category", Label: "Category", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"customer", "employee", "regulator", "supplier", "shareholder", "partner",
					"affected individual", "affected group", "society", "other"}},
			{Name: "lens", Label: "Lens", Type: TypeMultiEnum, ListColumn: true, Options: lensOptions},
			{Name: "requirements", Label: "Relevant requirements", Type: TypeLongText, MaxLen: 10000,
				Help: "What the party needs or expects of us that is relevant to the IMS (4.2 b)."},
			{Name: "addressed", Label: "Addressed through the IMS", Type: TypeBool, ListColumn: true,
				Help: "Which of these requirements the IMS will address (4.2 c)."},
			{Name: "how_addressed", Label: "How we address them", Type: TypeLongText, MaxLen: 10000},
			{Name: "influence", Label: "Influence", Type: TypeEnum, ListColumn: true, Options: []string{"low", "medium", "high"}},
			{Name: "contact", Label: "Relationship owner", Type: TypePerson, Index: true},
			{Name: "review_date", Label: "Next review", Type: TypeDate},
			attachmentsField,
		},
	})
	Register(Kind{
		Name: "scope_statement", Label: "Scope statement", Plural: "Scope statements",
		Group: "Context", Clause: "4.3", TitleField: "title",
		Help: "One scope for the IMS with the AIMS, ISMS and PIMS boundaries side by side (clause 4.3).",
		Fields: []Field{
			{Name: "title", Label: "Title", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "version", Label: "Version", Type: TypeNumber, ListColumn: true},
			{Name: "status", Label: "Status", Type: TypeEnum, ListColumn: true, Index: true,
				Options: []string{"draft", "approved", "superseded"}},
			{Name: "isms_boundary", Label: "ISMS boundary", Type: TypeLongText, MaxLen: 10000, Help: "27001 clause 4.3."},
			{Name: "pims_boundary", Label: "PIMS boundary", Type: TypeLongText, MaxLen: 10000, Help: "27701 (2019: 5.2.3; 2025: 4.3)."},
			{Name: "aims_boundary", Label: "AIMS boundary", Type: TypeLongText, MaxLen: 10000, Help: "42001 clause 4.3: AI systems and activities in scope."},
			{Name: "inclusions", Label: "Inclusions", Type: TypeLongText, MaxLen: 10000},
			{Name: "exclusions", Label: "Exclusions", Type: TypeLongText, MaxLen: 10000},
			{Name: "exclusion_justification", Label: "Justification of exclusions", Type: TypeLongText, MaxLen: 10000},
			{Name: "sites", Label: "Sites", Type: TypeText, MaxLen: 1000},
			{Name: "interfaces", Label: "Interfaces and dependencies", Type: TypeLongText, MaxLen: 10000,
				Help: "Between activities in scope and those performed by others (4.3 c)."},
			{Name: "approved_by", Label: "Approved by", Type: TypePerson, ListColumn: true},
			{Name: "effective_date", Label: "Effective from", Type: TypeDate, ListColumn: true},
			{Name: "issues", Label: "Context issues considered", Type: TypeLinks, LinkKind: "context_issue"},
			{Name: "parties", Label: "Interested parties considered", Type: TypeLinks, LinkKind: "interested_party"},
			attachmentsField,
		},
	})
}
