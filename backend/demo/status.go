package demo

import (
	"context"
	"fmt"
	"strings"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// statuses records where Fenmore Credit stands: ISO/IEC 27001 certified since 2023
// (every clause and almost every Annex A control implemented, two excluded with reasons),
// ISO/IEC 27701:2019 controls mostly in place, and ISO/IEC 42001 just started. The gap
// analysis and the Statement of Applicability then show something true to life.
func statuses(ctx context.Context, st Service, actor ims.Actor, s *catalog.Standards) error {
	excluded := map[string]string{
		"iso27001-2022:A.7.5":  "No owned premises with environmental hazards beyond the landlord's building controls, which are covered by the lease.",
		"iso27001-2022:A.8.28": "Not applicable until 2027: no software is developed in-house; the lending platform and the chatbot are bought in.",
	}
	partial27701 := map[string]bool{"A.7.2.5": true, "A.7.3.10": true, "A.7.4.5": true}
	status42001 := map[string]string{
		"5.2": "partial", "6.1.2": "planned", "6.1.4": "planned", "A.2.2": "partial",
		"A.3.2": "implemented", "A.4.2": "partial", "A.5.2": "planned", "A.6.2.6": "partial", "A.10.3": "planned",
	}
	var rows []map[string]any
	add := func(ref, status, justification, owner, target string) {
		row := map[string]any{"item": ref, "status": status, "owner": owner}
		if justification != "" {
			row["justification"] = justification
		}
		if target != "" {
			row["target_date"] = target
		}
		rows = append(rows, row)
	}
	for _, c := range []string{"iso27001-2022", "iso27701-2019", "iso42001-2023"} {
		cat, ok := s.Catalogue(c)
		if !ok {
			return fmt.Errorf("demo statuses: no catalogue %s", c)
		}
		for _, it := range cat.Items {
			if !cat.Leaf(it.ID) || (it.Kind != catalog.KindClause && it.Kind != catalog.KindControl) {
				continue
			}
			ref := catalog.Ref(c, it.ID)
			switch c {
			case "iso27001-2022":
				if why, ok := excluded[ref]; ok {
					add(ref, "not applicable", why, "Björn Åström", "")
				} else {
					add(ref, "implemented", "", "Björn Åström", "")
				}
			case "iso27701-2019":
				if strings.HasPrefix(it.ID, "B.") {
					continue // Fenmore is a controller, not a processor
				}
				if partial27701[it.ID] {
					add(ref, "partial", "", "Zoë Łukasiewicz", "2027-03-31")
				} else {
					add(ref, "implemented", "", "Zoë Łukasiewicz", "")
				}
			case "iso42001-2023":
				if stt, ok := status42001[it.ID]; ok {
					add(ref, stt, "", "Priya Raghunathan", "2027-06-30")
				}
			}
		}
	}
	for _, ref := range []string{"iso27001-2022:A.7.5", "iso27001-2022:A.8.28", "iso27701-2019:A.7.2.5", "iso27701-2019:A.7.3.10",
		"iso27701-2019:A.7.4.5", "iso42001-2023:5.2", "iso42001-2023:6.1.4", "iso42001-2023:A.6.2.6", "iso42001-2023:A.10.3"} {
		if _, ok := s.Item(ref); !ok {
			return fmt.Errorf("demo statuses: %s is not in the catalogue", ref)
		}
	}
	if _, err := st.CreateRecords(ctx, actor, statusKind, rows); err != nil {
		return fmt.Errorf("demo statuses: %w", err)
	}
	return nil
}

// statusKind is the register of control statuses (the Statement of Applicability).
const statusKind = "control_status"
