package review_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/review"
	"keel/backend/review/reviewtest"
	"keel/backend/risk"
)

// input is the small test workspace for the period 2026, judged overdue at its end.
func input() review.Input {
	w := reviewtest.Build(reviewtest.Small)
	return review.Input{Organisation: "Fenmore Credit Ltd", Records: w.Records, History: w.History,
		From: "2026-01-01", To: "2026-12-31", AsOf: "2026-12-31", Review: w.Review}
}

func TestGatherReview(t *testing.T) {
	in := input()
	s := review.Gather(in)

	if s.Review == nil || s.Review.Title != "Management review 2026" || len(s.Review.Decisions) != 3 ||
		s.Review.Decisions[1] != "Bring the chatbot into the ISO/IEC 42001 scope" || len(s.Review.Actions) != 2 {
		t.Fatalf("review = %+v", s.Review)
	}
	if s.AsOf != in.To || s.From != in.From || s.To != in.To || s.Organisation != in.Organisation {
		t.Errorf("%s: period %s – %s as of %s, input %s – %s", s.Organisation, s.From, s.To, s.AsOf, in.From, in.To)
	}
	t.Run("actions from previous reviews", func(t *testing.T) {
		if len(s.PreviousReviews) != 1 || s.PreviousReviews[0].Title != "Management review 2025" {
			t.Fatalf("previous reviews %+v", s.PreviousReviews)
		}
		var overdue []string
		for _, a := range s.PreviousActions {
			if a.Overdue {
				overdue = append(overdue, a.Title)
			}
			if a.FromReview != s.PreviousReviews[0].ID || a.From != "Management review 2025" {
				t.Errorf("action %q from %q (%s)", a.Title, a.From, a.FromReview)
			}
		}
		if len(s.PreviousActions) != 2 || !slices.Equal(overdue, []string{"Appoint an AI governance owner"}) {
			t.Errorf("previous actions %+v, overdue %v", s.PreviousActions, overdue)
		}
	})
	t.Run("counts", func(t *testing.T) {
		f := s.Figures
		if f.OpenNonconformities == 0 || f.Objectives != 3 || f.Incidents == 0 || f.RisksOverAppetite != len(s.Risks.OverAppetite) {
			t.Errorf("figures %+v (over appetite listed %d)", f, len(s.Risks.OverAppetite))
		}
		total := 0
		for _, tl := range s.NonconformitiesBySource {
			total += tl.Total
			if len(tl.Counts) != len(s.Keys.NonconformityStatuses) {
				t.Errorf("tally %+v against keys %v", tl, s.Keys.NonconformityStatuses)
			}
		}
		if total != len(s.Nonconformities) || len(s.Audits) == 0 || len(s.Findings) == 0 || len(s.Breaches) == 0 || len(s.Issues) == 0 {
			t.Errorf("%d nonconformities tallied of %d; %d audits, %d findings, %d breaches, %d issues",
				total, len(s.Nonconformities), len(s.Audits), len(s.Findings), len(s.Breaches), len(s.Issues))
		}
		got := s.Risks.Unscored
		for _, n := range s.Risks.Inherent {
			got += n
		}
		if got != s.Risks.Total {
			t.Errorf("risks by level %v + %d unscored != %d", s.Risks.Inherent, s.Risks.Unscored, s.Risks.Total)
		}
		changed := 0
		for _, a := range s.AISystems {
			changed += len(a.StageChanges)
		}
		if changed == 0 {
			t.Error("no AI system stage change in the period")
		}
	})
	t.Run("JSON", func(t *testing.T) {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"previousActions":[{"id":"`, `"overdue":true`, `"riskLevels":[`, `"aiSystems":[`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("JSON lacks %s", want)
			}
		}
		// An empty workspace gives empty lists, never null, so a screen can count them.
		empty, _ := json.Marshal(review.Gather(review.Input{Organisation: "Empty Ltd", From: in.From, To: in.To, AsOf: in.AsOf}))
		for _, f := range []string{"previousReviews", "previousActions", "issues", "parties", "nonconformities", "nonconformitiesBySource",
			"objectives", "audits", "findings", "incidents", "aiSystems", "breaches", "principles", "dpias", "supplierIssues", "treatments", "overAppetite"} {
			if !strings.Contains(string(empty), `"`+f+`":[`) {
				t.Errorf("%s is not a list in an empty workspace: %s", f, empty)
			}
		}
	})
	t.Run("record order does not matter", func(t *testing.T) {
		a, _ := json.Marshal(s)
		rev := in
		rev.Records = reviewtest.Reversed(in.Records)
		b, _ := json.Marshal(review.Gather(rev))
		if string(a) != string(b) {
			t.Error("reversing the records changed the summary")
		}
	})
}

// The principles changed in the period, with the breaches of the metrics that evidence them.
func TestGatherPrinciples(t *testing.T) {
	in := input()
	recs := map[string][]ims.Record{}
	for k, v := range in.Records {
		recs[k] = slices.Clone(v)
	}
	changed := reviewtest.NewRecord(1, "ai_principle", "Fairness", "2026-03-01", map[string]any{"status": "approved"})
	before := reviewtest.NewRecord(2, "ai_principle", "Privacy", "2025-03-01", map[string]any{"status": "approved"})
	recs["ai_principle"] = []ims.Record{changed, before}
	var linked string
	mons := slices.Clone(recs["monitoring_record"])
	for i, m := range mons {
		f := maps.Clone(m.Fields)
		if linked == "" && risk.BreachOf(m) && m.Fields["date"].(string) >= in.From {
			f["principle"] = changed.ID
			linked = m.ID
		}
		mons[i].Fields = f
	}
	recs["monitoring_record"] = mons
	in.Records = recs
	s := review.Gather(in)
	if linked == "" || len(s.Principles) != 1 || s.Principles[0].Title != "Fairness" || !s.Principles[0].New || s.Principles[0].Breaches != 1 {
		t.Fatalf("principles = %+v (linked %q)", s.Principles, linked)
	}
	for _, b := range s.Breaches {
		if (b.ID == linked) != (b.Principle == "Fairness") {
			t.Errorf("breach %s evidences %q", b.Title, b.Principle)
		}
	}
}
