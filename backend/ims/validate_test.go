package ims_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
)

// field returns a field of a registered kind, so the tests exercise the real schema.
func field(t *testing.T, kind, name string) *ims.Field {
	t.Helper()
	k, err := ims.KindByName(kind)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := k.Field(name)
	if !ok {
		t.Fatalf("%s has no field %s", kind, name)
	}
	return f
}

// normalizeCase is a value given to a field of the real schema and what Normalize makes of it.
type normalizeCase struct {
	name    string
	kind    string
	field   string
	in      any
	want    any
	wantErr string // substring of the message; the error must also name the field
}

// checkNormalize runs each case as a subtest.
func checkNormalize(t *testing.T, tests []normalizeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := field(t, tt.kind, tt.field)
			got, err := f.Normalize(tt.in)
			if tt.wantErr != "" {
				assertFieldError(t, err, tt.field, tt.wantErr)
				if got != nil {
					t.Errorf("value = %#v alongside an error, want nil", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize(%#v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize(%#v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFieldNormalize(t *testing.T) {
	checkNormalize(t, []normalizeCase{
		// text
		{name: "text is trimmed", kind: "context_issue", field: "title", in: "  Brexit  ", want: "Brexit"},
		{name: "text keeps non-ASCII letters", kind: "context_issue", field: "title", in: "Zoë Łukasiewicz — €", want: "Zoë Łukasiewicz — €"},
		{name: "empty text clears", kind: "context_issue", field: "title", in: "   ", want: nil},
		{name: "nil clears", kind: "context_issue", field: "title", in: nil, want: nil},
		{name: "text must be a string", kind: "context_issue", field: "title", in: 42.0, wantErr: "Issue must be text"},
		{name: "text must be one line", kind: "context_issue", field: "title", in: "two\nlines", wantErr: "Issue must be a single line"},
		{name: "text at the limit", kind: "context_issue", field: "title", in: strings.Repeat("é", 200), want: strings.Repeat("é", 200)},
		{name: "text too long counts characters", kind: "context_issue", field: "title", in: strings.Repeat("é", 201), wantErr: "Issue is too long: 201 characters, at most 200"},
		{name: "invalid UTF-8", kind: "context_issue", field: "title", in: "bad \xff byte", wantErr: "not valid UTF-8"},
		// long text
		{name: "long text keeps lines and spaces", kind: "context_issue", field: "description", in: " line 1\nline 2 ", want: " line 1\nline 2 "},
		{name: "long text too long", kind: "context_issue", field: "description", in: strings.Repeat("x", 10001), wantErr: "Description is too long"},
		// person
		{name: "person is trimmed text", kind: "context_issue", field: "owner", in: " Björn Åström ", want: "Björn Åström"},
		{name: "person must be text", kind: "context_issue", field: "owner", in: true, wantErr: "Owner must be text"},
		// enum
		{name: "enum option", kind: "context_issue", field: "type", in: "external", want: "external"},
		{name: "enum empty clears", kind: "context_issue", field: "type", in: "", want: nil},
		{name: "enum value not allowed lists the options", kind: "context_issue", field: "type", in: "sideways",
			wantErr: `Internal or external: "sideways" is not allowed; choose one of: internal, external`},
		{name: "enum is case-sensitive", kind: "context_issue", field: "type", in: "External", wantErr: "is not allowed"},
		{name: "enum must be text", kind: "context_issue", field: "type", in: 1.0, wantErr: "must be one of"},
		// multienum
		{name: "multienum in declared order", kind: "context_issue", field: "lens", in: []string{"ai", "security"}, want: []string{"security", "ai"}},
		{name: "multienum from JSON list, deduplicated", kind: "context_issue", field: "lens", in: []any{"privacy", "ai", "privacy"}, want: []string{"privacy", "ai"}},
		{name: "multienum from comma text", kind: "context_issue", field: "lens", in: "ai, privacy", want: []string{"privacy", "ai"}},
		{name: "multienum empty list clears", kind: "context_issue", field: "lens", in: []string{}, want: nil},
		{name: "multienum option not allowed", kind: "context_issue", field: "lens", in: []string{"ai", "finance"}, wantErr: `Lens: "finance" is not allowed`},
		{name: "multienum list of non-text", kind: "context_issue", field: "lens", in: []any{"ai", 3.0}, wantErr: "Lens must be a list"},
		{name: "multienum not a list", kind: "context_issue", field: "lens", in: 3.0, wantErr: "Lens must be a list"},
		// links
		{name: "links keep order, drop blanks and repeats", kind: "context_issue", field: "related_parties", in: []any{"b", " a ", "", "b"}, want: []string{"b", "a"}},
		// date
		{name: "date", kind: "context_issue", field: "review_date", in: "2026-03-31", want: "2026-03-31"},
		{name: "date trimmed", kind: "context_issue", field: "review_date", in: " 2026-03-31 ", want: "2026-03-31"},
		{name: "bad date", kind: "context_issue", field: "review_date", in: "31/03/2026", wantErr: `Next review: "31/03/2026" is not a date; use YYYY-MM-DD`},
		{name: "impossible date", kind: "context_issue", field: "review_date", in: "2026-02-30", wantErr: "is not a date"},
		{name: "date must be text", kind: "context_issue", field: "review_date", in: 20260331.0, wantErr: "must be a date like 2026-03-31"},
		// number
		{name: "number", kind: "scope_statement", field: "version", in: 2.5, want: 2.5},
		{name: "int becomes float", kind: "scope_statement", field: "version", in: 3, want: 3.0},
		{name: "number from text", kind: "scope_statement", field: "version", in: " 4 ", want: 4.0},
		{name: "number empty text clears", kind: "scope_statement", field: "version", in: "", want: nil},
		{name: "number not a number", kind: "scope_statement", field: "version", in: "four", wantErr: `Version: "four" is not a number`},
		{name: "number NaN", kind: "scope_statement", field: "version", in: math.NaN(), wantErr: "must be a finite number"},
		{name: "number infinite text", kind: "scope_statement", field: "version", in: "Inf", wantErr: "is not a number"},
		{name: "number wrong type", kind: "scope_statement", field: "version", in: true, wantErr: "Version must be a number"},
		// bool
		{name: "bool", kind: "interested_party", field: "addressed", in: true, want: true},
		{name: "bool from yes", kind: "interested_party", field: "addressed", in: "Yes", want: true},
		{name: "bool from 0", kind: "interested_party", field: "addressed", in: "0", want: false},
		{name: "bool empty clears", kind: "interested_party", field: "addressed", in: "", want: nil},
		{name: "bool from nonsense", kind: "interested_party", field: "addressed", in: "maybe", wantErr: "Addressed through the IMS must be yes or no"},
	})
}

// assertFieldError checks that err is an invalid-input domain error naming the field.
func assertFieldError(t *testing.T, err error, field, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", msg)
	}
	e := ims.AsError(err)
	if e.Code != ims.EINVALID {
		t.Errorf("code = %q, want %q (err %v)", e.Code, ims.EINVALID, err)
	}
	if e.Field != field {
		t.Errorf("field = %q, want %q (err %v)", e.Field, field, err)
	}
	if !strings.Contains(e.Message, msg) {
		t.Errorf("message = %q, want it to contain %q", e.Message, msg)
	}
}

func TestMultiEnumCanonicalOrder(t *testing.T) {
	f := field(t, "context_issue", "lens")
	perms := [][]string{
		{"security", "privacy", "ai"}, {"ai", "privacy", "security"}, {"privacy", "ai", "security"},
		{"ai", "security", "privacy", "ai"},
	}
	want := []string{"security", "privacy", "ai"}
	for _, p := range perms {
		t.Run(strings.Join(p, ","), func(t *testing.T) {
			got, err := f.Normalize(p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Normalize(%v) = %v, want the declared order %v", p, got, want)
			}
		})
	}
}

func TestKindValidateFields(t *testing.T) {
	issue, err := ims.KindByName("context_issue")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		in        map[string]any
		create    bool
		want      map[string]any
		wantField string
		wantErr   string
	}{
		{name: "create with required fields", create: true,
			in:   map[string]any{"title": " FCA rules ", "type": "external", "lens": []any{"ai", "security"}},
			want: map[string]any{"title": "FCA rules", "type": "external", "lens": []string{"security", "ai"}}},
		{name: "create without a required field", create: true,
			in: map[string]any{"title": "FCA rules"}, wantField: "type", wantErr: "Internal or external is required"},
		{name: "create with a blank required field", create: true,
			in: map[string]any{"title": "  ", "type": "external"}, wantField: "title", wantErr: "Issue is required"},
		{name: "update may leave required fields out",
			in: map[string]any{"status": "closed"}, want: map[string]any{"status": "closed"}},
		{name: "update may not clear a required field",
			in: map[string]any{"title": ""}, wantField: "title", wantErr: "Issue is required"},
		{name: "update clears an optional field",
			in: map[string]any{"owner": ""}, want: map[string]any{"owner": nil}},
		{name: "unknown field", create: true,
			in: map[string]any{"title": "x", "type": "internal", "colour": "red"}, wantField: "colour", wantErr: `Context issue has no field "colour"`},
		{name: "enum value not allowed",
			in: map[string]any{"status": "parked"}, wantField: "status", wantErr: `Status: "parked" is not allowed; choose one of: open, monitored, closed`},
		{name: "bad date",
			in: map[string]any{"review_date": "tomorrow"}, wantField: "review_date", wantErr: `Next review: "tomorrow" is not a date`},
		{name: "too long",
			in: map[string]any{"title": strings.Repeat("a", 201)}, wantField: "title", wantErr: "Issue is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := issue.ValidateFields(tt.in, tt.create)
			if tt.wantErr != "" {
				assertFieldError(t, err, tt.wantField, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateFields = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestFieldParseText(t *testing.T) {
	tests := []struct {
		kind, field, in string
		want            any
	}{
		{"context_issue", "lens", "ai,privacy", []string{"privacy", "ai"}},
		{"context_issue", "lens", "", nil},
		{"scope_statement", "version", "3", 3.0},
		{"interested_party", "addressed", "no", false},
		{"context_issue", "title", "a, b", "a, b"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"."+tt.field+"="+tt.in, func(t *testing.T) {
			f := field(t, tt.kind, tt.field)
			got, err := f.Normalize(f.ParseText(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize(ParseText(%q)) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestActorValidate(t *testing.T) {
	tests := []struct {
		name      string
		actor     ims.Actor
		wantField string
	}{
		{name: "name and email", actor: ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com", Role: "ISMS manager"}},
		{name: "name only", actor: ims.Actor{Name: "Ad"}},
		{name: "non-ASCII name", actor: ims.Actor{Name: "Łu"}},
		{name: "no name", actor: ims.Actor{Email: "ada@example.com"}, wantField: "name"},
		{name: "one-letter name", actor: ims.Actor{Name: "A"}, wantField: "name"},
		{name: "email without at", actor: ims.Actor{Name: "Ada", Email: "ada.example.com"}, wantField: "email"},
		{name: "email with two ats", actor: ims.Actor{Name: "Ada", Email: "ada@@example.com"}, wantField: "email"},
		{name: "email with a space", actor: ims.Actor{Name: "Ada", Email: "ada @example.com"}, wantField: "email"},
		{name: "email without a domain", actor: ims.Actor{Name: "Ada", Email: "ada@x"}, wantField: "email"},
		{name: "email without a local part", actor: ims.Actor{Name: "Ada", Email: "@example.com"}, wantField: "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.actor.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate(%+v): %v", tt.actor, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate(%+v) accepted an invalid identity", tt.actor)
			}
			e := ims.AsError(err)
			if e.Code != ims.EINVALID || e.Field != tt.wantField {
				t.Errorf("error = %+v, want invalid on field %q", e, tt.wantField)
			}
		})
	}
}

func TestSchema(t *testing.T) {
	t.Run("the registers are registered in declaration order", func(t *testing.T) {
		var names []string
		for _, k := range ims.Kinds() {
			names = append(names, k.Name)
		}
		want := []string{"context_issue", "interested_party", "scope_statement",
			"audit", "finding", "management_review",
			"policy", "role", "objective", "measurement", "change", "resource", "training",
			"awareness", "communication", "document", "supplier", "incident", "nonconformity",
			"improvement", "action", "risk_method", "risk", "ai_system", "impact_assessment",
			"monitoring_record", "processing_activity", "dpia", "ai_principle", "principle_review", "stage_approval", "control_status"}
		if !reflect.DeepEqual(names, want) {
			t.Errorf("Kinds() = %v, want %v", names, want)
		}
	})
	t.Run("unknown kind is not found and names it", func(t *testing.T) {
		_, err := ims.KindByName("widget")
		if ims.ErrorCode(err) != ims.ENOTFOUND || !strings.Contains(err.Error(), `"widget"`) {
			t.Errorf("KindByName(widget) = %v", err)
		}
	})
	t.Run("groups follow the sidebar order and hold every kind once", func(t *testing.T) {
		groups := ims.Groups()
		if len(groups) != len(ims.GroupNames) {
			t.Fatalf("%d groups, want %d", len(groups), len(ims.GroupNames))
		}
		seen := map[string]int{}
		for i, g := range groups {
			if g.Name != ims.GroupNames[i] {
				t.Errorf("group %d = %q, want %q", i, g.Name, ims.GroupNames[i])
			}
			for _, k := range g.Kinds {
				seen[k]++
			}
		}
		for _, k := range ims.Kinds() {
			if seen[k.Name] != 1 {
				t.Errorf("kind %s appears %d times in the groups", k.Name, seen[k.Name])
			}
		}
	})
	t.Run("every link field points at a registered kind", func(t *testing.T) {
		for _, k := range ims.Kinds() {
			for _, f := range k.Fields {
				if f.Type == ims.TypeLink || f.Type == ims.TypeLinks {
					if _, err := ims.KindByName(f.LinkKind); err != nil {
						t.Errorf("%s.%s links to %q: %v", k.Name, f.Name, f.LinkKind, err)
					}
				}
			}
		}
	})
	t.Run("indexed fields are sorted", func(t *testing.T) {
		k, _ := ims.KindByName("context_issue")
		want := []string{"category", "owner", "status", "type"}
		if got := k.IndexedFields(); !reflect.DeepEqual(got, want) {
			t.Errorf("IndexedFields = %v, want %v", got, want)
		}
	})
	t.Run("register panics on a malformed kind", func(t *testing.T) {
		bad := []ims.Kind{
			{Name: "context_issue", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}}},
			{Name: "t1", TitleField: "missing", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}}},
			{Name: "t2", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}, {Name: "e", Type: ims.TypeEnum}}},
			{Name: "t3", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}, {Name: "l", Type: ims.TypeLinks}}},
			{Name: "t4", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}, {Name: "r", Type: ims.TypeDate, Refs: ims.RefsMany}}},
			{Name: "t5", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}, {Name: "r", Type: ims.TypeLongText, Refs: ims.RefsOne}}},
			{Name: "t6", TitleField: "title", Fields: []ims.Field{{Name: "title", Type: ims.TypeText}, {Name: "r", Type: ims.TypeText, Refs: "some"}}},
		}
		for _, k := range bad {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("Register(%s) did not panic", k.Name)
					}
				}()
				ims.Register(k)
			}()
		}
	})
}

func TestErrorMapping(t *testing.T) {
	domain := ims.FieldErrorf("title", "Issue is required")
	other := &wrapped{msg: "badger: value log truncated at /home/x/db"}
	tests := []struct {
		name          string
		err           error
		code, message string
		cli           string
	}{
		{"nil", nil, "", "", ""},
		{"domain error", domain, ims.EINVALID, "Issue is required", "Issue is required"},
		{"wrapped domain error", wrap(domain), ims.EINVALID, "Issue is required", "Issue is required"},
		{"other error is internal and hidden", other, ims.EINTERNAL, "internal error", other.msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ims.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ims.ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
			if tt.err != nil {
				if got := ims.ErrorMessageOr(tt.err); got != tt.cli {
					t.Errorf("ErrorMessageOr = %q, want %q", got, tt.cli)
				}
				if got := ims.AsError(tt.err); got.Code != tt.code || got.Message != tt.message {
					t.Errorf("AsError = %+v", got)
				}
			}
		})
	}
}

type wrapped struct {
	msg   string
	inner error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.inner }

func wrap(err error) error { return &wrapped{msg: "context: " + err.Error(), inner: err} }
