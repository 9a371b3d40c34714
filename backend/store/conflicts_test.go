package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"keel/backend/ims"
	"keel/backend/store"
)

// exchange gives dst every op src holds that dst lacks, as a sync round would.
func exchange(tb testing.TB, src, dst *store.Store) {
	tb.Helper()
	have := dst.VersionVector()
	for rep := range src.VersionVector() {
		ops, err := src.OpsAfter(rep, have[rep], 0)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := dst.ApplyRemote(ops); err != nil {
			tb.Fatal(err)
		}
	}
}

func syncBoth(tb testing.TB, a, b *store.Store) { exchange(tb, a, b); exchange(tb, b, a) }

func conflicts(tb testing.TB, s *store.Store) []ims.Conflict {
	tb.Helper()
	cs, err := s.Conflicts(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// Each kind of conflict, made on two replicas that edit while apart, shows on both, and a
// resolution made on one clears it on the other once it arrives.
func TestConflictInbox(t *testing.T) {
	update := func(s *store.Store, who ims.Actor, id string, f map[string]any) error {
		_, err := s.UpdateRecord(ctx, who, "context_issue", id, f)
		return err
	}
	del := func(s *store.Store, id string) error { return s.DeleteRecord(ctx, ada, "context_issue", id) }
	cases := []struct {
		name    string
		apart   func(a, b *store.Store, id string) error // the edits made while apart
		want    []ims.ConflictType
		edits   int // a delete conflict's unseen edits
		resolve func(a, b *store.Store, c ims.Conflict) (*store.Store, error)
		deleted bool // after the resolution
	}{
		{name: "the same field edited on both", want: []ims.ConflictType{ims.ConflictField},
			apart: func(a, b *store.Store, id string) error {
				return cmpErr(update(a, ada, id, map[string]any{"title": "Churn (Ada)"}), update(b, bob, id, map[string]any{"title": "Churn (Bob)"}))
			},
			resolve: func(a, b *store.Store, c ims.Conflict) (*store.Store, error) {
				_, err := b.ResolveConflict(ctx, bob, c.Kind, c.ID, c.Field, c.Values[0].Value)
				return b, err
			}},
		{name: "different fields edited on both: no conflict",
			apart: func(a, b *store.Store, id string) error {
				return cmpErr(update(a, ada, id, map[string]any{"title": "Churn (Ada)"}), update(b, bob, id, map[string]any{"type": "internal"}))
			}},
		{name: "an edit made after seeing the other: no conflict",
			apart: func(a, b *store.Store, id string) error {
				if err := update(a, ada, id, map[string]any{"title": "Churn (Ada)"}); err != nil {
					return err
				}
				exchange(t, a, b)
				return update(b, bob, id, map[string]any{"title": "Churn (Bob)"})
			}},
		{name: "deleted on one, edited on the other, restored", want: []ims.ConflictType{ims.ConflictDelete}, edits: 1,
			apart: func(a, b *store.Store, id string) error {
				return cmpErr(del(a, id), update(b, bob, id, map[string]any{"description": "Seen in Q3"}))
			},
			resolve: func(a, b *store.Store, c ims.Conflict) (*store.Store, error) {
				_, err := a.ResolveDelete(ctx, ada, c.Kind, c.ID, true)
				return a, err
			}},
		{name: "deleted on one, edited earlier by the clock on the other, the delete confirmed", want: []ims.ConflictType{ims.ConflictDelete}, edits: 2,
			apart: func(a, b *store.Store, id string) error {
				// The edit is older than the delete by the clock, but the deleting device never saw it.
				return cmpErr(update(b, bob, id, map[string]any{"description": "Seen in Q3", "type": "internal"}), del(a, id))
			},
			resolve: func(a, b *store.Store, c ims.Conflict) (*store.Store, error) {
				_, err := b.ResolveDelete(ctx, bob, c.Kind, c.ID, false)
				return b, err
			}, deleted: true},
		{name: "deleted after seeing the edit: no conflict",
			apart: func(a, b *store.Store, id string) error {
				if err := update(b, bob, id, map[string]any{"description": "Seen in Q3"}); err != nil {
					return err
				}
				exchange(t, b, a)
				return del(a, id)
			}},
		{name: "deleted again on one while restored on the other", want: []ims.ConflictType{ims.ConflictDelete},
			apart: func(a, b *store.Store, id string) error {
				if err := del(a, id); err != nil {
					return err
				}
				exchange(t, a, b)
				if _, err := b.RestoreRecord(ctx, bob, "context_issue", id); err != nil {
					return err
				}
				if _, err := a.RestoreRecord(ctx, ada, "context_issue", id); err != nil {
					return err
				}
				return del(a, id)
			},
			resolve: func(a, b *store.Store, c ims.Conflict) (*store.Store, error) {
				_, err := a.ResolveDelete(ctx, ada, c.Kind, c.ID, false)
				return a, err
			}, deleted: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := MustOpenMem(t), MustOpenMem(t)
			r := mustCreate(t, a, "context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
			exchange(t, a, b)
			if err := tc.apart(a, b, r.ID); err != nil {
				t.Fatal(err)
			}
			syncBoth(t, a, b)
			for _, s := range []*store.Store{a, b} {
				cs := conflicts(t, s)
				var types []ims.ConflictType
				for _, c := range cs {
					types = append(types, c.Type)
				}
				if !slices.Equal(types, tc.want) {
					t.Fatalf("conflicts %+v, want types %v", cs, tc.want)
				}
				if len(cs) == 0 {
					continue
				}
				c := cs[0]
				if c.ID != r.ID || c.Kind != "context_issue" || c.At == "" || len(c.Edits) != tc.edits {
					t.Errorf("conflict %+v: want %s with %d edits", c, r.ID, tc.edits)
				}
				reps := map[string]bool{}
				for _, v := range append(append([]ims.ConflictValue{}, c.Values...), c.Edits...) {
					if v.OpID == "" || v.Replica == "" || v.Actor.Name == "" || v.At == "" {
						t.Errorf("value %+v lacks its op, device, author or time", v)
					}
					reps[v.Replica] = true
				}
				if len(reps) != 2 {
					t.Errorf("values %+v, edits %+v: want both devices", c.Values, c.Edits)
				}
				if c.Type == ims.ConflictField && (len(c.Values) != 2 || c.Title == "" || c.FieldLabel != "Issue") {
					t.Errorf("field conflict %+v: want two values of Issue", c)
				}
			}
			if tc.resolve == nil {
				return
			}
			by, err := tc.resolve(a, b, conflicts(t, a)[0])
			if err != nil {
				t.Fatal(err)
			}
			if cs := conflicts(t, by); len(cs) != 0 {
				t.Fatalf("after resolving on one device: %+v", cs)
			}
			syncBoth(t, a, b)
			for _, s := range []*store.Store{a, b} {
				if cs := conflicts(t, s); len(cs) != 0 {
					t.Errorf("after the resolution arrived: %+v", cs)
				}
				if got := mustGet(t, s, "context_issue", r.ID); got.Deleted != tc.deleted || len(got.Conflicts) != 0 {
					t.Errorf("record %+v: want deleted %v and no conflicts", got, tc.deleted)
				}
				if err := s.VerifyReplay(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// A delete or restore with nothing to settle is refused, and a field conflict hides while
// its record is in the bin.
func TestResolveDeleteRefused(t *testing.T) {
	s := MustOpenMem(t)
	r := mustCreate(t, s, "context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
	_, err := s.ResolveDelete(ctx, ada, "context_issue", r.ID, true)
	wantError(t, err, ims.ECONFLICT, "", "no delete to restore or confirm")
	if err := s.DeleteRecord(ctx, ada, "context_issue", r.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.ResolveDelete(ctx, ada, "context_issue", r.ID, false)
	wantError(t, err, ims.ECONFLICT, "", "no delete to restore or confirm")
	if h, _ := s.History(ctx, "context_issue", r.ID); h[len(h)-1].Type != ims.OpDelete || h[len(h)-1].Value != nil {
		t.Errorf("history ends %+v: want a delete with no value shown", h[len(h)-1])
	}
}

func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// The inbox lists the conflict changed last first: the clock orders the list (and the
// values within a conflict), it decides nothing. The edits come from two devices with
// clocks set apart, so the order does not hang on timing.
func TestConflictsNewestFirst(t *testing.T) {
	s := MustOpenMem(t)
	older := mustCreate(t, s, "context_issue", map[string]any{"title": "Older", "type": "external"})
	newer := mustCreate(t, s, "context_issue", map[string]any{"title": "Newer", "type": "external"})
	base := uint64(time.Now().Add(time.Hour).UnixMilli()) << 16
	at := func(ms uint64) uint64 { return base + ms<<16 }
	edit := func(replica string, seq uint64, id string, hlc uint64) ims.Op {
		return ims.Op{ID: uuid.NewString(), Replica: replica, Seq: seq, HLC: hlc, Actor: bob, Type: ims.OpSet,
			Kind: "context_issue", Entity: id, Field: "description", Value: replica}
	}
	if _, err := s.ApplyRemote([]ims.Op{
		edit("laptop", 1, older.ID, at(1)), edit("office", 1, older.ID, at(2)),
		edit("laptop", 2, newer.ID, at(10)), edit("office", 2, newer.ID, at(3)),
	}); err != nil {
		t.Fatal(err)
	}
	cs := conflicts(t, s)
	if len(cs) != 2 || cs[0].ID != newer.ID || cs[1].ID != older.ID {
		t.Fatalf("conflicts %+v: want the newer change's first", cs)
	}
	for i, want := range [][]string{{"office", "laptop"}, {"laptop", "office"}} {
		c := cs[i]
		if c.Values[0].Replica != want[0] || c.Values[1].Replica != want[1] || c.At != c.Values[1].At {
			t.Errorf("%s: values %+v, want %v, oldest first, and the conflict at its newest", c.Title, c.Values, want)
		}
	}
}
