package app

import "keel/backend/ims"

// CheckWorkspace runs the open workspace's integrity check: it replays the op log against
// the stored records, checks every index and verifies every evidence file's hash, and
// reports each problem found (none when all is well). It changes nothing.
func (a *App) CheckWorkspace() (ims.IntegrityReport, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return ims.IntegrityReport{}, err
	}
	var verify func(string) error
	if ev := st.Evidence(); ev != nil {
		verify = ev.Verify
	}
	return st.Check(verify)
}
