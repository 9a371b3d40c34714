package sync_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
)

// held returns every op a store holds, of every replica.
func held(t *rapid.T, s *store.Store) []ims.Op {
	var all []ims.Op
	for _, r := range slices.Sorted(maps.Keys(s.VersionVector())) {
		ops, err := s.OpsAfter(r, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ops...)
	}
	return all
}

// referenceHeads computes, from a set of ops alone, what every register's heads and every
// link's present adds must be: exactly the ops no op of the set supersedes.
func referenceHeads(ops []ims.Op) (heads, links map[string][]string) {
	superseded := map[string]bool{}
	for _, op := range ops {
		for _, p := range op.Pred {
			superseded[p] = true
		}
	}
	heads, links = map[string][]string{}, map[string][]string{}
	for _, op := range ops {
		if superseded[op.ID] {
			continue
		}
		switch op.Type {
		case ims.OpSet, ims.OpDelete, ims.OpRestore:
			k := op.Entity + "/" + op.Register()
			heads[k] = append(heads[k], op.ID)
		case ims.OpLink:
			k := op.Entity + "/" + op.Field + "/" + op.Value.(string)
			links[k] = append(links[k], op.ID)
		}
	}
	for _, m := range []map[string][]string{heads, links} {
		for k := range m {
			slices.Sort(m[k])
		}
	}
	return heads, links
}

// storedHeads reads the same from a store's materialised state.
func storedHeads(t *rapid.T, s *store.Store) (heads, links map[string][]string) {
	states, err := s.Materialised()
	if err != nil {
		t.Fatal(err)
	}
	heads, links = map[string][]string{}, map[string][]string{}
	for id, st := range states {
		for reg := range st.Fields {
			ids := st.HeadIDs(reg)
			slices.Sort(ids)
			heads[id+"/"+reg] = ids
		}
		for field, entries := range st.Links {
			for _, e := range entries {
				ids := st.LinkAdds(field, e.Target)
				slices.Sort(ids)
				links[id+"/"+field+"/"+e.Target] = ids
			}
		}
	}
	return heads, links
}

func snapshot(t *rapid.T, s *store.Store) string {
	states, err := s.Materialised()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(states) // map keys sorted
	return string(b)
}

// Replicas with clocks days apart edit, link, unlink, delete and restore while apart and exchange random subsets
// of what they hold, duplicated and in random order. On every replica, at every step, the
// heads of every field are exactly the ops that no held op supersedes (so a concurrent
// edit is always a visible conflict and a sequential one never is); after a full exchange
// all replicas hold the same state, replay to it, and another exchange changes nothing.
func TestReplicasConverge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 5).Draw(t, "replicas")
		reps := make([]*store.Store, n)
		for i := range reps {
			// Clocks skewed by up to three days either way: a clock too far ahead is not
			// followed, and must still never decide which edit survives.
			skew := time.Duration(rapid.IntRange(-72, 72).Draw(t, "skew hours")) * time.Hour
			eng := &oplog.Engine{Clock: oplog.NewClock(func() time.Time { return time.Now().Add(skew) })}
			s, err := store.Open("", eng, store.Options{InMemory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			reps[i] = s
		}
		var issues, parties []string
		for i := range 2 {
			r, err := reps[0].CreateRecord(ctx, ada, "interested_party", map[string]any{"name": "Party " + string(rune('A'+i)), "category": "customer"})
			if err != nil {
				t.Fatal(err)
			}
			parties = append(parties, r.ID)
			r, err = reps[0].CreateRecord(ctx, ada, "context_issue", map[string]any{"title": "Issue " + string(rune('A'+i)), "type": "internal"})
			if err != nil {
				t.Fatal(err)
			}
			issues = append(issues, r.ID)
		}
		base := held(t, reps[0])
		for _, s := range reps[1:] {
			if _, err := s.ApplyRemote(base); err != nil {
				t.Fatal(err)
			}
		}
		words := []string{"risk", "Zoë", "Łódź", "bias", "cloud"}
		steps := rapid.IntRange(1, 30).Draw(t, "steps")
		for range steps {
			s := reps[rapid.IntRange(0, n-1).Draw(t, "replica")]
			id := rapid.SampledFrom(issues).Draw(t, "issue")
			var err error
			switch rapid.IntRange(0, 6).Draw(t, "action") {
			case 0, 1:
				_, err = s.UpdateRecord(ctx, ada, "context_issue", id, map[string]any{"title": rapid.SampledFrom(words).Draw(t, "title")})
			case 2:
				_, err = s.AddLink(ctx, ada, "context_issue", id, "related_parties", rapid.SampledFrom(parties).Draw(t, "party"))
			case 3:
				_, err = s.RemoveLink(ctx, ada, "context_issue", id, "related_parties", rapid.SampledFrom(parties).Draw(t, "party"))
			case 4:
				err = s.DeleteRecord(ctx, ada, "context_issue", id)
			case 5:
				_, err = s.RestoreRecord(ctx, ada, "context_issue", id)
			case 6: // a partial, duplicated, reordered delivery
				dst := reps[rapid.IntRange(0, n-1).Draw(t, "to")]
				ops := held(t, s)
				var send []ims.Op
				for _, op := range ops {
					for range rapid.IntRange(0, 2).Draw(t, "copies") {
						send = append(send, op)
					}
				}
				perm := rapid.Permutation(send).Draw(t, "order")
				if _, err := dst.ApplyRemote(perm); err != nil {
					t.Fatal(err)
				}
			}
			if err != nil && ims.AsError(err).Code == ims.EINTERNAL {
				t.Fatalf("write: %v", err) // refusals (in the bin, not there yet) are fine
			}
			for i, s := range reps {
				wantH, wantL := referenceHeads(held(t, s))
				gotH, gotL := storedHeads(t, s)
				if !reflect.DeepEqual(gotH, wantH) {
					t.Fatalf("replica %d heads:\n got  %v\n want %v", i, gotH, wantH)
				}
				if !reflect.DeepEqual(gotL, wantL) {
					t.Fatalf("replica %d links:\n got  %v\n want %v", i, gotL, wantL)
				}
			}
		}
		exchange := func() int {
			applied := 0
			for _, dst := range reps {
				for _, src := range reps {
					if src != dst {
						res, err := dst.ApplyRemote(held(t, src))
						if err != nil {
							t.Fatal(err)
						}
						applied += res.Applied
					}
				}
			}
			return applied
		}
		exchange()
		want := snapshot(t, reps[0])
		for i, s := range reps {
			if got := snapshot(t, s); got != want {
				t.Fatalf("replica %d did not converge:\n got  %s\n want %s", i, got, want)
			}
			if err := s.VerifyReplay(); err != nil {
				t.Fatalf("replica %d: %v", i, err)
			}
		}
		for _, id := range issues {
			var recs []ims.Record
			for _, s := range reps {
				r, err := s.GetRecord(ctx, "context_issue", id)
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, r)
			}
			for i := range recs {
				if !reflect.DeepEqual(recs[i], recs[0]) {
					t.Fatalf("record %s on replica %d: %+v\nwant %+v", id, i, recs[i], recs[0])
				}
			}
		}
		if again := exchange(); again != 0 {
			t.Fatalf("re-syncing applied %d ops", again)
		}
	})
}
