package oplog_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/oplog"
)

var (
	ada  = ims.Actor{Name: "Ada", Email: "ada@example.com"}
	bob  = ims.Actor{Name: "Bob", Email: "bob@example.com"}
	kind = "context_issue"
)

// op builders: ids are short names so that failures read well.
func create(id string, hlc uint64) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpCreate, Kind: kind, Entity: "e1"}
}

func set(id string, hlc uint64, field string, value any, pred ...string) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpSet, Kind: kind, Entity: "e1", Field: field, Value: value, Pred: pred}
}

func link(id string, hlc uint64, target string) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpLink, Kind: kind, Entity: "e1", Field: "related_parties", Value: target}
}

func unlink(id string, hlc uint64, target string, pred ...string) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpUnlink, Kind: kind, Entity: "e1", Field: "related_parties", Value: target, Pred: pred}
}

func del(id string, hlc uint64, pred ...string) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpDelete, Kind: kind, Entity: "e1", Pred: pred}
}

func restore(id string, hlc uint64, pred ...string) ims.Op {
	return ims.Op{ID: id, HLC: hlc, Actor: ada, Type: ims.OpRestore, Kind: kind, Entity: "e1", Pred: pred}
}

func by(op ims.Op, a ims.Actor) ims.Op { op.Actor = a; return op }

func applyAll(ops ...ims.Op) *ims.EntityState {
	st := &ims.EntityState{}
	for _, op := range ops {
		oplog.Apply(st, op)
	}
	return st
}

func values(hs []ims.Head) []any {
	var out []any
	for _, h := range hs {
		out = append(out, h.Value)
	}
	return out
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		ops     []ims.Op
		field   string
		heads   []any    // the register's head values, oldest first
		targets []string // for link scenarios: the targets present
		deleted bool
	}{
		{name: "a set is the value", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A")},
			heads: []any{"A"}},
		{name: "a set over the head replaces it", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B", "s1")},
			heads: []any{"B"}},
		{name: "concurrent sets are two heads: a conflict", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), by(set("s2", 4, "title", "Bob's", "s1"), bob), set("s3", 3, "title", "Ada's", "s1")},
			heads: []any{"Ada's", "Bob's"}},
		{name: "a set observing both heads resolves the conflict", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B", "s1"), set("s3", 4, "title", "C", "s1"), set("s4", 5, "title", "final", "s2", "s3")},
			heads: []any{"final"}},
		{name: "a set observing one head of two leaves the other", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B", "s1"), set("s3", 4, "title", "C", "s1"), set("s4", 5, "title", "D", "s2")},
			heads: []any{"C", "D"}},
		{name: "applying an op twice changes nothing", field: "title",
			ops:   []ims.Op{create("c", 1), create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B", "s1"), set("s2", 3, "title", "B", "s1")},
			heads: []any{"B"}},
		{name: "a late duplicate of a current head changes nothing", field: "title",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B"), set("s3", 4, "status", "open"), set("s1", 2, "title", "A")},
			heads: []any{"A", "B"}},
		{name: "a cleared field has a nil head", field: "owner",
			ops:   []ims.Op{create("c", 1), set("s1", 2, "owner", "Ada"), set("s2", 3, "owner", nil, "s1")},
			heads: []any{nil}},
		{name: "link adds a target", ops: []ims.Op{create("c", 1), link("l1", 2, "p1"), link("l2", 3, "p2")},
			targets: []string{"p1", "p2"}},
		{name: "unlink removes the observed add", ops: []ims.Op{create("c", 1), link("l1", 2, "p1"), link("l2", 3, "p2"), unlink("u1", 4, "p1", "l1")},
			targets: []string{"p2"}},
		{name: "add wins: a concurrent add survives an unlink that did not observe it",
			ops:     []ims.Op{create("c", 1), link("l1", 2, "p1"), link("l2", 3, "p1"), unlink("u1", 4, "p1", "l1")},
			targets: []string{"p1"}},
		{name: "add wins whichever arrives first",
			ops:     []ims.Op{create("c", 1), link("l1", 2, "p1"), unlink("u1", 4, "p1", "l1"), link("l2", 3, "p1")},
			targets: []string{"p1"}},
		{name: "unlink observing every add removes the target",
			ops:     []ims.Op{create("c", 1), link("l1", 2, "p1"), link("l2", 3, "p1"), unlink("u1", 4, "p1", "l1", "l2")},
			targets: nil},
		{name: "re-link after unlink", ops: []ims.Op{create("c", 1), link("l1", 2, "p1"), unlink("u1", 3, "p1", "l1"), link("l2", 4, "p1")},
			targets: []string{"p1"}},
		{name: "delete is a tombstone", field: ims.DeletedRegister,
			ops:   []ims.Op{create("c", 1), set("s1", 2, "title", "A"), del("d1", 3)},
			heads: []any{true}, deleted: true},
		{name: "restore lifts the tombstone", field: ims.DeletedRegister,
			ops:   []ims.Op{create("c", 1), del("d1", 2), restore("r1", 3, "d1")},
			heads: []any{false}},
		{name: "delete after restore", field: ims.DeletedRegister,
			ops:   []ims.Op{create("c", 1), del("d1", 2), restore("r1", 3, "d1"), del("d2", 4, "r1")},
			heads: []any{true}, deleted: true},
		{name: "concurrent delete and restore is a conflict shown by the latest clock", field: ims.DeletedRegister,
			ops:   []ims.Op{create("c", 1), del("d1", 2), restore("r1", 4, "d1"), del("d2", 3, "d1")},
			heads: []any{true, false}, deleted: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := applyAll(tt.ops...)
			if tt.field != "" {
				if got := values(st.Heads(tt.field)); !reflect.DeepEqual(got, tt.heads) {
					t.Errorf("heads of %s = %#v, want %#v", tt.field, got, tt.heads)
				}
			}
			if tt.targets != nil || tt.field == "" {
				if got := st.LinkTargets("related_parties"); !reflect.DeepEqual(got, tt.targets) {
					t.Errorf("link targets = %v, want %v", got, tt.targets)
				}
			}
			if st.Deleted() != tt.deleted {
				t.Errorf("Deleted() = %v, want %v", st.Deleted(), tt.deleted)
			}
			if st.ID != "e1" || st.Kind != kind {
				t.Errorf("identity = %s/%s, want %s/e1", st.Kind, st.ID, kind)
			}
		})
	}
}

