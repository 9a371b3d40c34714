package store_test

import (
	"slices"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/store"
)

func listFixture(t *testing.T, s *store.Store) {
	t.Helper()
	for _, f := range []map[string]any{
		{"title": "Alpha risk", "type": "external", "status": "open", "lens": "ai", "owner": "Zoë Łukasiewicz",
			"category": "legal", "effect": "negative", "review_date": "2026-06-30"},
		{"title": "beta concern", "type": "internal", "status": "closed", "lens": "security,privacy", "owner": "Björn Åström",
			"category": "technological", "effect": "positive", "review_date": "2026-01-31"},
		{"title": "Gamma Ärger", "type": "external", "status": "monitored", "lens": "privacy", "owner": "Zoë Łukasiewicz",
			"effect": "negative", "description": "Mentions a ZEBRA crossing"},
		{"title": "delta", "type": "internal", "status": "open", "description": "zebra in the bin"},
	} {
		mustCreate(t, s, "context_issue", f)
		time.Sleep(2 * time.Millisecond) // createdAt has millisecond resolution
	}
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Search: "delta"})
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("find delta: %v %v", res, err)
	}
	if err := s.DeleteRecord(ctx, ada, "context_issue", res.Records[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{10, 9, 2} {
		mustCreate(t, s, "scope_statement", map[string]any{"title": "Scope v" + string(rune('0'+v%10)), "version": v})
	}
}

func TestListRecords(t *testing.T) {
	s := MustOpenMem(t)
	listFixture(t, s)
	issue := func(q ims.ListQuery) ims.ListQuery { q.Kind = "context_issue"; return q }
	tests := []struct {
		name      string
		q         ims.ListQuery
		want      []string // titles in order
		total     int      // when it differs from len(want)
		wantCode  string
		wantField string
	}{
		{name: "live records by title, case-insensitive", q: issue(ims.ListQuery{}), want: []string{"Alpha risk", "beta concern", "Gamma Ärger"}},
		{name: "descending", q: issue(ims.ListQuery{Sort: "title", Desc: true}), want: []string{"Gamma Ärger", "beta concern", "Alpha risk"}},
		{name: "filter on an indexed field", q: issue(ims.ListQuery{Filters: map[string]string{"type": "external"}}), want: []string{"Alpha risk", "Gamma Ärger"}},
		{name: "filter ignores case", q: issue(ims.ListQuery{Filters: map[string]string{"type": "EXTERNAL"}}), want: []string{"Alpha risk", "Gamma Ärger"}},
		{name: "filter on an indexed field with non-ASCII value", q: issue(ims.ListQuery{Filters: map[string]string{"owner": "zoë łukasiewicz"}}), want: []string{"Alpha risk", "Gamma Ärger"}},
		{name: "filter on a field without index", q: issue(ims.ListQuery{Filters: map[string]string{"effect": "negative"}}), want: []string{"Alpha risk", "Gamma Ärger"}},
		{name: "filter on a list field matches membership", q: issue(ims.ListQuery{Filters: map[string]string{"lens": "privacy"}}), want: []string{"beta concern", "Gamma Ärger"}},
		{name: "two indexed filters intersect", q: issue(ims.ListQuery{Filters: map[string]string{"owner": "Zoë Łukasiewicz", "status": "open"}}), want: []string{"Alpha risk"}},
		{name: "indexed and plain filters combine", q: issue(ims.ListQuery{Filters: map[string]string{"type": "external", "lens": "ai"}}), want: []string{"Alpha risk"}},
		{name: "a filter matching nothing", q: issue(ims.ListQuery{Filters: map[string]string{"status": "parked"}}), want: []string{}},
		{name: "an empty filter value is ignored", q: issue(ims.ListQuery{Filters: map[string]string{"status": ""}}), want: []string{"Alpha risk", "beta concern", "Gamma Ärger"}},
		{name: "a deleted record is not listed even when the index has it", q: issue(ims.ListQuery{Filters: map[string]string{"status": "open"}}), want: []string{"Alpha risk"}},
		{name: "search any text field", q: issue(ims.ListQuery{Search: "zebra"}), want: []string{"Gamma Ärger"}},
		{name: "search ignores case of non-ASCII letters", q: issue(ims.ListQuery{Search: "  ärger "}), want: []string{"Gamma Ärger"}},
		{name: "search a person", q: issue(ims.ListQuery{Search: "ŁUKASIEWICZ"}), want: []string{"Alpha risk", "Gamma Ärger"}},
		{name: "search with a filter", q: issue(ims.ListQuery{Search: "a", Filters: map[string]string{"status": "closed"}}), want: []string{"beta concern"}},
		{name: "the bin lists only deleted records", q: issue(ims.ListQuery{Deleted: true}), want: []string{"delta"}},
		{name: "the bin with a filter and search", q: issue(ims.ListQuery{Deleted: true, Search: "ZEBRA", Filters: map[string]string{"type": "internal"}}), want: []string{"delta"}},
		{name: "sort by a date field", q: issue(ims.ListQuery{Sort: "review_date"}), want: []string{"Gamma Ärger", "beta concern", "Alpha risk"}},
		{name: "sort by creation", q: issue(ims.ListQuery{Sort: "createdAt", Desc: true}), want: []string{"Gamma Ärger", "beta concern", "Alpha risk"}},
		{name: "sort numbers as numbers", q: ims.ListQuery{Kind: "scope_statement", Sort: "version"}, want: []string{"Scope v2", "Scope v9", "Scope v0"}},
		{name: "limit keeps the total", q: issue(ims.ListQuery{Limit: 2}), want: []string{"Alpha risk", "beta concern"}, total: 3},
		{name: "offset keeps the total", q: issue(ims.ListQuery{Offset: 2}), want: []string{"Gamma Ärger"}, total: 3},
		{name: "offset past the end", q: issue(ims.ListQuery{Offset: 9}), want: []string{}, total: 3},
		{name: "unknown filter field", q: issue(ims.ListQuery{Filters: map[string]string{"colour": "red"}}), wantCode: ims.EINVALID, wantField: "colour"},
		{name: "unknown sort field", q: issue(ims.ListQuery{Sort: "colour"}), wantCode: ims.EINVALID, wantField: "sort"},
		{name: "unknown kind", q: ims.ListQuery{Kind: "widget"}, wantCode: ims.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.ListRecords(ctx, tt.q)
			if tt.wantCode != "" {
				wantError(t, err, tt.wantCode, tt.wantField, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(res.Records); !slices.Equal(got, tt.want) {
				t.Errorf("titles = %q, want %q", got, tt.want)
			}
			total := tt.total
			if total == 0 {
				total = len(tt.want)
			}
			if res.Total != total {
				t.Errorf("total = %d, want %d", res.Total, total)
			}
		})
	}
}

// An indexed filter must follow edits: the old value's index entry goes when the value
// changes, is cleared, or the record is rebuilt.
func TestIndexFollowsUpdates(t *testing.T) {
	s := MustOpenMem(t)
	a := mustCreate(t, s, "context_issue", map[string]any{"title": "A", "type": "external", "status": "open", "owner": "Ada"})
	b := mustCreate(t, s, "context_issue", map[string]any{"title": "B", "type": "internal", "status": "open"})
	filter := func(field, value string) []string {
		t.Helper()
		res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Filters: map[string]string{field: value}})
		if err != nil {
			t.Fatal(err)
		}
		return titles(res.Records)
	}
	indexKeys := func(field string) []string {
		t.Helper()
		keys, err := s.RawKeys("idx/context_issue/" + field + "/")
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	steps := []struct {
		name   string
		edit   func() error
		field  string
		want   map[string][]string // value -> titles
		nIndex int                 // index entries on the field
	}{
		{"before any edit", func() error { return nil }, "status",
			map[string][]string{"open": {"A", "B"}, "closed": {}}, 2},
		{"a changed value moves its index entry", func() error {
			_, err := s.UpdateRecord(ctx, bob, "context_issue", a.ID, map[string]any{"status": "closed"})
			return err
		}, "status", map[string][]string{"open": {"B"}, "closed": {"A"}}, 2},
		{"changing it back", func() error {
			_, err := s.UpdateRecord(ctx, bob, "context_issue", a.ID, map[string]any{"status": "open"})
			return err
		}, "status", map[string][]string{"open": {"A", "B"}, "closed": {}}, 2},
		{"a cleared value drops its index entry", func() error {
			_, err := s.UpdateRecord(ctx, bob, "context_issue", a.ID, map[string]any{"owner": ""})
			return err
		}, "owner", map[string][]string{"Ada": {}}, 0},
		{"a new value on another record", func() error {
			_, err := s.UpdateRecord(ctx, bob, "context_issue", b.ID, map[string]any{"owner": "Ada", "type": "external"})
			return err
		}, "owner", map[string][]string{"Ada": {"B"}}, 1},
		{"the type index followed too", func() error { return nil }, "type",
			map[string][]string{"external": {"A", "B"}, "internal": {}}, 2},
		{"a rebuild gives the same index", func() error { _, err := s.Rebuild(); return err }, "type",
			map[string][]string{"external": {"A", "B"}, "internal": {}}, 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.edit(); err != nil {
				t.Fatal(err)
			}
			for value, want := range st.want {
				if got := filter(st.field, value); !slices.Equal(got, want) {
					t.Errorf("filter %s=%s gives %q, want %q", st.field, value, got, want)
				}
			}
			if keys := indexKeys(st.field); len(keys) != st.nIndex {
				t.Errorf("index entries on %s = %q, want %d (stale entries left behind?)", st.field, keys, st.nIndex)
			}
		})
	}
}

