package reports

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestGatherReview(t *testing.T) {
	snap, in := reviewSnapshot(t, smallReview)
	o := testOptions()
	s := GatherReview(snap, o, in)

	if s.Review == nil || s.Review.Title != "Management review 2026" || len(s.Review.Decisions) != 3 ||
		s.Review.Decisions[1] != "Bring the chatbot into the ISO/IEC 42001 scope" || len(s.Review.Actions) != 2 {
		t.Fatalf("review = %+v", s.Review)
	}
	if s.AsOf != o.To || s.From != o.From {
		t.Errorf("period %s – %s as of %s, options %s – %s", s.From, s.To, s.AsOf, o.From, o.To)
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
		if got := sum(s.Risks.Inherent) + s.Risks.Unscored; got != s.Risks.Total {
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
		empty, _ := json.Marshal(GatherReview(Snapshot{Organisation: "Empty Ltd"}, o, ReviewInput{}))
		for _, f := range []string{"previousReviews", "previousActions", "issues", "parties", "nonconformities", "nonconformitiesBySource",
			"objectives", "audits", "findings", "incidents", "aiSystems", "breaches", "dpias", "supplierIssues", "treatments", "overAppetite"} {
			if !strings.Contains(string(empty), `"`+f+`":[`) {
				t.Errorf("%s is not a list in an empty workspace: %s", f, empty)
			}
		}
	})
	t.Run("record order does not matter", func(t *testing.T) {
		a, _ := json.Marshal(s)
		b, _ := json.Marshal(GatherReview(reversed(snap), o, in))
		if string(a) != string(b) {
			t.Error("reversing the records changed the summary")
		}
	})
}

// reversed is the snapshot with every register's records in the opposite order.
func reversed(snap Snapshot) Snapshot {
	rev := snap
	rev.Records = map[string][]ims.Record{}
	for k, rs := range snap.Records {
		rs = slices.Clone(rs)
		slices.Reverse(rs)
		rev.Records[k] = rs
	}
	return rev
}
