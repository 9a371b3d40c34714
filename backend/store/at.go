package store

import (
	"errors"
	"slices"
	"sort"
	"time"

	"keel/backend/ims"
)

var errPast = errors.New("past the last instant")

// RecordsAt replays the op log in clock order and, for each instant of times (ascending),
// calls at with the live records of kinds as they stood then, oldest first: what a chart of
// a figure over time reads (the gap analysis's coverage at each month end). It reads only
// op/, never the materialised state, and stops reading once past the last instant.
func (s *Store) RecordsAt(times []time.Time, kinds []string, at func(i int, byKind map[string][]ims.Record) error) error {
	states := map[string]*ims.EntityState{}
	next := 0
	emit := func() error {
		byKind := map[string][]ims.Record{}
		for _, st := range states {
			if st.Created.OpID == "" || st.Deleted() || !slices.Contains(kinds, st.Kind) {
				continue
			}
			k, err := ims.KindByName(st.Kind)
			if err != nil {
				continue
			}
			byKind[st.Kind] = append(byKind[st.Kind], st.ToRecord(k))
		}
		for _, l := range byKind {
			sort.Slice(l, func(i, j int) bool {
				if l[i].CreatedAt != l[j].CreatedAt {
					return l[i].CreatedAt < l[j].CreatedAt
				}
				return l[i].ID < l[j].ID
			})
		}
		err := at(next, byKind)
		next++
		return err
	}
	err := s.eachOp(func(_ []byte, op ims.Op) error {
		for next < len(times) && ims.HLCTime(op.HLC).After(times[next]) {
			if err := emit(); err != nil {
				return err
			}
		}
		if next == len(times) {
			return errPast
		}
		st := states[op.Entity]
		if st == nil {
			st = &ims.EntityState{}
			states[op.Entity] = st
		}
		s.eng.Apply(st, op)
		return nil
	})
	if err == errPast {
		err = nil
	}
	for err == nil && next < len(times) {
		err = emit()
	}
	return err
}
