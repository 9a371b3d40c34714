package app

import (
	"context"

	"keel/reports"
)

// SetOpenWith replaces how OpenPack hands a file to the desktop, for a test.
func SetOpenWith(f func(string) error) (restore func()) {
	old := openWith
	openWith = f
	return func() { openWith = old }
}

// SetPackGate makes every pack job wait in f before it renders, for a test.
func SetPackGate(f func(context.Context)) (restore func()) {
	old := packGate
	packGate = f
	return func() { packGate = old }
}

// PackSnapshot is the snapshot a pack of the kind reads from the open workspace, for
// .ci/bench-packs.sh, which benchmarks the management-review pack of the demo workspace.
// A function, not a method: the App a test drives has the methods the shipped one serves.
func PackSnapshot(a *App, kind string) (reports.Snapshot, error) {
	p, err := reports.Lookup(kind)
	if err != nil {
		return reports.Snapshot{}, err
	}
	return a.packSnapshot(p, "")
}
