package reports

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"keel/backend/ims"
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
			orDash(capitalise(str(r, "decision_impact"))), boolText(r, "personal_data"), orDash(v.titleOf(str(r, "processing_activity")))})
	}
	d.figures([][2]string{{strconv.Itoa(len(systems)), "AI systems"}, {strconv.Itoa(live), "in deployment or operation"},
		{strconv.Itoa(high), "with high decision impact"}, {strconv.Itoa(pd), "processing personal data"}})
	tableOr(d, "No AI system is recorded.", []column{{"AI system", 40, ""}, {"Owner", 22, ""}, {"Stage", 26, ""}, {"Stage gate", 30, ""},
		{"Impact", 14, ""}, {"Personal data", 14, ""}, {"Processing activity", 28, ""}}, rows)
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

// titleOf is the title of a linked record, "" when nothing is linked.
func (v *review) titleOf(id string) string {
	if id == "" {
		return ""
	}
	return v.title(id)
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
