package app_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"keel/app"
	"keel/app/cli"
	"keel/backend/workspace"
)

// BenchmarkOverview20 is the consultant's overview over 20 workspaces of demo size, none
// of them open. The budget is 2 s.
func BenchmarkOverview20(b *testing.B) {
	ws := workspace.Workspaces{Root: b.TempDir()}
	var logBuf bytes.Buffer
	sess := app.NewSession("bench", "http", ws, cli.StoreOpener(ws, 3, 0), slog.New(slog.NewTextHandler(&logBuf, nil)))
	defer sess.Close()
	a := sess.App()
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
