package app

import (
	"fmt"
	"strconv"

	"keel/backend/ims"
	"keel/backend/risk"
)

// followUp runs what a saved record sets in motion. Today: an AI monitoring reading past
// its threshold raises a nonconformity (42001 9.1, A.6.2.6; 10.2), linked both ways, unless
// the reading already has one. The reading itself is saved first, so a failure here never
// loses it; the error says what is left to do.
func (a *App) followUp(st WorkspaceStore, actor ims.Actor, rec ims.Record) (ims.Record, error) {
	if rec.Kind != "monitoring_record" || rec.Deleted || !risk.BreachOf(rec) {
		return rec, nil
	}
	if nc, _ := rec.Fields["nonconformity"].(string); nc != "" {
		return rec, nil
	}
	system, owner := "", actor.Name
	if id, _ := rec.Fields["ai_system"].(string); id != "" {
		if s, err := st.GetRecord(bg, "ai_system", id); err == nil {
			system = s.Title
			if o, _ := s.Fields["owner"].(string); o != "" {
				owner = o
			}
		}
	}
	num := func(v any) string {
		f, _ := v.(float64)
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	title := fmt.Sprintf("Monitoring threshold breached: %s", rec.Title)
	if system != "" {
		title += " (" + system + ")"
	}
	if len([]rune(title)) > 200 {
		title = string([]rune(title)[:199]) + "…"
	}
	nc, err := st.CreateRecord(bg, actor, "nonconformity", map[string]any{
		"title": title, "source": "monitoring", "lens": []string{"ai"}, "severity": "minor",
		"description": fmt.Sprintf("%s: %s against a threshold of %s (%s), measured on %v.",
			rec.Title, num(rec.Fields["value"]), num(rec.Fields["threshold"]), rec.Fields["direction"], rec.Fields["date"]),
		"requirement": "42001 9.1 / A.6.2.6", "owner": owner, "status": "open",
	})
	if err != nil {
		return rec, fmt.Errorf("the reading is saved, but raising its nonconformity failed: %w", err)
	}
	linked, err := st.UpdateRecord(bg, actor, rec.Kind, rec.ID, map[string]any{"nonconformity": nc.ID})
	if err != nil {
		return rec, fmt.Errorf("the reading and nonconformity %q are saved, but linking them failed: %w", nc.Title, err)
	}
	return linked, nil
}
