package app

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// CreateActionFromGap turns one open item of the 42001 gap analysis into an action in the
// one action list, carrying what is to be done, the implementation step as priority, and
// a reference back to the item. owner and due may be empty: the owner then defaults to
// the person using Keel, and the action has no due date.
func (a *App) CreateActionFromGap(item, owner, due string) (ims.Record, error) {
	analysis, err := a.GapAnalysis()
	if err != nil {
		return ims.Record{}, err
	}
	id := strings.TrimPrefix(item, catalog.Ref("iso42001-2023", ""))
	for _, g := range analysis.Items {
		if g.ID != id {
			continue
		}
		if g.Todo == "" {
			return ims.Record{}, ims.FieldErrorf("item", "%s %s has nothing left to do", g.ID, g.Title)
		}
		if owner == "" {
			actor, err := a.s.Actor()
			if err != nil {
				return ims.Record{}, err
			}
			owner = actor.Name
		}
		priority := "low"
		switch {
		case g.Step <= 3:
			priority = "high"
		case g.Step <= 5:
			priority = "medium"
		}
		// A short title for the list; what to do goes in the description.
		title := fmt.Sprintf("ISO/IEC 42001 %s %s: close the gap (%s)", g.ID, g.Title, g.Result)
		if utf8.RuneCountInString(title) > 200 {
			title = string([]rune(title)[:199]) + "…"
		}
		fields := map[string]any{
			"title": title, "source_kind": "gap analysis", "source_ref": catalog.Ref("iso42001-2023", g.ID),
			"lens": []string{"ai"}, "description": fmt.Sprintf("%s (implementation step %d).", g.Todo, g.Step),
			"owner": owner, "priority": priority, "status": "open",
		}
		if due != "" {
			fields["due_date"] = due
		}
		return a.CreateRecord("action", fields)
	}
	return ims.Record{}, ims.FieldErrorf("item", "%q is not an item of the ISO/IEC 42001 gap analysis (e.g. A.6.2.4 or 6.1.4)", item)
}
