package store

import (
	"context"
	"time"

	"keel/backend/ims"
)

// View is the workspace as it stood at a clock value: the op log cut there and folded by
// the same apply rule as replay (fold). It answers the record service's reads (list, get,
// search, history, links) exactly as the live store would have then, and refuses every
// write. It is computed once, in memory, and never touches the stored state.
type View struct {
	s     *Store
	cut   uint64
	date  string                           // the day it stands at, for messages
	kinds map[string]map[string]ims.Record // records by kind, then id
}

var _ ims.RecordService = (*View)(nil)

// AsOf returns the workspace as it stood at the end of date (YYYY-MM-DD, UTC). A bad
// date, or one after today, is refused with a message naming it.
func (s *Store) AsOf(date string) (ims.RecordService, error) {
	cut, err := ims.AsOfCut(date, time.Now())
	if err != nil {
		return nil, err
	}
	return s.ViewAt(cut)
}

// ViewAt folds the ops whose clock is at most cut into a read-only view. The last view is
// kept until the next commit (a screen pages, filters and searches one date), so asking
// again for the same cut costs nothing.
func (s *Store) ViewAt(cut uint64) (*View, error) {
	s.cache.mu.RLock()
	last := s.cache.view
	s.cache.mu.RUnlock()
	if last != nil && last.cut == cut {
		return last, nil
	}
	// Hold the writer lock so that no commit lands between the fold and the view being
	// kept (a commit drops the kept view).
	s.mu.Lock()
	defer s.mu.Unlock()
	states, _, err := s.fold(cut)
	if err != nil {
		return nil, err
	}
	v := &View{s: s, cut: cut, date: ims.HLCTime(cut).Format(time.DateOnly), kinds: map[string]map[string]ims.Record{}}
	for _, st := range states {
		if st.Created.OpID == "" {
			continue // its create is after the cut (or has not arrived): no record yet
		}
		kind, err := ims.KindByName(st.Kind)
		if err != nil {
			continue
		}
		m := v.kinds[kind.Name]
		if m == nil {
			m = map[string]ims.Record{}
			v.kinds[kind.Name] = m
		}
		m[st.ID] = st.ToRecord(kind)
	}
	s.cache.mu.Lock()
	s.cache.view = v
	s.cache.mu.Unlock()
	return v, nil
}

// Date is the day the view stands at (YYYY-MM-DD, UTC).
func (v *View) Date() string { return v.date }

func (v *View) withRecords(kind *ims.Kind, fn func(map[string]ims.Record) error) error {
	m := v.kinds[kind.Name]
	if m == nil {
		m = map[string]ims.Record{}
	}
	return fn(m)
}

// idsByIndex: a view keeps no index; filters scan its records.
func (v *View) idsByIndex(*ims.Kind, string, string) (map[string]bool, error) { return nil, nil }

// ListRecords lists a kind's records as they stood.
func (v *View) ListRecords(ctx context.Context, q ims.ListQuery) (ims.ListResult, error) {
	return listRecords(v, q)
}

// GetRecord returns one record as it stood, including one then in the bin.
func (v *View) GetRecord(ctx context.Context, kind, id string) (ims.Record, error) {
	return getRecord(v, kind, id)
}

// Search finds records as they stood.
func (v *View) Search(ctx context.Context, text string, limit int) ([]ims.SearchHit, error) {
	return search(v, text, limit)
}

// History is a record's ops up to the view's date.
func (v *View) History(ctx context.Context, kind, id string) ([]ims.HistoryEntry, error) {
	return v.s.history(kind, id, v.cut)
}

func (v *View) readOnly() error {
	return ims.Errorf(ims.EFORBIDDEN, "this is the workspace as it stood on %s: it cannot be changed (go back to today to edit)", v.date)
}

// CreateRecord is refused: a view of the past is read-only.
func (v *View) CreateRecord(context.Context, ims.Actor, string, map[string]any) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}

// UpdateRecord is refused: a view of the past is read-only.
func (v *View) UpdateRecord(context.Context, ims.Actor, string, string, map[string]any) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}

// DeleteRecord is refused: a view of the past is read-only.
func (v *View) DeleteRecord(context.Context, ims.Actor, string, string) error { return v.readOnly() }

// RestoreRecord is refused: a view of the past is read-only.
func (v *View) RestoreRecord(context.Context, ims.Actor, string, string) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}

// AddLink is refused: a view of the past is read-only.
func (v *View) AddLink(context.Context, ims.Actor, string, string, string, string) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}

// RemoveLink is refused: a view of the past is read-only.
func (v *View) RemoveLink(context.Context, ims.Actor, string, string, string, string) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}

// ResolveConflict is refused: a view of the past is read-only.
func (v *View) ResolveConflict(context.Context, ims.Actor, string, string, string, any) (ims.Record, error) {
	return ims.Record{}, v.readOnly()
}
