package ims

import "fmt"

// maxProblems caps how many problems an IntegrityReport lists; Total counts them all.
const maxProblems = 100

// IntegrityReport is what a workspace's integrity check found (`keel check`, "Check
// workspace" in Settings): every problem, up to 100 of them listed and all counted, and
// what it looked at. A workspace is well when Total is 0.
type IntegrityReport struct {
	Problems []string `json:"problems"`
	Total    int      `json:"total"`
	Ops      int      `json:"ops"`      // ops replayed
	Entities int      `json:"entities"` // stored entities compared
	Indexes  int      `json:"indexes"`  // index entries checked
	Evidence int      `json:"evidence"` // evidence files whose hash was verified
}

// Add records one problem.
func (r *IntegrityReport) Add(format string, args ...any) {
	r.Total++
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}
