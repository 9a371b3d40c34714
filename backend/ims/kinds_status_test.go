package ims_test

import (
	"reflect"
	"testing"

	"keel/backend/ims"
)

func TestControlStatusKind(t *testing.T) {
	k, err := ims.KindByName("control_status")
	if err != nil {
		t.Fatal(err)
	}
	if k.Label != "Implementation status" || k.Group != "Standards" || k.Clause != "6.1.3 / SoA" || k.TitleField != "item" {
		t.Errorf("kind header %+v", k)
	}
	var names, columns []string
	for _, f := range k.Fields {
		names = append(names, f.Name)
		if f.ListColumn {
			columns = append(columns, f.Name)
		}
	}
	if want := []string{"item", "status", "justification", "owner", "target_date", "evidence", "notes", "licensed_text"}; !reflect.DeepEqual(names, want) {
		t.Errorf("fields %v, want %v", names, want)
	}
	if f, _ := k.Field("licensed_text"); !f.Private {
		t.Error("licensed_text must be private: it stays on the device")
	}
	for _, f := range k.SharedFields() {
		if f.Private {
			t.Errorf("SharedFields includes private %s", f.Name)
		}
	}
	if want := []string{"item", "status", "owner", "target_date"}; !reflect.DeepEqual(columns, want) {
		t.Errorf("list columns %v, want %v", columns, want)
	}
	if want := []string{"item", "owner", "status"}; !reflect.DeepEqual(k.IndexedFields(), want) {
		t.Errorf("indexed %v, want %v", k.IndexedFields(), want)
	}
	if f, _ := k.Field("status"); !reflect.DeepEqual(f.Options, []string{"not started", "planned", "partial", "implemented", "not applicable"}) {
		t.Errorf("status options %v", f.Options)
	}

	tests := []struct {
		name   string
		in     map[string]any
		create bool
		field  string // "" when valid
	}{
		{"valid", map[string]any{"item": "iso27001-2022:A.5.19", "status": "not applicable", "target_date": "2027-01-31"}, true, ""},
		{"item required", map[string]any{"status": "implemented"}, true, "item"},
		{"status required", map[string]any{"item": "iso42001-2023:6.1.4"}, true, "status"},
		{"status cannot be cleared", map[string]any{"status": ""}, false, "status"},
		{"hyphenated status is the API's, not the record's", map[string]any{"status": "not-started"}, false, "status"},
		{"bad date", map[string]any{"target_date": "next spring"}, false, "target_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := k.ValidateFields(tt.in, tt.create)
			if got := ims.AsError(err).Field; (err == nil) != (tt.field == "") || (err != nil && got != tt.field) {
				t.Errorf("ValidateFields(%v) = %v (field %q), want field %q", tt.in, err, got, tt.field)
			}
		})
	}
}
