package ims

import (
	"fmt"
	"strings"
)

// StatusOptions are the implementation statuses of a catalogue item, as the control_status
// record stores them. backend/gap spells them with hyphens ("not-started").
var StatusOptions = []string{"not started", "planned", "partial", "implemented", "not applicable"}

func init() {
	Register(Kind{
		Name: "control_status", Label: "Implementation status", Plural: "Implementation statuses",
		Group: "Standards", Clause: "6.1.3 / SoA", TitleField: "item",
		Help: "How far each requirement and control of 42001, 27001, 27701 and UK data protection is implemented: " +
			"the Statement of Applicability (6.1.3) and the input of the gap analysis. One record per item.",
		Fields: []Field{
			{Name: "item", Label: "Item", Type: TypeText, Required: true, ListColumn: true, Index: true, MaxLen: 120, Refs: RefsOne,
				Help: "The catalogue item as catalogue:id, e.g. iso42001-2023:A.6.2.4 or iso27001-2022:A.5.19."},
			{Name: "status", Label: "Status", Type: TypeEnum, Required: true, ListColumn: true, Index: true,
				Options: StatusOptions,
				Help:    "Only \"implemented\" counts towards the gap analysis; \"not applicable\" excludes an Annex A control (clauses 4–10 cannot be excluded)."},
			{Name: "justification", Label: "Applicability justification", Type: TypeLongText, MaxLen: 10000,
				Help: "Why the item is included or excluded: the Statement of Applicability asks for it (42001 and 27001 clause 6.1.3)."},
			{Name: "owner", Label: "Owner", Type: TypePerson, ListColumn: true, Index: true},
			{Name: "target_date", Label: "Target date", Type: TypeDate, ListColumn: true, Due: true,
				Help: "When the item should be implemented."},
			{Name: "evidence", Label: "Evidence", Type: TypeLongText, MaxLen: 10000,
				Help: "References to the evidence and records that show the item is implemented (documents, records, files)."},
			{Name: "notes", Label: "Notes", Type: TypeLongText, MaxLen: 10000},
			{Name: "licensed_text", Label: "Your licensed text", Type: TypeLongText, MaxLen: 20000, Private: true,
				Help: "Paste the wording from your own licensed copy of the standard to read it beside the item. It stays on this device: exports leave it out."},
		},
	})
}

func init() { RegisterCheck("control_status", checkOneStatus) }

// checkOneStatus keeps one implementation status per catalogue item: a second record for an
// item that has one is refused, naming the existing record so the person changes that one.
// Records made on two devices before a sync are merged, never refused (the store does not
// check ops from another device); changing a record that keeps its item is always allowed.
func checkOneStatus(prev, next Record, look Lookup) error {
	item := text(next, "item")
	if item == "" || (prev.ID != "" && strings.EqualFold(text(prev, "item"), item)) {
		return nil
	}
	for _, r := range All(look, "control_status") {
		if r.ID != next.ID && strings.EqualFold(text(r, "item"), item) {
			return &Error{Code: EINVALID, Field: "item", Existing: "control_status/" + r.ID, Message: fmt.Sprintf(
				"Item: %s already has an implementation status (%q, record %s): open that record and change it instead of adding a second",
				item, text(r, "status"), r.ID)}
		}
	}
	return nil
}
