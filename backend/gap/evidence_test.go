package gap_test

import (
	"strings"
	"testing"

	"keel/assets"
	"keel/backend/gap"
	"keel/backend/ims"
)

func rules(t testing.TB) *gap.RuleSet {
	t.Helper()
	rs, err := gap.ParseRules(assetsRules(), load(t.(*testing.T)))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func rec(kind, id string, fields map[string]any) ims.Record {
	return ims.Record{Kind: kind, ID: id, Title: id, Fields: fields}
}

// fullSystem is an AI system in use with every inventory field filled in.
func fullSystem(id, stage string) ims.Record {
	return rec("ai_system", id, map[string]any{"name": id, "stage": stage, "owner": "Ada", "purpose": "scores", "intended_use": "credit",
		"decision_impact": "high", "data_inputs": "bureau data", "data_outputs": "a score", "oversight_model": "human in the loop",
		"change_monitoring": "monthly drift"})
}

func TestEvidenceRules(t *testing.T) {
	rs := rules(t)
	const now = "2026-06-30"
	approvedIA := func(id, sys string) ims.Record {
		return rec("impact_assessment", id, map[string]any{"ai_system": sys, "status": "approved"})
	}
	review := func(id, status string, standards ...string) ims.Record {
		return rec("management_review", id, map[string]any{"status": status, "standards": standards, "chair": "Ada", "attendees": "Board"})
	}
	role := func(id, flag string) ims.Record {
		return rec("role", id, map[string]any{"role": id, "person": "Bo", flag: true})
	}
	cases := []struct {
		name, item string
		records    []ims.Record
		want       gap.Derived
		evidence   []string // record ids, in order
		missing    []string // ids of records missing something ("" for one still to create)
	}{
		{"inventory: nothing recorded", "A.4.2", nil, gap.NotMet, nil, []string{""}},
		{"inventory: one complete system", "A.4.2", []ims.Record{fullSystem("s1", "deployment")}, gap.Met, []string{"s1"}, nil},
		{"inventory: a second system without its oversight model", "A.4.2", []ims.Record{fullSystem("s1", "deployment"),
			rec("ai_system", "s2", map[string]any{"stage": "design and development", "owner": "Ada"})}, gap.PartlyMet, []string{"s1"}, []string{"s2"}},
		{"inventory: a retired system is out of scope", "A.4.2", []ims.Record{fullSystem("s1", "operation and monitoring"),
			rec("ai_system", "old", map[string]any{"stage": "retired"})}, gap.Met, []string{"s1"}, nil},
		{"impact: a system past design without an approved assessment", "6.1.4", []ims.Record{fullSystem("s1", "verification and validation"),
			rec("impact_assessment", "ia1", map[string]any{"ai_system": "s1", "status": "in review"})}, gap.NotMet, nil, []string{"s1"}},
		{"impact: a system still in design needs none, but nothing shows the process", "6.1.4", []ims.Record{fullSystem("s1", "design and development")}, gap.NotMet, nil, []string{""}},
		{"impact: the approved assessment of another system does not count", "6.1.4", []ims.Record{fullSystem("s1", "deployment"),
			fullSystem("s2", "deployment"), approvedIA("ia2", "s2")}, gap.PartlyMet, []string{"s2"}, []string{"s1"}},
		{"impact: every system past design assessed and approved", "6.1.4", []ims.Record{fullSystem("s1", "deployment"), approvedIA("ia1", "s1")}, gap.Met, []string{"s1"}, nil},
		{"review held but not covering the AIMS", "9.3.1", []ims.Record{review("r1", "held", "ISO/IEC 27001")}, gap.NotMet, nil, []string{""}},
		{"review covering the AIMS but only planned", "9.3.1", []ims.Record{review("r1", "planned", "ISO/IEC 42001")}, gap.NotMet, nil, []string{""}},
		{"review held covering the AIMS", "9.3.1", []ims.Record{review("r1", "planned", "ISO/IEC 42001"), review("r2", "minutes approved", "ISO/IEC 27001", "ISO/IEC 42001")}, gap.Met, []string{"r2"}, nil},
		{"review held covering the AIMS without decisions", "9.3.3", []ims.Record{review("r1", "held", "ISO/IEC 42001")}, gap.PartlyMet, nil, []string{"r1"}},
		{"roles: only the governance owner", "5.3", []ims.Record{role("gov", "ai_governance_owner")}, gap.PartlyMet, []string{"gov"}, []string{"", ""}},
		{"roles: all three named", "5.3", []ims.Record{role("gov", "ai_governance_owner"), role("app", "ai_use_case_approver"), role("ovr", "may_override_ai")}, gap.Met, []string{"gov", "app", "ovr"}, nil},
		{"roles: an override role with nobody in it", "5.3", []ims.Record{role("gov", "ai_governance_owner"), role("app", "ai_use_case_approver"),
			rec("role", "ovr", map[string]any{"may_override_ai": true})}, gap.PartlyMet, []string{"gov", "app"}, []string{"ovr"}},
		{"policy: a draft AI policy", "5.2", []ims.Record{rec("policy", "p1", map[string]any{"lens": []string{"ai"}, "status": "draft", "approved_by": "Ada"})}, gap.NotMet, nil, []string{""}},
		{"policy: an approved security policy is not an AI policy", "5.2", []ims.Record{rec("policy", "p1", map[string]any{"lens": []string{"security"}, "status": "approved", "approved_by": "Ada"})}, gap.NotMet, nil, []string{""}},
		{"policy: approved with an AI scope but nobody approved it", "5.2", []ims.Record{rec("policy", "p1", map[string]any{"lens": []string{"ai", "security"}, "status": "approved"})}, gap.PartlyMet, nil, []string{"p1"}},
		{"policy: approved with an AI scope", "A.2.2", []ims.Record{rec("policy", "p1", map[string]any{"lens": []string{"security", "ai"}, "status": "approved", "approved_by": "Ada"})}, gap.Met, []string{"p1"}, nil},
		{"monitoring: a live system read 94 days ago", "A.6.2.6", []ims.Record{fullSystem("s1", "deployment"),
			rec("monitoring_record", "m1", map[string]any{"ai_system": "s1", "date": "2026-03-28"})}, gap.NotMet, nil, []string{"s1"}},
		{"monitoring: a live system read 93 days ago", "A.6.2.6", []ims.Record{fullSystem("s1", "deployment"),
			rec("monitoring_record", "m1", map[string]any{"ai_system": "s1", "date": "2026-03-29"})}, gap.Met, []string{"s1"}, nil},
		{"monitoring: a reading dated after the day does not count yet", "A.6.2.6", []ims.Record{fullSystem("s1", "deployment"),
			rec("monitoring_record", "m1", map[string]any{"ai_system": "s1", "date": "2026-07-01"})}, gap.NotMet, nil, []string{"s1"}},
		{"lifecycle: a live system without its gate approval", "A.6.2.5", []ims.Record{fullSystem("s1", "deployment")}, gap.NotMet, nil, []string{"s1"}},
		{"lifecycle: a live system approved at its gate", "A.6.2.5", []ims.Record{func() ims.Record {
			s := fullSystem("s1", "deployment")
			s.Fields["gate_approved_by"], s.Fields["gate_approved_on"] = "Ada", "2026-05-01"
			return s
		}()}, gap.Met, []string{"s1"}, nil},
		{"audit: the programme covers 27001 only", "9.2.1", []ims.Record{rec("audit", "a1", map[string]any{"standards": []string{"ISO/IEC 27001"}, "status": "reported", "lead_auditor": "Cy"})}, gap.NotMet, nil, []string{""}},
		{"audit: a reported audit covering 42001", "9.2.1", []ims.Record{rec("audit", "a1", map[string]any{"standards": []string{"ISO/IEC 27001", "ISO/IEC 42001"}, "status": "reported", "lead_auditor": "Cy"})}, gap.Met, []string{"a1"}, nil},
		{"nonconformity: no root cause", "10.2", []ims.Record{rec("nonconformity", "n1", map[string]any{"status": "open", "corrective_action": "retrain"})}, gap.NotMet, nil, []string{"n1"}},
		{"nonconformity: open with cause and action (none closed yet)", "10.2", []ims.Record{rec("nonconformity", "n1", map[string]any{"status": "open", "root_cause": "drift", "corrective_action": "retrain"})}, gap.Met, []string{"n1"}, nil},
		{"nonconformity: closed without an effectiveness check", "10.2", []ims.Record{rec("nonconformity", "n1", map[string]any{"status": "closed", "root_cause": "drift", "corrective_action": "retrain", "effective": false})}, gap.PartlyMet, []string{"n1"}, []string{"n1"}},
		{"data for development: personal data without a processing activity", "A.7.2", []ims.Record{fullSystem("s1", "deployment"), func() ims.Record {
			s := fullSystem("s2", "deployment")
			s.Fields["personal_data"] = true
			return s
		}()}, gap.PartlyMet, []string{"s1", "s2"}, []string{"s2"}},
		{"suppliers: no AI supplier recorded", "A.10.3", []ims.Record{rec("supplier", "x", map[string]any{"provides_ai": false})}, gap.NotMet, nil, []string{""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			byKind := map[string][]ims.Record{}
			for _, r := range c.records {
				byKind[r.Kind] = append(byKind[r.Kind], r)
			}
			f := rs.Derive(c.item, gap.NewRecords(byKind), now)
			var ev, miss []string
			for _, e := range f.Evidence {
				ev = append(ev, e.ID)
			}
			for _, m := range f.Missing {
				miss = append(miss, m.ID)
				if m.Reason == "" || m.Kind == "" {
					t.Errorf("missing %+v says nothing", m)
				}
			}
			if f.Derived != c.want || strings.Join(ev, " ") != strings.Join(c.evidence, " ") || strings.Join(miss, " ") != strings.Join(c.missing, " ") {
				t.Errorf("%s = %s, evidence %v, missing %v (%+v); want %s, %v, %v", c.item, f.Derived, ev, miss, f.Missing, c.want, c.evidence, c.missing)
			}
		})
	}
}

// Every rule on an empty workspace: not met, nothing as evidence, something missing, and a
// next action that opens a register.
func TestEveryRuleOnAnEmptyWorkspace(t *testing.T) {
	rs := rules(t)
	if len(rs.Rules) != len(leafClauses)+len(controls) {
		t.Fatalf("%d rules; want one per leaf clause and control (%d)", len(rs.Rules), len(leafClauses)+len(controls))
	}
	for _, id := range append(append([]string{}, leafClauses...), controls...) {
		f := rs.Derive(id, gap.NewRecords(nil), "2026-01-31")
		r, ok := rs.Rule(id)
		if !ok || f.Derived != gap.NotMet || len(f.Evidence) != 0 || len(f.Missing) == 0 || r.Next.Label == "" || r.Next.Kind == "" {
			t.Errorf("%s on an empty workspace: %+v (rule %v)", id, f, ok)
		}
	}
}

func TestParseRulesRefusesBadRules(t *testing.T) {
	s := load(t)
	good := string(assets.EvidenceRules)
	for name, data := range map[string]string{
		"an unknown field": strings.Replace(good, `"aims_boundary"`, `"aims_boundery"`, 1),
		"an unknown kind":  strings.Replace(good, `"kind": "scope_statement"`, `"kind": "scope"`, 1),
		"a rule missing":   strings.Replace(good, `"item": "A.10.4"`, `"item": "A.10.3"`, 1),
		"not an item":      strings.Replace(good, `"item": "4.1"`, `"item": "4"`, 1),
		"not JSON":         good[:100],
	} {
		if _, err := gap.ParseRules([]byte(data), s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func assetsRules() []byte { return assets.EvidenceRules }