func TestSearchAcrossKinds(t *testing.T) {
	s := MustOpenMem(t)
	fx := newFixture(t, s)
	mustCreate(t, s, "context_issue", map[string]any{"title": "Regulator expectations", "type": "external", "description": "What the FCA expects"})
	tests := []struct {
		name string
		text string
		want []string // "kind:title" in order: title hits first, then other text
	}{
		{"title hits come before text hits", "fca", []string{"interested_party:FCA", "context_issue:Regulator expectations"}},
		{"case and accents of the query as typed", "SIOBHÁN", []string{"context_issue:Consumer Duty"}},
		{"records in the bin are not found", "defunct", []string{}},
		{"an empty query finds nothing", "   ", []string{}},
		{"across kinds, sorted by title", "o", []string{"context_issue:Consumer Duty", "interested_party:ICO",
			"context_issue:Regulator expectations", "scope_statement:Scope 2026", "interested_party:FCA" /* category regulator */}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.text, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range hits {
				got = append(got, h.Kind+":"+h.Title)
				if h.ID == "" {
					t.Errorf("hit without id: %+v", h)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	t.Run("limit", func(t *testing.T) {
		hits, err := s.Search(ctx, "o", 2)
		if err != nil || len(hits) != 2 {
			t.Errorf("Search with limit 2 = %v, %v", hits, err)
		}
	})
	t.Run("a restored record is found again", func(t *testing.T) {
		if _, err := s.RestoreRecord(ctx, ada, "interested_party", fx.gone); err != nil {
			t.Fatal(err)
		}
		hits, err := s.Search(ctx, "DEFUNCT", 0)
		if err != nil || len(hits) != 1 || hits[0].ID != fx.gone {
			t.Errorf("Search(DEFUNCT) = %v, %v", hits, err)
		}
	})
}