func TestApplyIsIdempotent(t *testing.T) {
	ops := []ims.Op{create("c", 1), set("s1", 2, "title", "A"), set("s2", 3, "title", "B", "s1"), set("s3", 4, "title", "C", "s1"),
		link("l1", 5, "p1"), link("l2", 6, "p2"), unlink("u1", 7, "p1", "l1"), del("d1", 8), restore("r1", 9, "d1")}
	once := applyAll(ops...)
	for i := range ops {
		t.Run(ops[i].ID, func(t *testing.T) {
			// Every op delivered twice, the duplicate straight after the original.
			st := &ims.EntityState{}
			for j, op := range ops {
				oplog.Apply(st, op)
				if j == i {
					oplog.Apply(st, op)
				}
			}
			if a, b := mustJSON(t, once), mustJSON(t, st); a != b {
				t.Errorf("state after a duplicate of %s differs:\n once: %s\n dup:  %s", ops[i].ID, a, b)
			}
		})
	}
}

// Concurrent ops (no op observes another) commute: every order gives the same state.
func TestApplyConcurrentOpsCommute(t *testing.T) {
	base := []ims.Op{create("c", 1), set("s1", 2, "title", "A"), link("l1", 3, "p1")}
	concurrent := []ims.Op{
		by(set("a1", 10, "title", "Ada's", "s1"), ada),
		by(set("b1", 11, "title", "Bob's", "s1"), bob),
		by(link("a2", 12, "p1"), ada),
		by(unlink("b2", 13, "p1", "l1"), bob),
		by(set("b3", 14, "status", "open"), bob),
	}
	want := mustJSON(t, applyAll(append(append([]ims.Op{}, base...), concurrent...)...))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		perm := append([]ims.Op{}, concurrent...)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		got := mustJSON(t, applyAll(append(append([]ims.Op{}, base...), perm...)...))
		if got != want {
			t.Fatalf("order %d gives a different state:\n got:  %s\n want: %s", i, got, want)
		}
	}
}

