package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"keel/backend/ims"
	"keel/backend/principle"
)

// KindAI is the AI system inventory.
const KindAI Kind = "ai-inventory"

// aiInventoryPack lays out the AI system inventory: every system with its owner, stage,
// gate, decision impact and personal data; the impact assessments of each; and the
// monitoring results past their thresholds in the period.
func aiInventoryPack(d *doc, v *review) error {
	systems := v.live("ai_system")
	d.h1("AI systems")
	live, high, pd := 0, 0, 0
	rows := [][]string{}
	for _, r := range systems {
		if slices.Contains(ims.LiveStages, str(r, "stage")) {
			live++
		}
		if str(r, "decision_impact") == "high" {
			high++
		}
		if r.Fields["personal_data"] == true {
			pd++
		}
		rows = append(rows, []string{r.Title, orDash(str(r, "owner")), orDash(capitalise(str(r, "stage"))), gateText(r),
			orDash(capitalise(str(r, "decision_impact"))), boolText(r, "personal_data"), orDash(v.view.TitleOf(str(r, "processing_activity")))})
	}
	d.figures([][2]string{{strconv.Itoa(len(systems)), "AI systems"}, {strconv.Itoa(live), "in deployment or operation"},
		{strconv.Itoa(high), "with high decision impact"}, {strconv.Itoa(pd), "processing personal data"}})
	tableOr(d, "No AI system is recorded.", []column{{"AI system", 40, ""}, {"Owner", 22, ""}, {"Stage", 26, ""}, {"Stage gate", 30, ""},
		{"Impact", 14, ""}, {"Personal data", 14, ""}, {"Processing activity", 28, ""}}, rows)
	aiFlags(d, v, systems)
	d.h1("Impact assessments")
	d.para("The AI impact assessments of each system (ISO/IEC 42001 6.1.4, 8.4), newest version first.")
	bySys := map[string][]ims.Record{}
	for _, r := range v.live("impact_assessment") {
		bySys[str(r, "ai_system")] = append(bySys[str(r, "ai_system")], r)
	}
	rows = rows[:0]
	for _, sys := range systems {
		ias := bySys[sys.ID]
		slices.SortFunc(ias, func(a, b ims.Record) int {
			va, _ := number(a, "version")
			vb, _ := number(b, "version")
			return cmp.Or(cmp.Compare(vb, va), strings.Compare(a.ID, b.ID))
		})
		if len(ias) == 0 {
			rows = append(rows, []string{sys.Title, "None recorded", "—", "—", "—", "—"})
		}
		for _, ia := range ias {
			ver, _ := number(ia, "version")
			appr := orDash(str(ia, "approved_by"))
			if on := str(ia, "approved_on"); on != "" {
				appr += ", " + shortDate(on)
			}
			rows = append(rows, []string{sys.Title, ia.Title, numText(ver), orDash(capitalise(str(ia, "status"))), appr,
				orDash(shortDate(str(ia, "review_date")))})
		}
	}
	tableOr(d, "No AI system is recorded.", []column{{"AI system", 40, ""}, {"Assessment", 44, ""}, {"Version", 12, "R"}, {"Status", 18, ""},
		{"Approver", 32, ""}, {"Review date", 20, ""}}, rows)
	for _, sys := range systems {
		aiSystemPage(d, v, sys)
	}
	aiPrinciples(d, principle.Gather(v.recs))
	d.h1("Monitoring breaches")
	results, breaches := v.view.MonitoringBreaches()
	d.para(breachesText(results, len(breaches)))
	if len(breaches) > 0 {
		rows = rows[:0]
		for _, b := range breaches {
			nc := "—"
			if b.Nonconformity != "" {
				nc = v.title(b.Nonconformity)
			}
			rows = append(rows, []string{b.AISystem, b.Title, orDash(capitalise(b.Metric)), numText(b.Value), thresholdText(b),
				shortDate(b.Date), nc})
		}
		d.table([]column{{"AI system", 36, ""}, {"Measurement", 34, ""}, {"Metric", 18, ""}, {"Value", 12, "R"},
			{"Threshold", 20, ""}, {"Date", 18, ""}, {"Nonconformity", 28, ""}}, rows)
	}
	return nil
}

