package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"keel/backend/ims"
	"keel/backend/store"
)

// fixture is a small workspace every record scenario starts from.
type fixture struct {
	fca, ico, gone string // interested parties; gone is in the bin
	issue, old     string // context issues; old is in the bin
	scope          string
}

func newFixture(t *testing.T, s *store.Store) fixture {
	t.Helper()
	var fx fixture
	fx.fca = mustCreate(t, s, "interested_party", map[string]any{"name": "FCA", "category": "regulator"}).ID
	fx.ico = mustCreate(t, s, "interested_party", map[string]any{"name": "ICO", "category": "regulator"}).ID
	fx.gone = mustCreate(t, s, "interested_party", map[string]any{"name": "Defunct body", "category": "other"}).ID
	fx.issue = mustCreate(t, s, "context_issue", map[string]any{"title": "Consumer Duty", "type": "external", "status": "open",
		"lens": []string{"ai"}, "owner": "Siobhán O'Connell", "related_parties": []string{fx.fca}}).ID
	fx.old = mustCreate(t, s, "context_issue", map[string]any{"title": "Old issue", "type": "internal"}).ID
	fx.scope = mustCreate(t, s, "scope_statement", map[string]any{"title": "Scope 2026", "version": 2, "issues": []string{fx.issue}}).ID
	for _, del := range []struct{ kind, id string }{{"interested_party", fx.gone}, {"context_issue", fx.old}} {
		if err := s.DeleteRecord(ctx, ada, del.kind, del.id); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

func TestRecordService(t *testing.T) {
	tests := []struct {
		name      string
		call      func(s *store.Store, fx fixture) (ims.Record, error)
		wantCode  string // "" for success
		wantField string
		wantMsg   string
		wantOps   int // ops the call appends to the log
		check     func(t *testing.T, s *store.Store, fx fixture, r ims.Record)
	}{
		// creates
		{name: "create with every field type normalised",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{
					"title": "  Données personnelles  ", "type": "internal", "lens": []any{"ai", "security"}, "category": "legal",
					"description": "line 1\nline 2", "owner": "Zoë Łukasiewicz", "review_date": "2026-12-31",
					"related_parties": []any{fx.fca, fx.ico}})
			},
			wantOps: 1 + 7 + 2, // create, seven field sets, two links
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				want := map[string]any{"title": "Données personnelles", "type": "internal", "lens": []string{"security", "ai"},
					"category": "legal", "description": "line 1\nline 2", "owner": "Zoë Łukasiewicz", "review_date": "2026-12-31",
					"related_parties": []string{fx.fca, fx.ico}}
				if !reflect.DeepEqual(r.Fields, want) {
					t.Errorf("fields = %#v\nwant %#v", r.Fields, want)
				}
				if r.Title != "Données personnelles" || r.CreatedBy != ada || r.UpdatedBy != ada || r.CreatedAt == "" || r.Deleted {
					t.Errorf("record = %+v", r)
				}
				if got := mustGet(t, s, "context_issue", r.ID); !reflect.DeepEqual(got, r) {
					t.Errorf("GetRecord = %+v\nwant the returned record %+v", got, r)
				}
			}},
		{name: "create with a number and links to another kind",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "scope_statement", map[string]any{"title": "Scope 2027", "version": "3",
					"issues": []string{fx.issue}, "parties": []string{fx.fca}, "effective_date": "2027-01-01"})
			},
			wantOps: 1 + 3 + 2,
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if r.Fields["version"] != 3.0 || !slices.Equal(r.Fields["issues"].([]string), []string{fx.issue}) {
					t.Errorf("fields = %#v", r.Fields)
				}
			}},
		{name: "create with a yes/no from text",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "interested_party", map[string]any{"name": "Staff", "category": "employee", "addressed": "yes"})
			},
			wantOps: 4,
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if r.Fields["addressed"] != true {
					t.Errorf("addressed = %#v", r.Fields["addressed"])
				}
			}},
		{name: "create of an unknown kind", wantCode: ims.ENOTFOUND, wantMsg: `unknown record kind "widget"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "widget", map[string]any{"title": "x"})
			}},
		{name: "create with an enum value not allowed", wantCode: ims.EINVALID, wantField: "type", wantMsg: `"sideways" is not allowed`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x", "type": "sideways"})
			}},
		{name: "create without a required field", wantCode: ims.EINVALID, wantField: "title", wantMsg: "Issue is required",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"type": "internal"})
			}},
		{name: "create with an unknown field", wantCode: ims.EINVALID, wantField: "colour", wantMsg: `no field "colour"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x", "type": "internal", "colour": "red"})
			}},
		{name: "create with a link to a missing record writes nothing", wantCode: ims.EINVALID, wantField: "related_parties",
			wantMsg: `Related interested parties: there is no interested party with id "nope"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x", "type": "internal", "related_parties": []string{fx.fca, "nope"}})
			}},
		{name: "create with a link to a record in the bin", wantCode: ims.EINVALID, wantField: "related_parties", wantMsg: "there is no interested party",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "x", "type": "internal", "related_parties": []string{fx.gone}})
			}},
		{name: "create with a link to a record of another kind", wantCode: ims.EINVALID, wantField: "issues", wantMsg: "there is no context issue",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "scope_statement", map[string]any{"title": "x", "issues": []string{fx.fca}})
			}},
		{name: "create with a title too long", wantCode: ims.EINVALID, wantField: "title", wantMsg: "too long",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": strings.Repeat("x", 201), "type": "internal"})
			}},
		// updates
		{name: "update one field", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, bob, "context_issue", fx.issue, map[string]any{"status": "closed"})
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if r.Fields["status"] != "closed" || r.Fields["type"] != "external" || r.UpdatedBy != bob || r.CreatedBy != ada {
					t.Errorf("record = %+v", r)
				}
				if r.UpdatedAt < r.CreatedAt {
					t.Errorf("updatedAt %s before createdAt %s", r.UpdatedAt, r.CreatedAt)
				}
			}},
		{name: "update with the same values writes nothing", wantOps: 0,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, bob, "context_issue", fx.issue, map[string]any{"status": "open", "title": " Consumer Duty ", "lens": "ai",
					"related_parties": []string{fx.fca}})
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if r.UpdatedBy != ada {
					t.Errorf("an update that changed nothing is attributed to %v", r.UpdatedBy)
				}
			}},
		{name: "update clears an optional field", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.issue, map[string]any{"owner": ""})
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if _, ok := r.Fields["owner"]; ok {
					t.Errorf("owner still set: %#v", r.Fields["owner"])
				}
			}},
		{name: "update replaces a links list", wantOps: 2,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.issue, map[string]any{"related_parties": []string{fx.ico}})
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if got := r.Fields["related_parties"]; !reflect.DeepEqual(got, []string{fx.ico}) {
					t.Errorf("related_parties = %v, want [ico]", got)
				}
			}},
		{name: "update with an empty links list unlinks all", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.issue, map[string]any{"related_parties": []string{}})
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if _, ok := r.Fields["related_parties"]; ok {
					t.Errorf("related_parties = %v, want none", r.Fields["related_parties"])
				}
			}},
		{name: "update of a missing record", wantCode: ims.ENOTFOUND, wantMsg: `there is no Context issue with id "nope"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", "nope", map[string]any{"status": "open"})
			}},
		{name: "update through the wrong kind", wantCode: ims.ENOTFOUND,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.fca, map[string]any{"status": "open"})
			}},
		{name: "update of a record in the bin", wantCode: ims.ECONFLICT, wantMsg: "in the bin: restore it",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.old, map[string]any{"status": "open"})
			}},
		{name: "update with a bad date changes no other field", wantCode: ims.EINVALID, wantField: "review_date", wantMsg: "is not a date",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.issue, map[string]any{"status": "closed", "review_date": "31/12/2026"})
			}},
		{name: "update clearing a required field", wantCode: ims.EINVALID, wantField: "title", wantMsg: "is required",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "context_issue", fx.issue, map[string]any{"title": ""})
			}},
		{name: "update linking a missing record changes no other field", wantCode: ims.EINVALID, wantField: "issues", wantMsg: `no context issue with id "nope"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.UpdateRecord(ctx, ada, "scope_statement", fx.scope, map[string]any{"title": "renamed", "issues": []string{fx.issue, "nope"}})
			}},
		// delete and restore
		{name: "delete moves a record to the bin", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				if err := s.DeleteRecord(ctx, bob, "context_issue", fx.issue); err != nil {
					return ims.Record{}, err
				}
				return s.GetRecord(ctx, "context_issue", fx.issue)
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if !r.Deleted || r.UpdatedBy != bob || r.Fields["title"] != "Consumer Duty" {
					t.Errorf("deleted record = %+v, want in the bin with its fields kept", r)
				}
			}},
		{name: "delete of a record already in the bin writes nothing", wantOps: 0,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return ims.Record{}, s.DeleteRecord(ctx, ada, "context_issue", fx.old)
			}},
		{name: "delete of a missing record", wantCode: ims.ENOTFOUND,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return ims.Record{}, s.DeleteRecord(ctx, ada, "context_issue", "nope")
			}},
		{name: "restore takes a record out of the bin", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RestoreRecord(ctx, bob, "context_issue", fx.old)
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if r.Deleted || r.Title != "Old issue" || mustGet(t, s, "context_issue", fx.old).Deleted {
					t.Errorf("restored record = %+v", r)
				}
			}},
		{name: "restore of a live record writes nothing", wantOps: 0,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RestoreRecord(ctx, ada, "context_issue", fx.issue)
			}},
		{name: "restore of a missing record", wantCode: ims.ENOTFOUND,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RestoreRecord(ctx, ada, "interested_party", "nope")
			}},
		{name: "restore of an unknown kind", wantCode: ims.ENOTFOUND, wantMsg: "unknown record kind",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RestoreRecord(ctx, ada, "widget", fx.old)
			}},
		// links
		{name: "add link", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "related_parties", fx.ico)
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if got := r.Fields["related_parties"]; !reflect.DeepEqual(got, []string{fx.fca, fx.ico}) {
					t.Errorf("related_parties = %v, want [fca ico] in link order", got)
				}
			}},
		{name: "add a link already there writes nothing", wantOps: 0,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "related_parties", fx.fca)
			}},
		{name: "remove link", wantOps: 1,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RemoveLink(ctx, ada, "scope_statement", fx.scope, "issues", fx.issue)
			},
			check: func(t *testing.T, s *store.Store, fx fixture, r ims.Record) {
				if _, ok := r.Fields["issues"]; ok {
					t.Errorf("issues = %v, want none", r.Fields["issues"])
				}
			}},
		{name: "remove a link not there writes nothing", wantOps: 0,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.RemoveLink(ctx, ada, "context_issue", fx.issue, "related_parties", fx.ico)
			}},
		{name: "add link to a missing record", wantCode: ims.EINVALID, wantField: "related_parties", wantMsg: `no interested party with id "nope"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "related_parties", "nope")
			}},
		{name: "add link to a record in the bin", wantCode: ims.EINVALID, wantField: "related_parties",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "related_parties", fx.gone)
			}},
		{name: "add link through a field that is not a links list", wantCode: ims.EINVALID, wantField: "title", wantMsg: "is not a list of links",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "title", fx.ico)
			}},
		{name: "add link through an unknown field", wantCode: ims.EINVALID, wantField: "friends", wantMsg: `no field "friends"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.issue, "friends", fx.ico)
			}},
		{name: "add link from a record in the bin", wantCode: ims.ECONFLICT,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.AddLink(ctx, ada, "context_issue", fx.old, "related_parties", fx.ico)
			}},
		{name: "resolve a field with no conflict", wantCode: ims.EINVALID, wantField: "status", wantMsg: "no conflict to resolve",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.ResolveConflict(ctx, ada, "context_issue", fx.issue, "status", "closed")
			}},
		{name: "resolve with an invalid value", wantCode: ims.EINVALID, wantField: "status", wantMsg: "is not allowed",
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.ResolveConflict(ctx, ada, "context_issue", fx.issue, "status", "parked")
			}},
		// reads
		{name: "get of a missing record", wantCode: ims.ENOTFOUND, wantMsg: `there is no Interested party with id "nope"`,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.GetRecord(ctx, "interested_party", "nope")
			}},
		{name: "get through the wrong kind", wantCode: ims.ENOTFOUND,
			call: func(s *store.Store, fx fixture) (ims.Record, error) {
				return s.GetRecord(ctx, "interested_party", fx.issue)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenMem(t)
			fx := newFixture(t, s)
			before, ops := snapshot(t, s), opCount(t, s)
			r, err := tt.call(s, fx)
			if tt.wantCode != "" {
				wantError(t, err, tt.wantCode, tt.wantField, tt.wantMsg)
				if n := opCount(t, s); n != ops {
					t.Errorf("a failed call wrote %d op(s)", n-ops)
				}
				if after := snapshot(t, s); after != before {
					t.Errorf("a failed call changed the records:\nbefore %s\nafter  %s", before, after)
				}
			} else {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if n := opCount(t, s); n-ops != tt.wantOps {
					t.Errorf("the call wrote %d op(s), want %d", n-ops, tt.wantOps)
				}
				if tt.wantOps == 0 {
					if after := snapshot(t, s); after != before {
						t.Errorf("a call that wrote no op changed the records")
					}
				}
				if tt.check != nil {
					tt.check(t, s, fx, r)
				}
			}
			if err := s.VerifyReplay(); err != nil {
				t.Errorf("VerifyReplay: %v", err)
			}
		})
	}
}

func TestHistory(t *testing.T) {
	s := MustOpenMem(t)
	fx := newFixture(t, s)
	id := mustCreate(t, s, "context_issue", map[string]any{"title": "Bias concerns", "type": "external"}).ID
	steps := []func() error{
		func() error {
			_, err := s.UpdateRecord(ctx, bob, "context_issue", id, map[string]any{"status": "open", "lens": []string{"ai", "privacy"}})
			return err
		},
		func() error {
			_, err := s.AddLink(ctx, bob, "context_issue", id, "related_parties", fx.fca)
			return err
		},
		func() error {
			_, err := s.RemoveLink(ctx, ada, "context_issue", id, "related_parties", fx.fca)
			return err
		},
		func() error { return s.DeleteRecord(ctx, ada, "context_issue", id) },
		func() error { _, err := s.RestoreRecord(ctx, bob, "context_issue", id); return err },
		func() error {
			_, err := s.UpdateRecord(ctx, ada, "context_issue", id, map[string]any{"status": ""})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	h, err := s.History(ctx, "context_issue", id)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Type  ims.OpType
		Field string
		Value any
		Who   string
	}
	want := []entry{
		{ims.OpCreate, "", nil, ada.Name},
		{ims.OpSet, "title", "Bias concerns", ada.Name},
		{ims.OpSet, "type", "external", ada.Name},
		{ims.OpSet, "lens", []string{"privacy", "ai"}, bob.Name},
		{ims.OpSet, "status", "open", bob.Name},
		{ims.OpLink, "related_parties", fx.fca, bob.Name},
		{ims.OpUnlink, "related_parties", fx.fca, ada.Name},
		{ims.OpDelete, "", nil, ada.Name},
		{ims.OpRestore, "", nil, bob.Name},
		{ims.OpSet, "status", nil, ada.Name},
	}
	var got []entry
	for _, e := range h {
		got = append(got, entry{e.Type, e.Field, e.Value, e.Actor.Name})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history:\n got  %v\n want %v", got, want)
	}
	t.Run("oldest first with distinct op ids and times", func(t *testing.T) {
		seen := map[string]bool{}
		for i, e := range h {
			if e.OpID == "" || seen[e.OpID] || e.At == "" {
				t.Errorf("entry %d = %+v", i, e)
			}
			seen[e.OpID] = true
			if i > 0 && e.At < h[i-1].At {
				t.Errorf("entry %d at %s is before entry %d at %s", i, e.At, i-1, h[i-1].At)
			}
		}
	})
	t.Run("history of a missing record", func(t *testing.T) {
		_, err := s.History(ctx, "context_issue", "nope")
		wantError(t, err, ims.ENOTFOUND, "", "nope")
	})
	t.Run("history through the wrong kind", func(t *testing.T) {
		_, err := s.History(ctx, "interested_party", id)
		wantError(t, err, ims.ENOTFOUND, "", id)
	})
	t.Run("history of an unknown kind", func(t *testing.T) {
		_, err := s.History(ctx, "widget", id)
		wantError(t, err, ims.ENOTFOUND, "", "widget")
	})
}

// concurrentTitles gives a record two heads on its title, as two replicas that both edited
// the same value while apart would.
func concurrentTitles(t *testing.T, s *store.Store, id string) (ims.Op, ims.Op) {
	t.Helper()
	st, err := s.Materialised()
	if err != nil {
		t.Fatal(err)
	}
	pred := st[id].HeadIDs("title")
	var ops []ims.Op
	for i, edit := range []struct {
		who   ims.Actor
		title string
	}{{ada, "Title from the laptop"}, {bob, "Titre du bureau"}} {
		op, err := s.WriteRemoteOp(ims.Op{Replica: []string{"laptop", "office"}[i], Seq: 1, Actor: edit.who, Type: ims.OpSet,
			Kind: "context_issue", Entity: id, Field: "title", Value: edit.title, Pred: pred})
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	return ops[0], ops[1]
}

func TestConflicts(t *testing.T) {
	type resolution struct {
		name  string
		do    func(s *store.Store, id string) (ims.Record, error)
		title string
	}
	for _, tt := range []resolution{
		{"ResolveConflict with one of the values", func(s *store.Store, id string) (ims.Record, error) {
			return s.ResolveConflict(ctx, ada, "context_issue", id, "title", "Titre du bureau")
		}, "Titre du bureau"},
		{"ResolveConflict with a new value", func(s *store.Store, id string) (ims.Record, error) {
			return s.ResolveConflict(ctx, ada, "context_issue", id, "title", "  Merged title ")
		}, "Merged title"},
		{"an ordinary edit also supersedes both heads", func(s *store.Store, id string) (ims.Record, error) {
			return s.UpdateRecord(ctx, ada, "context_issue", id, map[string]any{"title": "Edited"})
		}, "Edited"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := MustOpenDir(t, dir, store.Options{})
			id := mustCreate(t, s, "context_issue", map[string]any{"title": "Original", "type": "external", "status": "open"}).ID
			laptop, office := concurrentTitles(t, s, id)

			r := mustGet(t, s, "context_issue", id)
			cs := r.Conflicts["title"]
			if len(cs) != 2 {
				t.Fatalf("conflicts = %+v, want two values for title", r.Conflicts)
			}
			byOp := map[string]ims.ConflictValue{cs[0].OpID: cs[0], cs[1].OpID: cs[1]}
			if byOp[laptop.ID].Value != "Title from the laptop" || byOp[laptop.ID].Actor != ada ||
				byOp[office.ID].Value != "Titre du bureau" || byOp[office.ID].Actor != bob {
				t.Errorf("conflict values = %+v", cs)
			}
			if r.Title != "Titre du bureau" {
				t.Errorf("preview title = %q, want the later clock's value", r.Title)
			}
			if len(r.Conflicts) != 1 {
				t.Errorf("conflicts on %v, want only title", keysOf(r.Conflicts))
			}
			if err := s.VerifyReplay(); err != nil {
				t.Errorf("VerifyReplay with a conflict: %v", err)
			}
			// The conflict is durable: it survives a reopen until someone resolves it.
			s = reopen(t, s, dir, store.Options{})
			if got := mustGet(t, s, "context_issue", id); len(got.Conflicts["title"]) != 2 {
				t.Fatalf("after reopen conflicts = %+v", got.Conflicts)
			}

			ops := opCount(t, s)
			r, err := tt.do(s, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Conflicts != nil || r.Title != tt.title {
				t.Errorf("after resolving: title %q, conflicts %+v; want %q and none", r.Title, r.Conflicts, tt.title)
			}
			if n := opCount(t, s); n != ops+1 {
				t.Errorf("resolving wrote %d ops, want 1", n-ops)
			}
			h, err := s.History(ctx, "context_issue", id)
			if err != nil {
				t.Fatal(err)
			}
			last := h[len(h)-1]
			if last.Type != ims.OpSet || last.Field != "title" || last.Value != tt.title || last.Actor != ada {
				t.Errorf("last history entry = %+v", last)
			}
			if got := mustGet(t, s, "context_issue", id); got.Conflicts != nil {
				t.Errorf("GetRecord still shows conflicts %+v", got.Conflicts)
			}
			if err := s.VerifyReplay(); err != nil {
				t.Errorf("VerifyReplay: %v", err)
			}
			t.Run("resolving again finds nothing to resolve", func(t *testing.T) {
				_, err := s.ResolveConflict(ctx, ada, "context_issue", id, "title", "again")
				wantError(t, err, ims.EINVALID, "title", "no conflict")
			})
		})
	}
}

// Two replicas link and unlink the same target while apart: the link made concurrently
// with the unlink survives (add-wins).
func TestConcurrentLinkSurvivesUnlink(t *testing.T) {
	s := MustOpenMem(t)
	fx := newFixture(t, s)
	// Both replicas saw the fca link; the office replica re-adds it while the laptop unlinks.
	st, err := s.Materialised()
	if err != nil {
		t.Fatal(err)
	}
	observed := st[fx.issue].LinkAdds("related_parties", fx.fca)
	if _, err := s.WriteRemoteOp(ims.Op{Replica: "office", Actor: bob, Type: ims.OpLink, Kind: "context_issue", Entity: fx.issue,
		Field: "related_parties", Value: fx.fca}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteRemoteOp(ims.Op{Replica: "laptop", Actor: ada, Type: ims.OpUnlink, Kind: "context_issue", Entity: fx.issue,
		Field: "related_parties", Value: fx.fca, Pred: observed}); err != nil {
		t.Fatal(err)
	}
	r := mustGet(t, s, "context_issue", fx.issue)
	if got := r.Fields["related_parties"]; !reflect.DeepEqual(got, []string{fx.fca}) {
		t.Errorf("related_parties = %v, want the concurrently added link kept", got)
	}
	// A local unlink now observes every add and removes it.
	r, err = s.RemoveLink(ctx, ada, "context_issue", fx.issue, "related_parties", fx.fca)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Fields["related_parties"]; ok {
		t.Errorf("after a local unlink related_parties = %v", r.Fields["related_parties"])
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
}

// Writers and readers at once, as the window and `keel serve` may be: every write lands,
// reads never see a half-applied record, and the log replays to the same state.
func TestConcurrentWritersAndReaders(t *testing.T) {
	s := MustOpen(t)
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each+100)
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r, err := s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": fmt.Sprintf("w%d-%d", w, i), "type": "internal", "status": "open"})
				if err == nil {
					_, err = s.UpdateRecord(ctx, bob, "context_issue", r.ID, map[string]any{"status": "closed", "owner": "Bob"})
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "closed"}})
				if err != nil {
					errs <- err
					return
				}
				for _, r := range res.Records {
					// A closed record always carries the owner set in the same write.
					if r.Fields["owner"] != "Bob" {
						errs <- fmt.Errorf("half-applied write seen: %+v", r.Fields)
						return
					}
				}
				if _, err := s.Search(ctx, "w1", 0); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Filters: map[string]string{"status": "closed"}})
	if err != nil || res.Total != writers*each {
		t.Errorf("closed records = %d (%v), want %d", res.Total, err, writers*each)
	}
	if n := opCount(t, s); n != writers*each*6 {
		t.Errorf("op log holds %d ops, want %d", n, writers*each*6)
	}
	if got := s.Seq(); got != uint64(writers*each*6) {
		t.Errorf("sequence = %d, want %d: every op numbered once", got, writers*each*6)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
}
