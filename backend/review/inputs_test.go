package review_test

import (
	"reflect"
	"testing"

	"keel/backend/ims"
	"keel/backend/review"
)

func rec(kind, id, title, created string, f map[string]any) ims.Record {
	return ims.Record{ID: id, Kind: kind, Title: title, Fields: f, CreatedAt: created, UpdatedAt: created}
}

// A review built for the inputs: 27001's e (feedback) is lettered; trends count per
// quarter; this review's own action is never an action from a previous review; the 9.3.3
// outputs come out of their own fields.
func TestInputsTrendsAndOutputs(t *testing.T) {
	var e, g42 bool
	for _, l := range review.Letters {
		e = e || (l.ISO27001 == "e" && l.Input == "Feedback from interested parties")
		g42 = g42 || (l.ISO42001 == "e" && l.ISO27001 == "g")
	}
	if !e || !g42 {
		t.Errorf("27001 e is feedback from interested parties (%v); 42001 e is 27001 g, improvement (%v)", e, g42)
	}
	mr := rec("management_review", "mr2", "Management review 2026", "2026-11-01T09:00:00Z", map[string]any{
		"meeting_date": "2026-11-10", "actions": []string{"a2"},
		"improvement_decisions": "- Automate access reviews\n- Extend bias tests", "ims_changes": "Bring the chatbot into scope",
		"resource_needs": "£40,000 for AI tooling"})
	in := review.Input{From: "2026-01-01", To: "2026-12-31", AsOf: "2026-12-31", Records: map[string][]ims.Record{
		"management_review": {mr, rec("management_review", "mr1", "Management review 2025", "2025-11-01T09:00:00Z",
			map[string]any{"meeting_date": "2025-11-12", "actions": []string{"a1"}})},
		"action": {
			rec("action", "a1", "Old action", "2025-11-12T09:00:00Z", map[string]any{"source_kind": "management review", "status": "open"}),
			rec("action", "a2", "This review's action", "2026-11-10T09:00:00Z", map[string]any{"source_kind": "management review"}),
			rec("action", "a3", "Raised at this review, not linked", "2026-11-10T09:00:00Z", map[string]any{"source_kind": "management review", "source_ref": "Management review 2026"}),
		},
		"nonconformity": {rec("nonconformity", "n1", "NC", "2026-02-03T09:00:00Z", nil), rec("nonconformity", "n2", "NC", "2026-08-03T09:00:00Z", nil),
			rec("nonconformity", "n3", "NC", "2026-08-04T09:00:00Z", nil), rec("nonconformity", "n0", "NC", "2025-08-04T09:00:00Z", nil)},
		"interested_party": {rec("interested_party", "p1", "FCA", "2026-05-01T09:00:00Z", map[string]any{"category": "regulator",
			"requirements": "Explainable credit decisions", "feedback": "Asked for our Consumer Duty outcomes data"})},
	}}
	s := review.Gather(in)
	var prev []string
	for _, a := range s.PreviousActions {
		prev = append(prev, a.ID)
	}
	if !reflect.DeepEqual(prev, []string{"a1"}) {
		t.Errorf("previous actions %v, want only the earlier review's", prev)
	}
	if len(s.Trends) == 0 || !reflect.DeepEqual(s.Trends[0].Periods, []string{"Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"}) ||
		!reflect.DeepEqual(s.Trends[0].Counts, []int{1, 0, 2, 0}) {
		t.Errorf("trends %+v", s.Trends)
	}
	if len(s.Feedback) != 1 || s.Feedback[0].Feedback == "" || len(s.Parties) != 1 || s.Parties[0].Needs != "Explainable credit decisions" {
		t.Errorf("feedback %+v, parties %+v", s.Feedback, s.Parties)
	}
	r := s.Review
	if r == nil || !reflect.DeepEqual(r.ImprovementDecisions, []string{"Automate access reviews", "Extend bias tests"}) ||
		!reflect.DeepEqual(r.Changes, []string{"Bring the chatbot into scope"}) || !reflect.DeepEqual(r.Resources, []string{"£40,000 for AI tooling"}) {
		t.Errorf("9.3.3 outputs %+v", r)
	}
}
