package ims_test

import (
	"slices"
	"testing"

	"keel/backend/ims"
)

// problemFields lists the fields an error names, in order: its list, or its one field.
func problemFields(err error) []string {
	if err == nil {
		return nil
	}
	e := ims.AsError(err)
	if len(e.Fields) == 0 {
		return []string{e.Field}
	}
	var out []string
	for _, p := range e.Fields {
		if p.Message == "" {
			out = append(out, p.Field+"(no message)")
			continue
		}
		out = append(out, p.Field)
	}
	return out
}

func TestSaveSaysEveryFieldProblemAtOnce(t *testing.T) {
	method, _ := ims.KindByName("risk_method")
	ia, _ := ims.KindByName("impact_assessment")
	tests := []struct {
		name   string
		kind   *ims.Kind
		fields map[string]any
		create bool
		want   []string
	}{
		{"two bad numbers", method, map[string]any{"title": "M", "likelihood_levels": "many", "impact_levels": "lots"}, true,
			[]string{"likelihood_levels", "impact_levels"}},
		{"bad number and missing required", method, map[string]any{"impact_levels": "lots"}, true,
			[]string{"title", "likelihood_levels", "impact_levels"}},
		{"one problem keeps the single form", method, map[string]any{"title": "M", "likelihood_levels": 5, "impact_levels": "x"}, true,
			[]string{"impact_levels"}},
		{"nothing wrong", method, map[string]any{"title": "M", "likelihood_levels": 5, "impact_levels": 5}, true, nil},
		{"update only checks what is given", ia, map[string]any{"title": ""}, false, []string{"title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.kind.ValidateFields(tt.fields, tt.create)
			if got := problemFields(err); !slices.Equal(got, tt.want) {
				t.Fatalf("fields = %v, want %v (err %v)", got, tt.want, err)
			}
			if err != nil && ims.ErrorCode(err) != ims.EINVALID {
				t.Errorf("code = %q", ims.ErrorCode(err))
			}
		})
	}
}

func TestRulesSayEveryFieldProblemAtOnce(t *testing.T) {
	none := func(string, string) (ims.Record, bool) { return ims.Record{}, false }
	tests := []struct {
		name string
		next ims.Record
		want []string
	}{
		{"approval without who and when", ims.Record{ID: "a", Kind: "impact_assessment", Fields: map[string]any{"title": "IA", "status": "approved"}},
			[]string{"approved_by", "approved_on"}},
		{"method levels and appetite", ims.Record{ID: "m", Kind: "risk_method", Fields: map[string]any{"title": "M",
			"likelihood_levels": 12.0, "impact_levels": 1.0, "appetite_security": 99.0}},
			[]string{"likelihood_levels", "impact_levels", "appetite_security"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ims.CheckRecord(ims.Record{}, tt.next, none)
			if got := problemFields(err); !slices.Equal(got, tt.want) {
				t.Fatalf("fields = %v, want %v (err %v)", got, tt.want, err)
			}
		})
	}
}

func TestJoinFieldErrors(t *testing.T) {
	conflict := ims.Errorf(ims.ECONFLICT, "changed elsewhere")
	a, b := ims.FieldErrorf("a", "A bad"), ims.FieldErrorf("b", "B bad")
	if err := ims.JoinFieldErrors(nil, nil); err != nil {
		t.Errorf("none = %v", err)
	}
	if err := ims.JoinFieldErrors(a, conflict, b); err != conflict {
		t.Errorf("a refusal naming no field must come alone, got %v", err)
	}
	e := ims.AsError(ims.JoinFieldErrors(a, b, ims.FieldErrorf("a", "A again")))
	if e.Field != "a" || e.Message != "A bad; B bad" || len(e.Fields) != 2 {
		t.Errorf("joined = %+v", e)
	}
}
