package ims_test

import (
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestRefsNormalize(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		// a list in a long text: one per line
		{name: "criteria one per line", kind: "audit", field: "criteria",
			in: "iso42001-2023:A.6.2.6\niso27001-2022:9.2", want: "iso42001-2023:A.6.2.6\niso27001-2022:9.2"},
		{name: "criteria trimmed, blanks and repeats dropped", kind: "audit", field: "criteria",
			in: "  iso42001-2023:A.6.2.6 \r\n\n iso27001-2022:9.2\niso42001-2023:A.6.2.6\n", want: "iso42001-2023:A.6.2.6\niso27001-2022:9.2"},
		{name: "criteria from commas and semicolons go one per line", kind: "audit", field: "criteria",
			in: "iso42001-2023:A.6.2.6, iso27001-2022:9.2; uk-dp:Art.6(1)(f)", want: "iso42001-2023:A.6.2.6\niso27001-2022:9.2\nuk-dp:Art.6(1)(f)"},
		{name: "criteria only blanks clear", kind: "audit", field: "criteria", in: " \n , ", want: nil},
		{name: "criteria in words", kind: "audit", field: "criteria", in: "iso42001-2023:A.6.2.6\nAI lifecycle",
			wantErr: `Criteria: "AI lifecycle" is not a catalogue reference; write catalogue:id, e.g. iso42001-2023:A.6.2.6`},
		// a list in a text: comma-separated
		{name: "controls comma-separated", kind: "risk", field: "controls",
			in: "iso42001-2023:A.6.2.6,iso27001-2022:A.8.16", want: "iso42001-2023:A.6.2.6, iso27001-2022:A.8.16"},
		{name: "controls from lines and semicolons", kind: "risk", field: "controls",
			in: "iso42001-2023:A.6.2.6;\n uk-dp:Art.22C", want: "iso42001-2023:A.6.2.6, uk-dp:Art.22C"},
		{name: "controls written as people say them", kind: "risk", field: "controls", in: "42001 A.6.2.6",
			wantErr: `Controls: "42001 A.6.2.6" is not a catalogue reference`},
		{name: "controls without an id", kind: "risk", field: "controls", in: "iso42001-2023:", wantErr: "write catalogue:id"},
		{name: "controls without a catalogue", kind: "risk", field: "controls", in: ":A.6.2.6", wantErr: "write catalogue:id"},
		{name: "controls with two colons", kind: "risk", field: "controls", in: "iso42001-2023:A:6", wantErr: "write catalogue:id"},
		// one reference
		{name: "finding ref", kind: "finding", field: "ref", in: " iso27001-2022:A.5.15 ", want: "iso27001-2022:A.5.15"},
		{name: "finding ref given the same twice", kind: "finding", field: "ref", in: "iso27001-2022:A.5.15, iso27001-2022:A.5.15", want: "iso27001-2022:A.5.15"},
		{name: "finding ref given two", kind: "finding", field: "ref", in: "iso27001-2022:A.5.15; iso42001-2023:A.6.2.6",
			wantErr: "Clause or control takes one catalogue reference, not 2: iso27001-2022:A.5.15, iso42001-2023:A.6.2.6"},
		{name: "status item", kind: "control_status", field: "item", in: "iso42001-2023:6.1.4", want: "iso42001-2023:6.1.4"},
		{name: "status item in words", kind: "control_status", field: "item", in: "risk assessment", wantErr: "is not a catalogue reference"},
		// the text checks still apply
		{name: "not text", kind: "finding", field: "ref", in: 9.2, wantErr: "Clause or control must be text"},
		{name: "too long", kind: "finding", field: "ref", in: "iso27001-2022:" + strings.Repeat("A", 120), wantErr: "Clause or control is too long"},
	})
}

func TestRefKnown(t *testing.T) {
	known := map[string]bool{"iso42001-2023:A.6.2.6": true, "iso27001-2022:9.2": true}
	isKnown := func(ref string) bool { return known[ref] }
	audit, err := ims.KindByName("audit")
	if err != nil {
		t.Fatal(err)
	}
	check := func(in string) (any, error) {
		vals, err := audit.ValidateFields(map[string]any{"criteria": in}, false)
		if err != nil {
			return nil, err
		}
		return vals["criteria"], audit.CheckRefs(vals, isKnown)
	}
	if got, err := check("iso42001-2023:A.6.2.6\niso27001-2022:9.2"); err != nil || got != "iso42001-2023:A.6.2.6\niso27001-2022:9.2" {
		t.Errorf("known references: %#v, %v", got, err)
	}
	_, err = check("iso42001-2023:A.6.2.6\niso42001-2023:A.99")
	assertFieldError(t, err, "criteria",
		`Criteria: "iso42001-2023:A.99" is not an item of a catalogue Keel ships; write catalogue:id, e.g. iso42001-2023:A.6.2.6`)
	// The shape is checked before the catalogue is asked.
	_, err = check("bias testing")
	assertFieldError(t, err, "criteria", "is not a catalogue reference")
	// Without a check, any well-shaped reference passes.
	if err := audit.CheckRefs(map[string]any{"criteria": "iso42001-2023:A.99"}, nil); err != nil {
		t.Errorf("no check: %v", err)
	}
}

func TestRefsFieldsDeclared(t *testing.T) {
	want := map[string]ims.RefCount{"audit.criteria": ims.RefsMany, "finding.ref": ims.RefsOne,
		"risk.controls": ims.RefsMany, "ai_principle.serves": ims.RefsMany, "control_status.item": ims.RefsOne}
	got := map[string]ims.RefCount{}
	for _, k := range ims.Kinds() {
		for _, f := range k.Fields {
			if f.Refs != "" {
				got[k.Name+"."+f.Name] = f.Refs
			}
			// A field that asks for catalogue:id in its help is checked as one.
			if strings.Contains(f.Help, "catalogue:id") && f.Refs == "" {
				t.Errorf("%s.%s asks for catalogue:id but is not a Refs field", k.Name, f.Name)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Refs fields = %v, want %v", got, want)
	}
}

func TestSplitRefsAndJoin(t *testing.T) {
	refs := ims.SplitRefs(" a:1 ,b:2;\n\na:1\r\nc:3 ")
	if want := []string{"a:1", "b:2", "c:3"}; !reflect.DeepEqual(refs, want) {
		t.Fatalf("SplitRefs = %q, want %q", refs, want)
	}
	if got := field(t, "audit", "criteria").JoinRefs(refs); got != "a:1\nb:2\nc:3" {
		t.Errorf("long text JoinRefs = %q", got)
	}
	if got := field(t, "risk", "controls").JoinRefs(refs); got != "a:1, b:2, c:3" {
		t.Errorf("text JoinRefs = %q", got)
	}
}
