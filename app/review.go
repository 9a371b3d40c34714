package app

import (
	"fmt"
	"strings"
	"time"

	"keel/backend/ims"
	"keel/backend/review"
	"keel/reports"
)

// ReviewInputs gathers the inputs of a management review (clause 9.3) from the open
// workspace, as the management-review pack does, for the review screen. reviewID is a
// management_review record ("" takes the latest meeting dated in the period); from and to
// (YYYY-MM-DD, either may be empty) are the period. With neither date given, the period
// is the one the chosen review records.
func (a *App) ReviewInputs(reviewID, from, to string) (review.Summary, error) {
	reviewID, from, to = strings.TrimSpace(reviewID), strings.TrimSpace(from), strings.TrimSpace(to)
	var rec ims.Record
	if reviewID != "" {
		r, err := a.reviewRecord(reviewID)
		if err != nil {
			return review.Summary{}, err
		}
		rec = r
	}
	if from == "" && to == "" && rec.ID != "" {
		from, _ = rec.Fields["period_from"].(string)
		to, _ = rec.Fields["period_to"].(string)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if err := (reports.Options{From: from, To: to, Generated: now}).Validate(); err != nil {
		return review.Summary{}, ims.FieldErrorf("period", "%s", capitalise(strings.TrimPrefix(err.Error(), "reports: ")))
	}
	snap, err := a.reviewSnapshot()
	if err != nil {
		return review.Summary{}, err
	}
	// Overdue is judged at the period's end, as in the pack, but never later than today: a
	// review being prepared shows what is overdue now, not what will be by its period's end.
	asOf := to
	if today := now.Format("2006-01-02"); to == "" || to > today {
		asOf = today
	}
	return review.Gather(review.Input{Organisation: snap.Organisation, Records: snap.Records, History: snap.History,
		From: from, To: to, AsOf: asOf, Review: reviewID}), nil
}

// AddReviewAction records an action agreed at a management review: it creates the action
// (raised from the management review, open, unless the fields say otherwise) and links it
// from the review's actions, so it joins the one action list and the next review reports
// its status. Bad fields are refused with nothing written.
func (a *App) AddReviewAction(reviewID string, fields map[string]any) (ims.Record, error) {
	rec, err := a.reviewRecord(strings.TrimSpace(reviewID))
	if err != nil {
		return ims.Record{}, err
	}
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	f := map[string]any{"status": "open", "source_kind": "management review", "source_ref": clip(rec.Title, 200),
		"lens": []string{"security", "privacy", "ai"}}
	for k, v := range fields {
		f[k] = v
	}
	action, err := st.CreateRecord(bg, actor, "action", f)
	if err != nil {
		return action, err
	}
	if _, err := st.AddLink(bg, actor, "management_review", rec.ID, "actions", action.ID); err != nil {
		return action, fmt.Errorf("action %q is saved, but linking it to %s failed: %w", action.Title, rec.Title, err)
	}
	return action, nil
}

// reviewRecord is a live management review of the open workspace, or an invalid-input
// error naming the review field.
func (a *App) reviewRecord(id string) (ims.Record, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return ims.Record{}, err
	}
	if id == "" {
		return ims.Record{}, ims.FieldErrorf("review", "Review: choose a management review")
	}
	r, err := st.GetRecord(bg, "management_review", id)
	if err != nil && ims.ErrorCode(err) != ims.ENOTFOUND {
		return r, err
	}
	if err != nil || r.Deleted {
		return ims.Record{}, ims.FieldErrorf("review", "Review: no management review %q in this workspace", id)
	}
	return r, nil
}
