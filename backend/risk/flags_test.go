package risk_test

import (
	"reflect"
	"testing"

	"keel/backend/ims"
	"keel/backend/risk"
)

// A register built for the flags: a risk past its review date, one over appetite that
// nobody accepted nor escalated, one over appetite but accepted, one escalated into an open
// action, and a closed risk whose old review date is no longer due.
func TestFlags(t *testing.T) {
	m := risk.DefaultMethod()
	m.Appetite = map[string]float64{"security": 9}
	mk := func(fields map[string]any) ims.Record {
		f := map[string]any{"lens": []string{"security"}, "inherent_likelihood": 5.0, "inherent_impact": 4.0}
		for k, v := range fields {
			f[k] = v
		}
		return ims.Record{ID: "r", Kind: "risk", Fields: f}
	}
	open := ims.Record{ID: "a1", Kind: "action", Fields: map[string]any{"status": "open"}}
	done := ims.Record{ID: "a2", Kind: "action", Fields: map[string]any{"status": "done"}}
	cases := []struct {
		name    string
		r       ims.Record
		actions []ims.Record
		want    []string
	}{
		{"overdue review, within appetite", mk(map[string]any{"review_date": "2026-01-31", "residual_likelihood": 2.0, "residual_impact": 2.0}), nil,
			[]string{risk.FlagReviewOverdue}},
		{"over appetite, nobody accepted it", mk(map[string]any{"review_date": "2027-01-31"}), []ims.Record{done}, []string{risk.FlagUnaccepted}},
		{"over appetite, accepted", mk(map[string]any{"accepted_by": "Eleanor Marsh"}), nil, nil},
		{"over appetite, escalated to an open action", mk(nil), []ims.Record{done, open}, nil},
		{"closed, old review date", mk(map[string]any{"status": "closed", "review_date": "2025-01-01", "residual_likelihood": 1.0, "residual_impact": 1.0}), nil, nil},
	}
	for _, c := range cases {
		if got := m.Flags(c.r, c.actions, "2026-11-15"); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNumbersAndScoreText(t *testing.T) {
	rs := []ims.Record{{ID: "b", CreatedAt: "2026-02-01T00:00:00Z"}, {ID: "a", CreatedAt: "2026-03-01T00:00:00Z"}, {ID: "c", CreatedAt: "2026-02-01T00:00:00Z"}}
	if got := risk.Numbers(rs); !reflect.DeepEqual(got, map[string]string{"b": "R-001", "c": "R-002", "a": "R-003"}) {
		t.Errorf("numbers %v", got)
	}
	m := risk.DefaultMethod()
	m.LikelihoodLabels = []string{"1 Rare – once in 10 years", "Unlikely", "Possible", "Likely", "Almost certain"}
	if got := m.ScoreText(1, 5); got != "1 Rare × 5 = 5, Medium" {
		t.Errorf("score text %q", got)
	}
}
