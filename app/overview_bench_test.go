package app_test

import (
	"fmt"
	"testing"
	"time"

	"keel/app"
)

// BenchmarkOverview20 is the consultant's overview over 20 workspaces of demo size, none
// of them open. The budget is 2 s.
func BenchmarkOverview20(b *testing.B) {
	e := newEnv(b)
	a, sess := e.app, e.sess
	if _, err := a.SetIdentity(ada); err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		if _, err := a.CreateWorkspace(fmt.Sprintf("Client %02d", i), true); err != nil {
			b.Fatal(err)
		}
	}
	if err := sess.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rows, err := a.Overview(app.OverviewQuery{Sort: "coverage"})
		if err != nil || len(rows) != 20 || rows[0].Figures == nil {
			b.Fatalf("overview: %d rows, %v", len(rows), err)
		}
	}
	b.StopTimer()
	if per := b.Elapsed() / time.Duration(b.N); per > 2*time.Second {
		b.Errorf("overview of 20 workspaces took %v, over the 2 s budget", per)
	}
}
