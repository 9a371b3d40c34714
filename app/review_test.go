package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"keel/app"
	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/review"
)

// demoReviews opens the demo workspace and returns its management reviews by title.
func demoReviews(t *testing.T) (*env, map[string]ims.Record) {
	t.Helper()
	e := ready(t)
	st, _, err := e.sess.Current()
	if err != nil {
		t.Fatal(err)
	}
	std, err := app.StandardsCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(context.Background(), st, ada, std); err != nil {
		t.Fatal(err)
	}
	res, err := e.app.ListRecords(ims.ListQuery{Kind: "management_review"})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]ims.Record{}
	for _, r := range res.Records {
		by[r.Title] = r
	}
	if len(by) < 2 {
		t.Fatalf("the demo has %d management reviews, want 2", len(by))
	}
	return e, by
}

func TestReviewInputs(t *testing.T) {
	e, reviews := demoReviews(t)
	r2026 := reviews["Management review 2026"]

	t.Run("the chosen review, over its own period", func(t *testing.T) {
		s, err := e.app.ReviewInputs(r2026.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if s.Review == nil || s.Review.ID != r2026.ID || s.From != "2025-11-16" || s.To != "2026-11-15" || s.Organisation != "Fenmore Credit" {
			t.Fatalf("review %+v, period %s – %s", s.Review, s.From, s.To)
		}
		if len(s.Review.Decisions) != 4 || len(s.Review.Actions) != 2 {
			t.Errorf("decisions %v, actions %+v", s.Review.Decisions, s.Review.Actions)
		}
		// The two actions of the 2025 review (one done, one overdue), and one raised from a
		// management review that no review links.
		var overdue []string
		from2025 := 0
		for _, a := range s.PreviousActions {
			if a.Overdue {
				overdue = append(overdue, a.Title)
			}
			if a.FromReview == reviews["Management review 2025"].ID {
				from2025++
			}
		}
		if len(s.PreviousReviews) != 1 || from2025 != 2 ||
			!slices.Equal(overdue, []string{"Name a leadership owner for AI governance and write it into the roles register"}) {
			t.Errorf("previous %d reviews, actions %+v", len(s.PreviousReviews), s.PreviousActions)
		}
		f := s.Figures
		if f.OpenNonconformities == 0 || f.Objectives == 0 || f.Incidents == 0 || len(s.Audits) != 2 || len(s.Findings) != 6 ||
			len(s.AISystems) == 0 || len(s.DPIAs) == 0 || s.Risks.Total == 0 {
			t.Errorf("figures %+v; %d audits, %d findings, %d AI systems, %d DPIAs, %d risks",
				f, len(s.Audits), len(s.Findings), len(s.AISystems), len(s.DPIAs), s.Risks.Total)
		}
	})

	t.Run("no review: the latest in the period", func(t *testing.T) {
		s, err := e.app.ReviewInputs("", "2025-01-01", "2025-12-31")
		if err != nil {
			t.Fatal(err)
		}
		if s.Review == nil || s.Review.Title != "Management review 2025" {
			t.Errorf("review %+v", s.Review)
		}
	})

	for _, tc := range []struct {
		name, review, from, to, field, msg string
	}{
		{"unknown review", "no-such-review", "", "", "review", `no management review "no-such-review"`},
		{"another kind's record", reviews["Management review 2025"].ID + "x", "", "", "review", "no management review"},
		{"bad date", "", "2026-13-01", "", "period", "is not a date"},
		{"backwards period", r2026.ID, "2026-12-31", "2026-01-01", "period", "starts (2026-12-31) after it ends"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.app.ReviewInputs(tc.review, tc.from, tc.to)
			wantCode(t, err, ims.EINVALID, tc.msg)
			if f := errField(err); f != tc.field {
				t.Errorf("field %q, want %q", f, tc.field)
			}
		})
	}
}

func TestAddReviewAction(t *testing.T) {
	e, reviews := demoReviews(t)
	r2026 := reviews["Management review 2026"]
	actions := func() int {
		res, err := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := actions()

	a, err := e.app.AddReviewAction(r2026.ID, map[string]any{"title": "Publish the AI policy to all staff", "owner": "Zoë Łukasiewicz", "due_date": "2027-02-28"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Fields["source_kind"] != "management review" || a.Fields["status"] != "open" || a.Fields["source_ref"] != r2026.Title || actions() != before+1 {
		t.Errorf("action %v (%d actions, want %d)", a.Fields, actions(), before+1)
	}
	rv, err := e.app.GetRecord("management_review", r2026.ID)
	if err != nil {
		t.Fatal(err)
	}
	if links, _ := rv.Fields["actions"].([]string); !slices.Contains(links, a.ID) || len(links) != 3 {
		t.Errorf("the review links %v, want the new action among 3", links)
	}
	s, err := e.app.ReviewInputs(r2026.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(s.Review.Actions, func(x review.Action) bool { return x.ID == a.ID }) {
		t.Errorf("the review's actions %+v lack the new one", s.Review.Actions)
	}

	// The next review reports it among the actions from previous reviews.
	next, err := e.app.CreateRecord("management_review", map[string]any{"title": "Management review 2027", "meeting_date": "2027-11-18",
		"period_from": "2026-11-16", "period_to": "2027-11-15", "status": "planned"})
	if err != nil {
		t.Fatal(err)
	}
	s, err = e.app.ReviewInputs(next.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// A review still to come judges overdue today, not at its period's end.
	if today := time.Now().UTC().Format("2006-01-02"); s.AsOf != min(today, "2027-11-15") {
		t.Errorf("as of %s, want the earlier of today (%s) and the period's end", s.AsOf, today)
	}
	i := slices.IndexFunc(s.PreviousActions, func(x review.Action) bool { return x.ID == a.ID })
	if i < 0 || s.PreviousActions[i].From != r2026.Title || !s.PreviousActions[i].Open {
		t.Fatalf("next review's previous actions %+v lack the new one", s.PreviousActions)
	}

	// Bad input writes nothing.
	for _, tc := range []struct {
		name, review string
		fields       map[string]any
		field, msg   string
	}{
		{"no title", r2026.ID, map[string]any{"owner": "Zoë Łukasiewicz"}, "title", "required"},
		{"no owner", r2026.ID, map[string]any{"title": "Something"}, "owner", "required"},
		{"bad due date", r2026.ID, map[string]any{"title": "Something", "owner": "Zoë", "due_date": "31/02/2027"}, "due_date", "date"},
		{"unknown review", "nope", map[string]any{"title": "Something", "owner": "Zoë"}, "review", "no management review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := actions()
			_, err := e.app.AddReviewAction(tc.review, tc.fields)
			wantCode(t, err, ims.EINVALID, tc.msg)
			if f := errField(err); f != tc.field {
				t.Errorf("field %q, want %q", f, tc.field)
			}
			if actions() != n {
				t.Error("a refused action was written")
			}
		})
	}
	rv, _ = e.app.GetRecord("management_review", r2026.ID)
	if links, _ := rv.Fields["actions"].([]string); len(links) != 3 {
		t.Errorf("refused actions changed the review's links: %v", links)
	}
}

// errField is the field a domain error names, if any.
func errField(err error) string {
	var e *ims.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
