package cli

import (
	"io"

	"keel/app"
	"keel/backend/overview"
)

// overviewJSON prints the consultant's overview: every workspace with the figures of the
// overview screen (`keel workspace list --format json`).
func overviewJSON(e *env, q app.OverviewQuery) error {
	return run(e, func(s *app.Session) ([]overview.WorkspaceRow, error) { return s.App().Overview(q) }, func(io.Writer, []overview.WorkspaceRow) {})
}
