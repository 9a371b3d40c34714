package app

import (
	"strings"

	"keel/backend/ims"
)

// The workspace as it stood on a past date: every read below takes asOf (YYYY-MM-DD, the
// end of that day in UTC) and answers from the op log cut there (store.AsOf), read-only;
// an empty asOf reads today's records. A bad date, or one after today, is refused with a
// message naming it (field "as_of").

// recordsAsOf is the open workspace's records as they stood at the end of asOf, or today's
// when asOf is empty.
func (a *App) recordsAsOf(asOf string) (ims.RecordService, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, err
	}
	return recordsAt(st, asOf)
}

func recordsAt(st WorkspaceStore, asOf string) (ims.RecordService, error) {
	if asOf = strings.TrimSpace(asOf); asOf == "" {
		return st, nil
	}
	return st.AsOf(asOf)
}

// ListRecordsAsOf lists records of one kind as they stood at the end of asOf.
func (a *App) ListRecordsAsOf(q ims.ListQuery, asOf string) (ims.ListResult, error) {
	src, err := a.recordsAsOf(asOf)
	if err != nil {
		return ims.ListResult{}, err
	}
	return src.ListRecords(bg, q)
}

// GetRecordAsOf returns one record as it stood at the end of asOf.
func (a *App) GetRecordAsOf(kind, id, asOf string) (ims.Record, error) {
	src, err := a.recordsAsOf(asOf)
	if err != nil {
		return ims.Record{}, err
	}
	return src.GetRecord(bg, kind, id)
}

// HistoryAsOf returns a record's changes up to the end of asOf.
func (a *App) HistoryAsOf(kind, id, asOf string) ([]ims.HistoryEntry, error) {
	src, err := a.recordsAsOf(asOf)
	if err != nil {
		return nil, err
	}
	return src.History(bg, kind, id)
}

// LinkedFromAsOf lists the records that linked to kind/id at the end of asOf.
func (a *App) LinkedFromAsOf(kind, id, asOf string) ([]BackLink, error) {
	src, err := a.recordsAsOf(asOf)
	if err != nil {
		return nil, err
	}
	return linkedFrom(src, kind, id)
}
