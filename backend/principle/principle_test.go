package principle_test

import (
	"reflect"
	"testing"

	"keel/backend/ims"
	"keel/backend/principle"
)

func TestGather(t *testing.T) {
	rec := func(kind, id, title string, f map[string]any) ims.Record {
		return ims.Record{ID: id, Kind: kind, Title: title, Fields: f}
	}
	live := []string{"deployment", "operation and monitoring"}
	recs := map[string][]ims.Record{
		"ai_system": {rec("ai_system", "s1", "Credit model", map[string]any{"stage": "operation and monitoring"}),
			rec("ai_system", "s2", "Chatbot", map[string]any{"stage": "design and development"})},
		"ai_principle": {rec("ai_principle", "p1", "Fairness", map[string]any{"status": "approved", "stages": live}),
			rec("ai_principle", "p2", "Safety", map[string]any{"status": "approved", "stages": live}),
			rec("ai_principle", "p3", "Retired one", map[string]any{"status": "retired", "stages": live}),
			rec("ai_principle", "p4", "Design only", map[string]any{"status": "approved", "stages": []string{"design and development"}})},
		"principle_review": {rec("principle_review", "r2", "", map[string]any{"ai_system": "s1", "principle": "p1", "stage": "operation and monitoring", "note": "n", "evidence": "e"}),
			rec("principle_review", "r1", "", map[string]any{"ai_system": "s1", "principle": "p1", "stage": "deployment", "note": "n", "evidence": "e"})},
		"monitoring_record": {rec("monitoring_record", "m1", "Bias Q3", map[string]any{"ai_system": "s1", "principle": "p1", "metric_type": "bias test",
			"value": 0.7, "threshold": 0.8, "direction": ims.BreachBelow, "date": "2026-09-30"}),
			rec("monitoring_record", "m2", "Unlinked", map[string]any{"ai_system": "s1", "value": 1.0, "threshold": 2.0, "direction": ims.BreachAbove})},
	}
	v := principle.Gather(recs)
	var gaps []string
	for _, p := range v.Gaps() {
		gaps = append(gaps, p.Name)
	}
	if !reflect.DeepEqual(gaps, []string{"Safety"}) {
		t.Errorf("gaps = %v, want Safety only (Fairness has a metric, the retired and the design-only principle need none)", gaps)
	}
	fair := v.Principles[1]
	if fair.Name != "Fairness" || len(fair.Weighed) != 2 || fair.Weighed[0].Stage != "deployment" || len(fair.Metrics) != 1 || !fair.Metrics[0].Breach {
		t.Errorf("Fairness = %+v", fair)
	}
	if v.Systems[1].Name != "Credit model" || len(v.Systems[1].Weighed) != 2 || len(v.Systems[1].Metrics) != 1 || len(v.Systems[0].Weighed) != 0 {
		t.Errorf("systems = %+v", v.Systems)
	}
	// No live system: nothing to evidence yet.
	recs["ai_system"] = recs["ai_system"][1:]
	if g := principle.Gather(recs).Gaps(); len(g) != 0 {
		t.Errorf("gaps without a live system = %v", g)
	}
}