func TestApplyMetadata(t *testing.T) {
	st := applyAll(by(create("c", 5), ada), by(set("s1", 9, "title", "A"), bob), set("s0", 7, "status", "open"))
	if st.Created.OpID != "c" || st.Created.Actor != ada {
		t.Errorf("Created = %+v, want op c by Ada", st.Created)
	}
	if st.Updated.OpID != "s1" || st.Updated.HLC != 9 || st.Updated.Actor != bob {
		t.Errorf("Updated = %+v, want op s1 at 9 by Bob (the latest clock, not the last applied)", st.Updated)
	}
}

func TestToRecordShowsConflicts(t *testing.T) {
	k, err := ims.KindByName(kind)
	if err != nil {
		t.Fatal(err)
	}
	st := applyAll(create("c", 1<<16), set("s1", 2<<16, "title", "A"),
		by(set("s2", 3<<16, "title", "Ada's"), ada), by(set("s3", 4<<16, "title", "Bob's", "s1"), bob),
		link("l1", 5<<16, "p1"))
	r := st.ToRecord(k)
	if r.Title != "Bob's" || r.Fields["title"] != "Bob's" {
		t.Errorf("title preview = %q / %v, want the latest clock's value", r.Title, r.Fields["title"])
	}
	cs := r.Conflicts["title"]
	// s2 did not observe s1 and s3 superseded only s1: two heads remain.
	if len(cs) != 2 || cs[0].Value != "Ada's" || cs[0].Actor != ada {
		t.Fatalf("conflicts on title = %+v, want Ada's then Bob's", cs)
	}
	if cs[1].Actor != bob || cs[1].OpID != "s3" || cs[1].At != "1970-01-01T00:00:00.004Z" {
		t.Errorf("latest conflict value = %+v", cs[1])
	}
	if !reflect.DeepEqual(r.Fields["related_parties"], []string{"p1"}) {
		t.Errorf("links = %v", r.Fields["related_parties"])
	}
	if _, ok := r.Conflicts["related_parties"]; ok {
		t.Error("a links field never shows as a conflict")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeWall is a wall clock a test moves by hand.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func (w *fakeWall) now() time.Time  { w.mu.Lock(); defer w.mu.Unlock(); return w.t }
func (w *fakeWall) set(t time.Time) { w.mu.Lock(); w.t = t; w.mu.Unlock() }

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)

	t.Run("strictly monotonic when the wall clock goes backwards", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		steps := []time.Duration{0, 0, time.Millisecond, -time.Hour, -time.Hour, 0, 2 * time.Hour, -time.Millisecond}
		var last uint64
		at := start
		for i, d := range steps {
			at = at.Add(d)
			wall.set(at)
			h := c.Now()
			if h <= last {
				t.Fatalf("step %d (wall %v): clock %x did not move past %x", i, at, h, last)
			}
			last = h
		}
	})
	t.Run("carries the wall clock in its top 48 bits", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		h := c.Now()
		if got := ims.HLCTime(h); !got.Equal(start) {
			t.Errorf("HLCTime = %v, want %v", got, start)
		}
		if got := ims.FormatHLC(h); got != "2026-03-31T12:00:00.000Z" {
			t.Errorf("FormatHLC = %q", got)
		}
		if h2 := c.Now(); h2 != h+1 {
			t.Errorf("same millisecond: %x then %x, want the counter to step by one", h, h2)
		}
	})
	t.Run("counter carries a backwards clock", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		first := c.Now()
		wall.set(start.Add(-10 * time.Minute))
		second := c.Now()
		if ims.HLCTime(second) != ims.HLCTime(first) || second != first+1 {
			t.Errorf("after the wall clock stepped back: %x then %x, want %x", first, second, first+1)
		}
	})
	t.Run("unique and increasing across goroutines", func(t *testing.T) {
		c := oplog.NewClock(nil)
		const workers, each = 4, 500
		out := make([][]uint64, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					out[w] = append(out[w], c.Now())
				}
			}()
		}
		wg.Wait()
		seen := map[uint64]bool{}
		for w := range out {
			for i, h := range out[w] {
				if seen[h] {
					t.Fatalf("value %x handed out twice", h)
				}
				seen[h] = true
				if i > 0 && h <= out[w][i-1] {
					t.Fatalf("worker %d saw %x after %x", w, h, out[w][i-1])
				}
			}
		}
	})
	t.Run("observe pulls the clock forward", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		remote := uint64(start.Add(time.Hour).UnixMilli()) << 16
		if !c.Observe(remote) {
			t.Fatal("Observe refused a clock one hour ahead")
		}
		if h := c.Now(); h <= remote {
			t.Errorf("next value %x does not order after the observed %x", h, remote)
		}
	})
	t.Run("observe of an older value changes nothing", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		h1 := c.Now()
		if !c.Observe(h1 - 5) {
			t.Fatal("Observe refused an old value")
		}
		if h2 := c.Now(); h2 != h1+1 {
			t.Errorf("after observing an older value: %x, want %x", h2, h1+1)
		}
	})
	t.Run("observe caps skew", func(t *testing.T) {
		wall := &fakeWall{t: start}
		c := oplog.NewClock(wall.now)
		tooFar := uint64(start.Add(oplog.MaxSkew+time.Minute).UnixMilli()) << 16
		if c.Observe(tooFar) {
			t.Error("Observe accepted a clock more than MaxSkew ahead")
		}
		if h := c.Now(); ims.HLCTime(h) != start {
			t.Errorf("the refused value moved the clock to %v", ims.HLCTime(h))
		}
		atLimit := uint64(start.Add(oplog.MaxSkew).UnixMilli()) << 16
		if !c.Observe(atLimit) {
			t.Error("Observe refused a clock exactly MaxSkew ahead")
		}
	})
}

