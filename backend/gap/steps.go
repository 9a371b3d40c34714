package gap

import "strings"

// Steps are the 7 steps of the implementation path in DOMAIN.md, in order: the plan's
// priority. Step n is Steps[n-1].
var Steps = []string{
	"Assign ownership of AI governance and extend the governance structure",
	"Extend the risk methodology with AI criteria",
	"Build the AI system inventory and apply proportionate controls",
	"Embed lifecycle controls",
	"Define oversight and escalation",
	"Strengthen AI data governance and monitoring",
	"Integrate AI into audit, review, corrective action and improvement",
}

// stepByID assigns single items where their number alone would mislead; stepByPrefix
// assigns the rest by clause or Annex A area. The reasons:
//
//   - Step 1 is governance: context and scope (4.x), leadership, policy and roles (5.x),
//     AI objectives (6.2), planning of changes to the system (6.3), resources and document
//     control (7.1, 7.5), and the policy and organisation controls (A.2, A.3.2). Owners and
//     a scope come before anything can be assessed.
//   - Step 2 is the risk method: 6.1.1–6.1.4 including the AI system impact assessment, and
//     the A.5 impact-assessment controls, which DOMAIN.md puts beside the AI risk criteria.
//   - Step 3 is the inventory: A.4 resources (the inventory itself: systems, data, tools,
//     compute, people) and A.10 third parties, since the inventory covers third-party AI
//     and its suppliers' controls are applied in proportion to it.
//   - Step 4 is the lifecycle: operation (8.1–8.4: risk assessed and treated before release
//     and at intervals) and the A.6 lifecycle controls.
//   - Step 5 is oversight and escalation: competence, awareness and communication of the
//     people who approve, override and escalate (7.2–7.4), reporting of concerns (A.3.3),
//     information for users and interested parties including incident communication (A.8),
//     and responsible, intended use (A.9).
//   - Step 6 is data governance: the A.7 data controls (fitness, provenance, preparation).
//   - Step 7 is integration: monitoring and measurement, internal audit and management
//     review (9.x), corrective action and improvement (10.x).
var stepByID = map[string]int{
	"6.2": 1, "6.3": 1, "7.1": 1, "7.2": 5, "7.3": 5, "7.4": 5,
	"A.3.3": 5,
}

var stepByPrefix = []struct {
	prefix string
	step   int
}{
	{"A.10", 3}, {"A.2", 1}, {"A.3", 1}, {"A.4", 3}, {"A.5", 2}, {"A.6", 4}, {"A.7", 6}, {"A.8", 5}, {"A.9", 5},
	{"10", 7}, {"4", 1}, {"5", 1}, {"6.1", 2}, {"7", 1}, {"8", 4}, {"9", 7},
}

// stepOf returns the step of a 42001 item, 0 if none is assigned.
func stepOf(id string) int {
	if s, ok := stepByID[id]; ok {
		return s
	}
	for _, p := range stepByPrefix {
		if id == p.prefix || strings.HasPrefix(id, p.prefix+".") {
			return p.step
		}
	}
	return 0
}