// aiPrinciples lays out the responsible-AI principles: each with the gates it is weighed at,
// the systems and gates that applied it and the metrics that evidence it; then per AI system,
// which principles were weighed at which gate, and the metrics linked to a principle.
func aiPrinciples(d *doc, pv principle.Overview) {
	d.h1("Responsible-AI principles")
	d.para("The principles that guide how the AI systems are designed, deployed and monitored (ISO/IEC 42001 5.2, 6.2, A.2). " +
		"An approved principle is weighed at the gates of its stages; a gap is a principle that applies to live systems with no monitoring metric as evidence.")
	rows := [][]string{}
	for _, p := range pv.Principles {
		stages := make([]string, len(p.Stages))
		for i, s := range p.Stages {
			stages[i] = capitalise(s)
		}
		systems := map[string]bool{}
		for _, w := range p.Weighed {
			systems[w.AISystem] = true
		}
		applied := "Not weighed yet"
		if len(p.Weighed) > 0 {
			applied = fmt.Sprintf("%s on %s", counted(len(p.Weighed), "gate"), counted(len(systems), "system"))
		}
		evidence := orDash(capitalise(p.Gap))
		if len(p.Metrics) > 0 {
			evidence = fmt.Sprintf("%s, latest %s", counted(len(p.Metrics), "reading"), p.Metrics[0].Title)
		}
		rows = append(rows, []string{p.Name, orDash(capitalise(p.Status)), strings.Join(stages, ", "), applied, evidence})
	}
	tableOr(d, "No principle is recorded.", []column{{"Principle", 34, ""}, {"Status", 14, ""}, {"Weighed at the gates of", 44, ""},
		{"Applied", 26, ""}, {"Evidence", 52, ""}}, rows)
	d.h2("Principles weighed at the stage gates", 20)
	rows = rows[:0]
	for _, sys := range pv.Systems {
		for _, w := range sys.Weighed {
			rows = append(rows, []string{sys.Name, capitalise(w.Stage), w.PrincipleName, w.Note, w.Evidence})
		}
	}
	tableOr(d, "No principle has been weighed at a gate yet.", []column{{"AI system", 30, ""}, {"Gate", 24, ""}, {"Principle", 28, ""},
		{"How it was weighed", 56, ""}, {"Evidence", 40, ""}}, rows)
	d.h2("Metrics evidencing the principles", 20)
	rows = rows[:0]
	for _, sys := range pv.Systems {
		for _, m := range sys.Metrics {
			rows = append(rows, []string{sys.Name, m.PrincipleName, m.Title, numText(m.Value), numText(m.Threshold), shortDate(m.Date),
				map[bool]string{true: "Breach", false: "Within"}[m.Breach]})
		}
	}
	tableOr(d, "No monitoring metric is linked to a principle.", []column{{"AI system", 30, ""}, {"Principle", 28, ""}, {"Measurement", 44, ""},
		{"Value", 12, "R"}, {"Threshold", 14, "R"}, {"Date", 18, ""}, {"Result", 14, ""}}, rows)
}

// look finds a record of the snapshot for the domain's rules (ims.Lookup).
func (v *review) look(kind, id string) (ims.Record, bool) {
	r, ok := v.byID[id]
	return r, ok && r.Kind == kind
}

// aiFlags lists the systems an auditor challenges first: live without an approved impact
// assessment, or with no owner (ims.AIFlags).
func aiFlags(d *doc, v *review, systems []ims.Record) {
	rows := [][]string{}
	for _, r := range systems {
		if f := ims.AIFlags(r, v.look); len(f) > 0 {
			rows = append(rows, []string{r.Title, capitalise(strings.Join(f, "; "))})
		}
	}
	d.h2("Flags", 16)
	tableOr(d, "No AI system is live without an approved impact assessment, and every system has an owner.",
		[]column{{"AI system", 60, ""}, {"Flag", 110, ""}}, rows)
}

// aiSystemPage is one AI system on a page of its own: its flags, every stored field, the
// lifecycle stages it went through with each gate's approver, date and evidence (from its
// history), and any override of the gate with its date and rationale.
func aiSystemPage(d *doc, v *review, r ims.Record) {
	d.h1("AI system: " + r.Title)
	if f := ims.AIFlags(r, v.look); len(f) > 0 {
		d.para("Flag: " + capitalise(strings.Join(f, "; ")) + ".")
	}
	d.recordFields("ai_system", r, v.title, "name")
	d.h2("Lifecycle and stage gates", 20)
	rows := [][]string{}
	for _, g := range stageGates(v.s.History[r.ID]) {
		rows = append(rows, []string{capitalise(g.stage), shortDate(g.at), orDash(g.by), orDash(g.approvedBy), orDash(shortDate(g.approvedOn)), orDash(g.evidence)})
	}
	tableOr(d, "No stage change is recorded in the history.", []column{{"Stage", 28, ""}, {"Entered", 18, ""}, {"Recorded by", 24, ""},
		{"Gate approved by", 26, ""}, {"Approved on", 18, ""}, {"Gate evidence", 56, ""}}, rows)
	if o := str(r, "gate_override"); o != "" {
		on := ""
		for _, e := range chronological(v.s.History[r.ID]) {
			if e.Field == "gate_override" {
				on = e.At
			}
		}
		d.h2("Gate override", 12)
		d.keyValues([][2]string{{"Overridden by", orDash(str(r, "gate_override_by"))}, {"On", orDash(longDate(day(on)))}, {"Rationale", o}})
	}
}

// stageGate is one stage an AI system entered, as its history records it, with the gate's
// approval as the write that moved it left it.
type stageGate struct {
	stage, at, by                    string
	approvedBy, approvedOn, evidence string
}

// stageGates reads the stages of an AI system from its history: one row per write that set
// its stage, with the gate fields as they stood after that write.
func stageGates(h []ims.HistoryEntry) []stageGate {
	h = chronological(h)
	var out []stageGate
	cur := map[string]string{}
	for i := 0; i < len(h); {
		j, moved := i, false
		for ; j < len(h) && h[j].At == h[i].At; j++ {
			s, _ := h[j].Value.(string)
			cur[h[j].Field] = s
			moved = moved || h[j].Field == "stage"
		}
		if moved {
			out = append(out, stageGate{stage: cur["stage"], at: h[i].At, by: h[i].Actor.Name,
				approvedBy: cur["gate_approved_by"], approvedOn: cur["gate_approved_on"], evidence: cur["gate_evidence"]})
		}
		i = j
	}
	return out
}

// counted is n and a noun, plural unless n is 1: "1 gate", "3 gates".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// gateText is the state of an AI system's stage gate.
func gateText(r ims.Record) string {
	if by := str(r, "gate_override_by"); by != "" || str(r, "gate_override") != "" {
		return "Overridden by " + orDash(by)
	}
	if by := str(r, "gate_approved_by"); by != "" {
		s := "Approved by " + by
		if on := str(r, "gate_approved_on"); on != "" {
			s += ", " + shortDate(on)
		}
		return s
	}
	return "Not approved"
}
