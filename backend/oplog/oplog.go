// Package oplog holds the pure rules of Keel's op log: the hybrid logical clock and how an
// op changes an entity's materialised state (multi-value registers, add-wins link sets,
// tombstones). Applying the same ops in clock order always gives the same state.
package oplog

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"keel/backend/ims"
)

// Clock is a hybrid logical clock: 48 bits of wall-clock milliseconds and a 16-bit counter,
// so that clocks never go backwards and ops made in the same millisecond stay ordered.
type Clock struct {
	mu   sync.Mutex
	last uint64
	now  func() time.Time
}

// NewClock returns a clock reading the given wall clock (time.Now when nil).
func NewClock(now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now}
}

// Now returns the next clock value, strictly greater than every value it returned or observed.
func (c *Clock) Now() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := uint64(c.now().UnixMilli()) << 16
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// NowFrom is Now for a back-dated write: the next clock value read as if the wall clock
// stood at from (never later than the real one), still strictly greater than every value
// the clock returned or observed, so a back-dated history can only be written forward.
func (c *Clock) NowFrom(from uint64) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := min(from, uint64(c.now().UnixMilli())<<16)
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// MaxSkew caps how far a remote clock may pull the local one forward.
const MaxSkew = 24 * time.Hour

// Observe folds in a clock value seen in the log (on open or from another replica) so the
// next local op orders after it. It reports false, and ignores the value, when the value
// is further ahead of the wall clock than MaxSkew.
func (c *Clock) Observe(h uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := uint64(c.now().Add(MaxSkew).UnixMilli()) << 16
	if h > limit {
		return false
	}
	if h > c.last {
		c.last = h
	}
	return true
}

// Apply changes state by one op. The result depends only on the set of ops applied, not
// on their order: heads are the ops no applied op supersedes (the state keeps the ids of
// superseded ops, so one arriving late from another replica stays superseded), link adds
// and heads are kept in clock order, and created/updated take the earliest/latest clock
// with the op id breaking ties. Applying an op already reflected changes nothing.
func Apply(s *ims.EntityState, op ims.Op) {
	if s.ID == "" {
		s.ID, s.Kind = op.Entity, op.Kind
	}
	meta := ims.OpMeta{OpID: op.ID, HLC: op.HLC, Actor: op.Actor}
	switch op.Type {
	case ims.OpCreate:
		if s.Created.OpID == "" || later(s.Created, meta) {
			s.Created = meta
		}
	case ims.OpSet, ims.OpDelete, ims.OpRestore:
		reg := op.Register()
		if s.Fields == nil {
			s.Fields = map[string][]ims.Head{}
		}
		supersede(s, op.Pred)
		heads := s.Fields[reg]
		heads = slices.DeleteFunc(heads, func(h ims.Head) bool { return s.IsSuperseded(h.OpID) })
		if !s.IsSuperseded(op.ID) && !slices.ContainsFunc(heads, func(h ims.Head) bool { return h.OpID == op.ID }) {
			value := op.Value
			switch op.Type {
			case ims.OpDelete:
				value = true
			case ims.OpRestore:
				value = false
			}
			heads = append(heads, ims.Head{OpID: op.ID, HLC: op.HLC, Actor: op.Actor, Value: value})
			ims.SortHeads(heads)
		}
		if len(heads) == 0 {
			delete(s.Fields, reg)
		} else {
			s.Fields[reg] = heads
		}
	case ims.OpLink:
		if s.IsSuperseded(op.ID) {
			break
		}
		target, _ := op.Value.(string)
		if s.Links == nil {
			s.Links = map[string][]ims.LinkEntry{}
		}
		entries := s.Links[op.Field]
		i := slices.IndexFunc(entries, func(e ims.LinkEntry) bool { return e.Target == target })
		if i < 0 {
			entries = append(entries, ims.LinkEntry{Target: target})
			i = len(entries) - 1
		}
		if !slices.ContainsFunc(entries[i].Adds, func(a ims.LinkAdd) bool { return a.OpID == op.ID }) {
			entries[i].Adds = append(entries[i].Adds, ims.LinkAdd{OpID: op.ID, HLC: op.HLC})
		}
		s.Links[op.Field] = sortLinks(entries)
	case ims.OpUnlink:
		// Add-wins: only the adds this unlink observed (its pred) are removed; a concurrent
		// add of the same target survives.
		supersede(s, op.Pred)
		entries := s.Links[op.Field]
		for i := range entries {
			entries[i].Adds = slices.DeleteFunc(entries[i].Adds, func(a ims.LinkAdd) bool { return s.IsSuperseded(a.OpID) })
		}
		entries = slices.DeleteFunc(entries, func(e ims.LinkEntry) bool { return len(e.Adds) == 0 })
		if len(entries) == 0 {
			delete(s.Links, op.Field)
		} else {
			s.Links[op.Field] = sortLinks(entries)
		}
	}
	if s.Updated.OpID == "" || later(meta, s.Updated) {
		s.Updated = meta
	}
}

// later reports whether a is after b: by clock, then by op id.
func later(a, b ims.OpMeta) bool {
	return a.HLC > b.HLC || a.HLC == b.HLC && a.OpID > b.OpID
}

// supersede adds op ids to the state's sorted set of superseded ops.
func supersede(s *ims.EntityState, ids []string) {
	for _, id := range ids {
		if i, ok := slices.BinarySearch(s.Superseded, id); !ok {
			s.Superseded = slices.Insert(s.Superseded, i, id)
		}
	}
}

// sortLinks puts each target's adds in clock order and the targets in the order of their
// earliest add, so every replica shows the same list whatever order ops came in.
func sortLinks(entries []ims.LinkEntry) []ims.LinkEntry {
	byClock := func(a, b ims.LinkAdd) int { return cmp.Or(cmp.Compare(a.HLC, b.HLC), cmp.Compare(a.OpID, b.OpID)) }
	for i := range entries {
		slices.SortFunc(entries[i].Adds, byClock)
	}
	slices.SortStableFunc(entries, func(a, b ims.LinkEntry) int {
		return cmp.Or(byClock(a.Adds[0], b.Adds[0]), cmp.Compare(a.Target, b.Target))
	})
	return entries
}

// Engine bundles the clock and the apply rule for the store, which takes them as an
// interface so that implementation packages stay independent.
type Engine struct{ *Clock }

// NewEngine returns an engine on the wall clock.
func NewEngine() *Engine { return &Engine{NewClock(nil)} }

// Apply applies one op to a state; see the package function.
func (Engine) Apply(s *ims.EntityState, op ims.Op) { Apply(s, op) }
