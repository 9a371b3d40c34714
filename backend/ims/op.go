package ims

import (
	"cmp"
	"slices"
	"time"
)

// OpType is what an op does to an entity.
type OpType string

const (
	OpCreate  OpType = "create"
	OpSet     OpType = "set"     // set one field; Pred lists the heads it supersedes
	OpLink    OpType = "link"    // add Value (a record id) to a links field
	OpUnlink  OpType = "unlink"  // remove the link adds listed in Pred
	OpDelete  OpType = "delete"  // tombstone: the _deleted register becomes true
	OpRestore OpType = "restore" // the _deleted register becomes false
)

// DeletedRegister is the register that holds an entity's tombstone, so that delete and
// restore merge like any other field.
const DeletedRegister = "_deleted"

// Op is the one unit of change: the history, the undo source and the unit of sync.
type Op struct {
	ID      string   `json:"id"`
	Replica string   `json:"replica"`
	Seq     uint64   `json:"seq"`
	HLC     uint64   `json:"hlc"` // 48-bit milliseconds << 16 | 16-bit counter
	Actor   Actor    `json:"actor"`
	Type    OpType   `json:"type"`
	Kind    string   `json:"kind"`
	Entity  string   `json:"entity"`
	Field   string   `json:"field,omitempty"`
	Value   any      `json:"value,omitempty"`
	Pred    []string `json:"pred,omitempty"`
}

// Register returns the register an op writes, or "" for ops that write none.
func (o *Op) Register() string {
	switch o.Type {
	case OpSet:
		return o.Field
	case OpDelete, OpRestore:
		return DeletedRegister
	}
	return ""
}

// HLCTime returns the wall-clock part of a hybrid logical clock value.
func HLCTime(h uint64) time.Time { return time.UnixMilli(int64(h >> 16)).UTC() }

// FormatHLC renders the wall-clock part of an HLC for people and JSON.
func FormatHLC(h uint64) string {
	if h == 0 {
		return ""
	}
	return HLCTime(h).Format("2006-01-02T15:04:05.000Z07:00")
}

// OpMeta is a reference to the op that created or last changed an entity.
type OpMeta struct {
	OpID  string `json:"opId,omitempty"`
	HLC   uint64 `json:"hlc,omitempty"`
	Actor Actor  `json:"actor"`
}

// Head is one current value of a multi-value register.
type Head struct {
	OpID  string `json:"opId"`
	HLC   uint64 `json:"hlc"`
	Actor Actor  `json:"actor"`
	Value any    `json:"value"`
}

// LinkEntry is one target of a links field with the add ops that keep it present, in
// clock order (then op id).
type LinkEntry struct {
	Target string    `json:"target"`
	Adds   []LinkAdd `json:"adds"`
}

// LinkAdd is one add op keeping a link present.
type LinkAdd struct {
	OpID string `json:"opId"`
	HLC  uint64 `json:"hlc"`
}

// EntityState is the materialised state of one entity: per-field multi-value registers and
// add-wins link sets. It is derived from the op log and can always be rebuilt from it.
type EntityState struct {
	ID      string                 `json:"id"`
	Kind    string                 `json:"kind"`
	Created OpMeta                 `json:"created"`
	Updated OpMeta                 `json:"updated"`
	Fields  map[string][]Head      `json:"fields,omitempty"`
	Links   map[string][]LinkEntry `json:"links,omitempty"`
	// Superseded holds, sorted, the ids of every op another op has superseded (named in
	// the pred of a set, delete, restore or unlink), so that a superseded op arriving late
	// from another replica never becomes a head or a present link again.
	Superseded []string `json:"superseded,omitempty"`
}

// IsSuperseded reports whether some op applied to the state names the op in its pred.
func (s *EntityState) IsSuperseded(opID string) bool {
	_, ok := slices.BinarySearch(s.Superseded, opID)
	return ok
}

// Heads returns the current heads of a register, oldest first.
func (s *EntityState) Heads(register string) []Head { return s.Fields[register] }

// HeadIDs returns the op ids of a register's heads: the pred of the next write to it.
func (s *EntityState) HeadIDs(register string) []string {
	hs := s.Fields[register]
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.OpID
	}
	return ids
}

// Value returns a register's value for display: the single head, or for a conflict the
// head with the latest clock (a preview; the conflict itself stays until resolved).
func (s *EntityState) Value(register string) any {
	hs := s.Fields[register]
	if len(hs) == 0 {
		return nil
	}
	return hs[len(hs)-1].Value
}

// Deleted reports whether the entity carries a tombstone.
func (s *EntityState) Deleted() bool {
	b, _ := s.Value(DeletedRegister).(bool)
	return b
}

// LinkTargets returns the targets present in a links field, in the order first linked
// (by the clock of each target's earliest add still present).
func (s *EntityState) LinkTargets(field string) []string {
	var out []string
	for _, e := range s.Links[field] {
		out = append(out, e.Target)
	}
	return out
}

// LinkAdds returns the add ops that keep a target present: the pred of an unlink.
func (s *EntityState) LinkAdds(field, target string) []string {
	for _, e := range s.Links[field] {
		if e.Target == target {
			ids := make([]string, len(e.Adds))
			for i, a := range e.Adds {
				ids[i] = a.OpID
			}
			return ids
		}
	}
	return nil
}

// SortHeads orders heads by clock, then op id, so every replica shows the same preview.
func SortHeads(hs []Head) {
	slices.SortFunc(hs, func(a, b Head) int {
		if c := cmp.Compare(a.HLC, b.HLC); c != 0 {
			return c
		}
		return cmp.Compare(a.OpID, b.OpID)
	})
}

// ToRecord turns materialised state into the record screens see.
func (s *EntityState) ToRecord(k *Kind) Record {
	r := Record{
		ID: s.ID, Kind: s.Kind, Fields: map[string]any{}, Deleted: s.Deleted(),
		CreatedAt: FormatHLC(s.Created.HLC), CreatedBy: s.Created.Actor,
		UpdatedAt: FormatHLC(s.Updated.HLC), UpdatedBy: s.Updated.Actor,
	}
	for _, f := range k.Fields {
		if f.Type == TypeLinks {
			if ts := s.LinkTargets(f.Name); len(ts) > 0 {
				r.Fields[f.Name] = ts
			}
			continue
		}
		hs := s.Fields[f.Name]
		if len(hs) == 0 {
			continue
		}
		if v := s.Value(f.Name); v != nil {
			r.Fields[f.Name] = v
		}
		if len(hs) > 1 {
			if r.Conflicts == nil {
				r.Conflicts = map[string][]ConflictValue{}
			}
			for _, h := range hs {
				r.Conflicts[f.Name] = append(r.Conflicts[f.Name], ConflictValue{Value: h.Value, OpID: h.OpID, Actor: h.Actor, At: FormatHLC(h.HLC)})
			}
		}
	}
	if t, ok := r.Fields[k.TitleField].(string); ok {
		r.Title = t
	}
	return r
}
