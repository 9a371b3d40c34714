package demo

import (
	"context"
	"fmt"

	"keel/backend/ims"
)

// audit adds the internal audit programme and the management reviews to the demo
// (issue 6): two audits of Fenmore Credit's IMS with their findings, a nonconformity raised
// from one of them, last year's review with its actions and this year's review, held.
// It writes last year's review on its own date and returns the rest of the programme
// (this year's audits, their nonconformities and findings, this year's review), which
// Fill writes later in the demo's calendar, each audit and review on its own day.
func audit(ctx context.Context, st ims.RecordService, actor ims.Actor) (func(context.Context) error, func(context.Context) error, error) {
	base := ctx
	create := func(kind string, f map[string]any) (ims.Record, error) {
		r, err := st.CreateRecord(ctx, actor, kind, f)
		if err != nil {
			return r, fmt.Errorf("demo %s %v: %w", kind, f["title"], err)
		}
		return r, nil
	}
	// actions creates a review's actions, each {title, owner, due date, status, priority}.
	actions := func(specs ...[5]string) ([]string, error) {
		var ids []string
		for _, a := range specs {
			r, err := create("action", map[string]any{"title": a[0], "owner": a[1], "due_date": a[2], "status": a[3],
				"priority": a[4], "source_kind": "management review", "lens": []string{"security", "privacy", "ai"}})
			if err != nil {
				return nil, err
			}
			ids = append(ids, r.ID)
		}
		return ids, nil
	}
	// Last year's review and its actions: one done, one still open and now overdue.
	ctx = on(base, "2025-11-20")
	lastActions, err := actions(
		[5]string{"Extend the risk method to harms to individuals and society from AI", "Björn Åström", "2026-03-31", "done", "high"},
		[5]string{"Name a leadership owner for AI governance and write it into the roles register", "Siobhán O'Connell", "2026-06-30", "in progress", "high"})
	if err != nil {
		return nil, nil, err
	}
	if _, err := create("management_review", map[string]any{"title": "Management review 2025", "meeting_date": "2025-11-20",
		"period_from": "2024-12-01", "period_to": "2025-11-15", "chair": "Siobhán O'Connell", "status": "minutes approved",
		"attendees": "Siobhán O'Connell (CEO), Björn Åström (CISO), Zoë Łukasiewicz (DPO)",
		"decisions": "Start the ISO/IEC 42001 programme for the credit decision model\nBudget £40,000 for the AI management system in 2026",
		"actions":   lastActions}); err != nil {
		return nil, nil, err
	}

	audits := func(c context.Context) error {
		base = c
		// Two internal audits of this year's programme.
		ctx = on(base, "2026-05-13")
		aims, err := create("audit", map[string]any{"title": "AI lifecycle and model change (H1 2026)",
			"standards": []string{"ISO/IEC 42001"}, "lead_auditor": "José Núñez", "auditors": "Priya Raghunathan",
			"planned_start": "2026-05-11", "planned_end": "2026-05-13", "status": "closed",
			"scope":    "Credit decision model: design, validation, release and monitoring; the model vendor's change notices.",
			"criteria": "iso42001-2023:8.1\niso42001-2023:A.6.2.4\niso42001-2023:A.6.2.6\niso42001-2023:A.10.3",
			"summary":  "The lifecycle is defined and followed; drift monitoring ran every month. One minor nonconformity on the vendor's change notices."})
		if err != nil {
			return err
		}
		ctx = on(base, "2026-10-07")
		isms, err := create("audit", map[string]any{"title": "Access control and supplier security (H2 2026)",
			"standards": []string{"ISO/IEC 27001", "ISO/IEC 27701"}, "lead_auditor": "Priya Raghunathan",
			"planned_start": "2026-10-05", "planned_end": "2026-10-07", "status": "reported",
			"scope":    "Joiners, movers and leavers; privileged access to the scoring platform; processor agreements.",
			"criteria": "iso27001-2022:A.5.15\niso27001-2022:A.5.18\niso27001-2022:A.8.2\niso27001-2022:A.5.20"})
		if err != nil {
			return err
		}
		nc, err := create("nonconformity", map[string]any{"title": "Model vendor's change notices not checked before release",
			"source": "internal audit", "severity": "minor", "lens": []string{"ai"}, "requirement": "42001 A.10.3",
			"description": "Two model updates from Bramley Analytics went live without the change notice being reviewed.",
			"owner":       "Björn Åström", "due_date": "2026-08-31", "status": "awaiting check",
			"corrective_action": "Release checklist now requires the vendor's change notice and a validation run."})
		if err != nil {
			return err
		}
		nc2, err := create("nonconformity", map[string]any{"title": "Quarterly access review of the scoring platform not evidenced",
			"source": "internal audit", "severity": "minor", "lens": []string{"security"}, "requirement": "27001 A.5.18",
			"owner": "Zoë Łukasiewicz", "due_date": "2026-12-18", "status": "action planned"})
		if err != nil {
			return err
		}
		findings := []map[string]any{
			{"title": "Release process follows the documented lifecycle", "audit": aims.ID, "type": "conformity", "ref": "iso42001-2023:A.6.2.4",
				"evidence": "Release tickets REL-112 to REL-118; validation reports signed by Priya Raghunathan."},
			{"title": "Vendor change notices not reviewed before two releases", "audit": aims.ID, "type": "minor nonconformity", "ref": "iso42001-2023:A.10.3",
				"nonconformity": nc.ID, "evidence": "Change notices CN-07 and CN-09 dated after the releases."},
			{"title": "Drift thresholds could be tied to the objectives", "audit": aims.ID, "type": "observation", "ref": "iso42001-2023:A.6.2.6"},
			{"title": "Leavers' access removed within one working day", "audit": isms.ID, "type": "conformity", "ref": "iso27001-2022:A.5.18",
				"evidence": "HR leavers list against directory export, July–September."},
			{"title": "Q2 access review of the scoring platform not evidenced", "audit": isms.ID, "type": "minor nonconformity", "ref": "iso27001-2022:A.5.18",
				"nonconformity": nc2.ID},
			{"title": "Processor agreement with the cloud host up to date", "audit": isms.ID, "type": "conformity", "ref": "iso27001-2022:A.5.20"},
		}
		for _, f := range findings {
			if _, err := create("finding", f); err != nil {
				return err
			}
		}
		return nil
	}
	review := func(c context.Context) error {
		base = c
		// This year's review, held, with its decisions and actions.
		ctx = on(base, "2026-11-19")
		thisActions, err := actions(
			[5]string{"Bring the customer chatbot into the AIMS scope", "Siobhán O'Connell", "2027-03-31", "open", "medium"},
			[5]string{"Bias test the credit model every quarter (≥ 4 a year) and report to the board", "Priya Raghunathan", "2027-01-31", "open", "high"})
		if err != nil {
			return err
		}
		_, err = create("management_review", map[string]any{"title": "Management review 2026", "meeting_date": "2026-11-19",
			"period_from": "2025-11-16", "period_to": "2026-11-15", "chair": "Siobhán O'Connell", "status": "held",
			"attendees": "Siobhán O'Connell (CEO), Björn Åström (CISO), Zoë Łukasiewicz (DPO), José Núñez (Head of Data Science)",
			"decisions": "The AIMS, ISMS and PIMS remain suitable, adequate and effective\n" +
				"Bring the customer chatbot into the ISO/IEC 42001 scope for the stage 1 audit\n" +
				"Keep the AI risk appetite at 6; accept no AI risk above it without the board\n" +
				"Approve £25,000 for bias testing and monitoring tools in 2027",
			"actions": thisActions,
			"notes":   "Minutes to be approved at the December board."})
		return err
	}
	return audits, review, nil
}
