package ims

import (
	"context"
	"strings"
	"time"
)

// AsOfCut is the clock value that ends the day date (YYYY-MM-DD, in UTC): a view of the
// workspace as of that date folds the ops whose clock is at most this value. A date that
// is not a real calendar date, or is after today, is refused with a message naming it.
func AsOfCut(date string, today time.Time) (uint64, error) {
	date = strings.TrimSpace(date)
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, FieldErrorf("as_of", "As of: %q is not a date (YYYY-MM-DD, e.g. 2026-03-31)", date)
	}
	if d.After(today.UTC()) {
		return 0, FieldErrorf("as_of", "As of: %s is in the future; today is %s", date, today.UTC().Format(time.DateOnly))
	}
	return uint64(d.AddDate(0, 0, 1).UnixMilli())<<16 - 1, nil
}

type backdateKey struct{}

// Backdated returns a context whose writes carry clocks from the wall time at (the demo's
// history is written this way, through the ordinary write path). The clock never runs
// backwards: a write back-dated before the newest op already in the log is stamped after
// it, as any other write, so back-dating can build a history forward but never rewrite one.
func Backdated(ctx context.Context, at time.Time) context.Context {
	return context.WithValue(ctx, backdateKey{}, at)
}

// BackdatedClock is the clock value a back-dated context asks writes to start from, or 0.
func BackdatedClock(ctx context.Context) uint64 {
	if ctx == nil {
		return 0
	}
	at, ok := ctx.Value(backdateKey{}).(time.Time)
	if !ok || at.IsZero() {
		return 0
	}
	return uint64(at.UnixMilli()) << 16
}