// aiWork is, for each 42001 leaf clause and control, what AI adds to the shared 27001/27701
// process, in our words (from STANDARDS.md §4.4 "What changes for AI"). It completes the
// todo line: "Extend X: <aiWork>."
var aiWork = map[string]string{
	"4.1":     "determine the organisation's AI roles and the AI-specific external issues (AI regulation, ICO guidance)",
	"4.2":     "add individuals, groups and society affected by AI systems to the interested parties",
	"4.3":     "state the AIMS boundary: which AI systems and activities are in scope",
	"4.4":     "describe one integrated management system covering the AIMS",
	"5.1":     "show top management's commitment to AI governance",
	"5.2":     "adopt an AI policy (or an AI section) with AI-specific commitments",
	"5.3":     "name who is accountable for AI governance and each AI system",
	"6.1.1":   "run AI risks and opportunities through the shared risk process",
	"6.1.2":   "add AI risk criteria: harm to individuals and society, misuse, bias, model behaviour",
	"6.1.3":   "treat AI risks and keep a Statement of Applicability against the 38 Annex A controls",
	"6.1.4":   "set up an AI system impact assessment process",
	"6.2":     "set measurable AI objectives and plans to reach them",
	"6.3":     "plan changes to the AIMS in the shared change process",
	"7.1":     "provide the people, tools and budget the AIMS needs",
	"7.2":     "define and build AI competence for owners, operators and reviewers",
	"7.3":     "make staff aware of the AI policy and their part in it",
	"7.4":     "add AI topics to what is communicated, when and to whom",
	"7.5.1":   "hold AIMS documents in the one document control",
	"7.5.2":   "create and update AIMS documents under the same rules",
	"7.5.3":   "control AIMS documents and records like the others",
	"8.1":     "plan and control the AI lifecycle processes",
	"8.2":     "run AI risk assessments at planned intervals and on change",
	"8.3":     "carry out the AI risk treatment plan",
	"8.4":     "perform AI system impact assessments at planned intervals and on change",
	"9.1":     "add AI performance and monitoring measures",
	"9.2.1":   "include the AIMS in the internal audit",
	"9.2.2":   "cover AI processes and controls in the audit programme",
	"9.3.1":   "include the AIMS in the management review",
	"9.3.2":   "add AI inputs to the management review",
	"9.3.3":   "record AI decisions and actions from the management review",
	"10.1":    "improve the AIMS in the shared improvement cycle",
	"10.2":    "handle AI nonconformities in the shared corrective-action process",
	"A.2.2":   "write the AI policy as a topic policy",
	"A.2.3":   "align the AI policy with the security, privacy and other policies",
	"A.2.4":   "review the AI policy in the same cycle as the others",
	"A.3.2":   "define AI roles and responsibilities",
	"A.3.3":   "let people raise AI concerns (ethics, harm), not only security events",
	"A.4.2":   "document the resources of each AI system in an AI inventory",
	"A.4.3":   "document the data resources of each AI system",
	"A.4.4":   "document the tooling (ML frameworks, labelling tools) of each AI system",
	"A.4.5":   "document the compute and cloud used for training and inference",
	"A.4.6":   "document the people and skills each AI system needs",
	"A.5.2":   "define how AI system impact assessments are done, linked to DPIAs",
	"A.5.3":   "document each AI system impact assessment and keep the results",
	"A.5.4":   "assess impacts on individuals and groups, including automated decisions",
	"A.5.5":   "assess societal impacts of AI systems",
	"A.6.1.2": "set objectives for responsible AI development",
	"A.6.1.3": "define the processes for responsible AI design and development",
	"A.6.2.2": "specify requirements for each AI system",
	"A.6.2.3": "document AI system design and development",
	"A.6.2.4": "verify and validate AI systems, including performance, bias and robustness tests",
	"A.6.2.5": "approve AI systems for deployment against release criteria",
	"A.6.2.6": "monitor AI systems in operation for drift and output quality",
	"A.6.2.7": "keep technical documentation (model cards and the like)",
	"A.6.2.8": "log the events of AI systems",
	"A.7.2":   "define the data used to develop and enhance AI systems, with purpose and lawful basis",
	"A.7.3":   "record how AI data is acquired and from where",
	"A.7.4":   "set and check data quality requirements for AI",
	"A.7.5":   "record the provenance of AI data",
	"A.7.6":   "define and record how AI data is prepared",
	"A.8.2":   "give users the documentation and information they need about AI systems",
	"A.8.3":   "set up external reporting of AI system concerns",
	"A.8.4":   "communicate AI incidents to users and interested parties",
	"A.8.5":   "inform interested parties about AI systems as committed",
	"A.9.2":   "define processes for the responsible use of AI systems",
	"A.9.3":   "set objectives for responsible use of AI systems",
	"A.9.4":   "record and enforce the intended use of each AI system",
	"A.10.2":  "allocate responsibilities between the organisation, AI providers and customers",
	"A.10.3":  "add AI expectations to supplier due diligence and contracts",
	"A.10.4":  "meet customers' needs and expectations for AI systems",
}
