package app

import "keel/reports"

// ReviewSnapshot exposes the management-review snapshot to the app_test package, for
// .ci/bench-packs.sh, which benchmarks the pack of the demo workspace.
func (a *App) ReviewSnapshot() (reports.Snapshot, reports.ReviewInput, error) {
	return a.reviewSnapshot()
}
