package reports

import (
	"fmt"
	"slices"
	"strings"

	"keel/backend/soa"
)

// Kind names a pack, as `keel pack --kind` and the app spell it. Each pack's file declares
// its own (KindGap in gap_pack.go, KindReview in review_pack.go…).
type Kind string

// The choices a pack takes besides the period and the document control (Pack.Choices).
const (
	ChooseStandards = "standards" // Options.Standards: the catalogues the pack is narrowed to
	ChooseReview    = "review"    // Options.Review: the management review it reports on
)

// Pack is one PDF pack: what it is called, what it reads from the workspace and how it is
// rendered. The caller takes a Snapshot of what it reads and calls Render.
type Pack struct {
	Kind    Kind
	Title   string // as on its cover
	Short   string // what a button or a sentence calls it: "SoA", "risk register"
	Summary string // one line on what is in it, for the Packs screen and `keel pack --help`
	// Reads are the record kinds it reads from Snapshot.Records.
	Reads []string
	// NeedsGap: it reads the gap analysis (Snapshot.Gap).
	NeedsGap bool
	// HistoryOf are the kinds (among Reads) whose records' history it reads (Snapshot.History).
	HistoryOf []string
	// Choices are the request's choices it takes (ChooseStandards, ChooseReview); the
	// others are refused for it.
	Choices []string
	// cover is what the cover and the PDF's document information say besides the Title
	// (subtitle, subject, keywords); the layout may add to it (the SoA names its standards).
	cover meta
	// layout renders the pack under its cover text.
	layout func(s Snapshot, o Options, m meta) (PDF, error)
}

// Render renders the pack from a Snapshot of what it reads.
func (p Pack) Render(s Snapshot, o Options) (PDF, error) {
	m := p.cover
	m.title = p.Title
	return p.layout(s, o, m)
}

// Takes reports whether the pack takes a choice (ChooseStandards, ChooseReview).
func (p Pack) Takes(choice string) bool { return slices.Contains(p.Choices, choice) }

// registerReads are the records the register packs read: they share the management
// review's view of the registers (newReview in review_pack.go), which titles the linked
// records of any of them.
var registerReads = append([]string{StatusKind}, registerKinds...)

// packs is the one list of packs, in menu order. Adding a pack is one entry here and one
// file with its layout function.
var packs = []Pack{
	{Kind: KindGap, Title: "Gap analysis and implementation plan", Short: "gap analysis",
		Summary: "ISO/IEC 42001 coverage by clause and Annex A area, readiness on the four proofs, the 7-step plan and every item with what is left to do.",
		cover: meta{subtitle: "ISO/IEC 42001:2023 against the ISO/IEC 27001 and 27701 management system already in place",
			subject: "ISO/IEC 42001 gap analysis, readiness and implementation plan", keywords: "ISO/IEC 42001, gap analysis, AIMS, implementation plan"},
		Reads: []string{StatusKind}, NeedsGap: true, layout: gapPack},
	{Kind: KindSoA, Title: "Statement of Applicability", Short: "SoA",
		Summary: "Every Annex A control of 27001, 42001 (and 27701 when used) with applicability, justification, status and evidence references.",
		Reads:   append([]string{StatusKind}, soa.Reads()...), Choices: []string{ChooseStandards}, NeedsGap: true, layout: soaPack},
	{Kind: KindReview, Title: "Management review", Short: "management review",
		Summary: "The inputs of clause 9.3 for the period across the AIMS, ISMS and PIMS, with the decisions and actions of the review.",
		cover: meta{subtitle: "Inputs to the integrated management review of the AIMS, ISMS and PIMS (ISO/IEC 42001, 27001 and 27701, clause 9.3)",
			subject: "Management review inputs, decisions and actions", keywords: "management review, ISO/IEC 42001, ISO/IEC 27001, ISO/IEC 27701, 9.3"},
		Reads: reviewKinds, HistoryOf: []string{"ai_system"}, Choices: []string{ChooseReview}, layout: reviewPack},
	{Kind: KindRisk, Title: "Risk register and treatment plan", Short: "risk register",
		Summary: "The risk method and appetite, inherent and residual heat maps, every risk with its scores and treatment, and the actions that treat it.",
		cover: meta{subtitle: "Security, privacy and AI risks on one method (ISO/IEC 27001, 27701 and 42001, clauses 6.1 and 8.2–8.3)",
			subject: "Risk assessment results and risk treatment plan", keywords: "risk register, risk treatment plan, ISO/IEC 27001, ISO/IEC 42001, ISO/IEC 27701"},
		Reads: registerReads, layout: registerPack(riskPack)},
	{Kind: KindAI, Title: "AI system inventory", Short: "AI inventory",
		Summary: "AI systems with owner, stage, gate, decision impact and personal data, flags, and a page per system with every field and its stage gates; impact assessments per system; the responsible-AI principles, the gates that weighed them and the metrics that evidence them; monitoring breaches in the period.",
		cover: meta{subtitle: "AI systems, impact assessments and monitoring (ISO/IEC 42001 A.4, A.5, A.6 and 9.1)",
			subject: "AI system inventory, impact assessments and monitoring breaches", keywords: "AI system inventory, AI impact assessment, ISO/IEC 42001"},
		Reads: registerReads, HistoryOf: []string{"ai_system"}, layout: registerPack(aiInventoryPack)},
	{Kind: KindAudit, Title: "Internal audit report", Short: "audit report",
		Summary: "Each internal audit in the period: scope, standards, criteria, auditors and dates, findings by type and the nonconformities raised.",
		cover: meta{subtitle: "Internal audits of the integrated management system (ISO/IEC 42001, 27001 and 27701, clause 9.2)",
			subject: "Internal audit report: scope, criteria, findings and nonconformities", keywords: "internal audit, ISO/IEC 42001, ISO/IEC 27001, ISO/IEC 27701, 9.2"},
		Reads: registerReads, layout: registerPack(auditPack)},
}

// Packs lists every pack, in menu order: a copy, the caller's to keep.
func Packs() []Pack {
	out := make([]Pack, len(packs))
	for i, p := range packs {
		out[i] = p.clone()
	}
	return out
}

// clone copies the lists a caller might change.
func (p Pack) clone() Pack {
	p.Reads, p.HistoryOf, p.Choices = slices.Clone(p.Reads), slices.Clone(p.HistoryOf), slices.Clone(p.Choices)
	return p
}

// KindNames are the packs' kinds as strings, in menu order: for usage lines and errors.
func KindNames() []string {
	out := make([]string, len(packs))
	for i, p := range packs {
		out[i] = string(p.Kind)
	}
	return out
}

// Lookup finds a pack by its kind as the CLI and the app spell it.
func Lookup(kind string) (Pack, error) {
	for _, p := range packs {
		if string(p.Kind) == kind {
			return p.clone(), nil
		}
	}
	names := KindNames()
	return Pack{}, fmt.Errorf("reports: %q is not a pack; choose %s or %s", kind,
		strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}