func TestEngine(t *testing.T) {
	e := oplog.NewEngine()
	a, b := e.Now(), e.Now()
	if b <= a {
		t.Errorf("engine clock: %x then %x", a, b)
	}
	if d := time.Since(ims.HLCTime(b)); d < 0 || d > time.Minute {
		t.Errorf("engine clock is %v away from the wall clock", d)
	}
	st := &ims.EntityState{}
	e.Apply(st, create("c", a))
	e.Apply(st, set("s", b, "title", "x"))
	if st.Value("title") != "x" {
		t.Errorf("engine Apply: title = %v", st.Value("title"))
	}
}

// Causality: an op that observed another (names it in its pred) supersedes it whatever
// order the two arrive in, so a late superseded op is never a head (no false conflict), and
// a late add an unlink observed never brings the link back. Every order of any ops, causal
// or not, gives the same state.
func TestApplyAnyOrderGivesTheSameState(t *testing.T) {
	ops := []ims.Op{
		create("c", 1), set("s1", 2, "title", "A"),
		by(set("s2", 3, "title", "B", "s1"), bob), set("s3", 4, "title", "C", "s2"),
		by(set("x1", 5, "title", "concurrent", "s1"), bob),
		link("l1", 6, "p1"), by(unlink("u1", 7, "p1", "l1"), bob), link("l2", 8, "p2"), by(link("l3", 3, "p3"), bob),
		del("d1", 9), restore("r1", 10, "d1"),
	}
	want := applyAll(ops...)
	if got := values(want.Heads("title")); !reflect.DeepEqual(got, []any{"C", "concurrent"}) {
		t.Fatalf("title heads = %v, want C and the concurrent edit", got)
	}
	if got := want.LinkTargets("related_parties"); !reflect.DeepEqual(got, []string{"p3", "p2"}) {
		t.Fatalf("links = %v, want p3 (linked at 3) then p2; p1 was unlinked", got)
	}
	wantJSON := mustJSON(t, want)
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		perm := append([]ims.Op{}, ops...)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		if got := mustJSON(t, applyAll(perm...)); got != wantJSON {
			t.Fatalf("order %v gives a different state:\n got:  %s\n want: %s", ids(perm), got, wantJSON)
		}
	}
	// The late arrivals named in the issue, one at a time.
	late := applyAll(create("c", 1), set("s2", 3, "title", "B", "s1"), set("s1", 2, "title", "A"))
	if got := values(late.Heads("title")); !reflect.DeepEqual(got, []any{"B"}) {
		t.Errorf("a superseded op arriving after its successor: heads %v, want only B", got)
	}
	lateAdd := applyAll(create("c", 1), unlink("u1", 7, "p1", "l1"), link("l1", 6, "p1"))
	if got := lateAdd.LinkTargets("related_parties"); len(got) != 0 {
		t.Errorf("an add arriving after the unlink that observed it: links %v, want none", got)
	}
}

func ids(ops []ims.Op) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = op.ID
	}
	return out
}
