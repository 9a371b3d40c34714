package ims

// The internal audit programme (clause 9.2) and the management review (clause 9.3) of
// issue 6, run once for the AIMS, ISMS and PIMS. Clause references are IDs only; the help
// text is our own.

// AuditStandards are the standards an audit may cover.
var AuditStandards = []string{"ISO/IEC 42001", "ISO/IEC 27001", "ISO/IEC 27701"}

// FindingTypes are the grades of an audit finding, mildest first.
var FindingTypes = []string{"conformity", "observation", "minor nonconformity", "major nonconformity"}

func init() {
	Register(Kind{
		Name: "audit", Label: "Internal audit", Plural: "Internal audits", Group: "Performance", Clause: "9.2", TitleField: "title",
		Help: "The internal audit programme: one record per audit, with what it covers, against which requirements, " +
			"who audits and when (clause 9.2). Its findings are kept as finding records linked to it.",
		Fields: []Field{
			{Name: "title", Label: "Audit", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200,
				Help: "e.g. \"Q2 2026 AI lifecycle and model change audit\"."},
			{Name: "standards", Label: "Standards in scope", Type: TypeMultiEnum, Required: true, ListColumn: true, Options: AuditStandards},
			{Name: "objectives", Label: "Objectives", Type: TypeLongText, MaxLen: 5000,
				Help: "What the audit sets out to establish, e.g. whether AI model changes follow the change procedure."},
			{Name: "scope", Label: "Scope", Type: TypeLongText, MaxLen: 10000,
				Help: "Processes, sites, teams and AI systems the audit looks at (9.2.2 b)."},
			{Name: "method", Label: "Method", Type: TypeLongText, MaxLen: 5000,
				Help: "How the audit gathers evidence: interviews, record sampling, observation, re-performance."},
			{Name: "criteria", Label: "Criteria", Type: TypeLongText, MaxLen: 10000, Refs: RefsMany,
				Help: "The clauses and controls audited against, one catalogue:id per line, e.g. iso42001-2023:A.6.2.6 or iso27001-2022:9.2."},
			{Name: "lead_auditor", Label: "Lead auditor", Type: TypePerson, Required: true, ListColumn: true, Index: true,
				Help: "Auditors should not audit their own work (9.2.2 c)."},
			{Name: "auditors", Label: "Other auditors", Type: TypeText, MaxLen: 500},
			{Name: "planned_start", Label: "Planned start", Type: TypeDate, ListColumn: true},
			{Name: "planned_end", Label: "Planned end", Type: TypeDate, ListColumn: true, Due: true,
				Help: "The audit falls due when its planned end passes before it is reported."},
			{Name: "status", Label: "Status", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"planned", "in progress", "reported", "closed"}},
			{Name: "summary", Label: "Summary of results", Type: TypeLongText, MaxLen: 10000,
				Help: "What the audit concluded, reported to the managers concerned (9.2.2 d)."},
			attachmentsField,
		},
	})
	Register(Kind{
		Name: "finding", Label: "Audit finding", Plural: "Audit findings", Group: "Performance", Clause: "9.2", TitleField: "title",
		Help: "One finding of an internal audit: conformity, observation, or a minor or major nonconformity. " +
			"A nonconformity opens a nonconformity record for its correction and corrective action (clauses 9.2, 10.2).",
		Fields: []Field{
			{Name: "title", Label: "Finding", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200},
			{Name: "audit", Label: "Audit", Type: TypeLink, LinkKind: "audit", Required: true, ListColumn: true, Index: true},
			{Name: "type", Label: "Type", Type: TypeEnum, Required: true, ListColumn: true, Index: true, Options: FindingTypes},
			{Name: "ref", Label: "Clause or control", Type: TypeText, ListColumn: true, MaxLen: 120, Refs: RefsOne,
				Help: "The requirement the finding is about, as catalogue:id, e.g. iso27001-2022:A.5.15."},
			{Name: "description", Label: "Description", Type: TypeLongText, MaxLen: 10000},
			{Name: "evidence", Label: "Evidence seen", Type: TypeLongText, MaxLen: 10000,
				Help: "Records, documents and interviews the finding rests on."},
			{Name: "nonconformity", Label: "Nonconformity raised", Type: TypeLink, LinkKind: "nonconformity",
				Help: "For a minor or major nonconformity: the record that tracks its corrective action."},
		},
	})
	Register(Kind{
		Name: "management_review", Label: "Management review", Plural: "Management reviews", Group: "Performance", Clause: "9.3", TitleField: "title",
		Help: "One management review meeting for the AIMS, ISMS and PIMS: who attended, the period reviewed, the decisions " +
			"and the actions agreed (clause 9.3). The management-review pack gathers its inputs from the registers.",
		Fields: []Field{
			{Name: "title", Label: "Review", Type: TypeText, Required: true, ListColumn: true, MaxLen: 200,
				Help: "e.g. \"Management review 2026\"."},
			{Name: "meeting_date", Label: "Meeting date", Type: TypeDate, Required: true, ListColumn: true, Due: true},
			{Name: "period_from", Label: "Period from", Type: TypeDate},
			{Name: "period_to", Label: "Period to", Type: TypeDate},
			{Name: "chair", Label: "Chair", Type: TypePerson, ListColumn: true, Index: true},
			{Name: "attendees", Label: "Attendees", Type: TypeText, MaxLen: 1000,
				Help: "Names and roles, comma-separated; top management takes part (9.3.1)."},
			{Name: "status", Label: "Status", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: []string{"planned", "held", "minutes approved"}},
			{Name: "standards", Label: "Systems reviewed", Type: TypeMultiEnum, Options: AuditStandards,
				Help: "The management systems this review covers; the gap analysis counts a held review covering ISO/IEC 42001 for clause 9.3."},
			{Name: "decisions", Label: "Decisions", Type: TypeLongText, MaxLen: 20000,
				Help: "One decision per line: on improvement opportunities and any need to change the management system (9.3.3)."},
			{Name: "improvement_decisions", Label: "Decisions on improvement opportunities", Type: TypeLongText, MaxLen: 10000,
				Help: "9.3.3: which opportunities for continual improvement are taken up, one per line."},
			{Name: "ims_changes", Label: "Changes needed to the management system", Type: TypeLongText, MaxLen: 10000,
				Help: "9.3.3: changes to the AIMS, ISMS or PIMS (scope, policy, processes, controls), one per line."},
			{Name: "resource_needs", Label: "Resources needed", Type: TypeLongText, MaxLen: 10000,
				Help: "9.3.3: people, budget, tools or time agreed, one per line."},
			{Name: "actions", Label: "Actions agreed", Type: TypeLinks, LinkKind: "action",
				Help: "Actions go to the one action list; the next review reports their status."},
			{Name: "notes", Label: "Notes", Type: TypeLongText, MaxLen: 10000},
			attachmentsField,
		},
	})
}
