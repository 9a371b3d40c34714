package app_test

import (
	"context"
	"os"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// Import, export and backup run as pack-style jobs: progress, a result when done, and a
// cancelled import writes nothing.
func TestTabularJobs(t *testing.T) {
	e := ready(t)
	csv := b64("title,owner,status,due_date\nRenew DPA,Zoë,open,26/11/2026\nPatch VPN,Zoë,open,03/04/2026\n")

	t.Run("import", func(t *testing.T) {
		start, err := e.app.StartImport("action", "csv", csv, app.ImportOptions{})
		if err != nil || start.Kind != "import" || start.State != app.JobRunning {
			t.Fatalf("start = %+v, %v", start, err)
		}
		j := waitJob(t, e.app, start.ID)
		if j.State != app.JobDone || j.Import == nil || j.Import.Created != 2 || j.Percent != 100 {
			t.Fatalf("import job %+v (%+v)", j, j.Import)
		}
		r, _ := e.app.GetRecord("action", j.Import.IDs[1])
		if r.Fields["due_date"] != "2026-04-03" {
			t.Errorf("due_date %v: the UK date of row 2 should tell row 3's order", r.Fields["due_date"])
		}
	})
	t.Run("import options", func(t *testing.T) {
		_, err := e.app.StartImport("action", "csv", csv, app.ImportOptions{DateFormat: "ydm"})
		wantCode(t, err, ims.EINVALID, "unknown date format")
		j := waitJob(t, e.app, must(e.app.StartImport("action", "csv", b64("title,owner,status,due_date\nX,Zoë,open,03/04/2026\n"), app.ImportOptions{DateFormat: "mdy"})).ID)
		if j.Import == nil || j.Import.Created != 1 {
			t.Fatalf("mdy import %+v", j.Import)
		}
		if r, _ := e.app.GetRecord("action", j.Import.IDs[0]); r.Fields["due_date"] != "2026-03-04" {
			t.Errorf("due_date %v with mdy", r.Fields["due_date"])
		}
	})
	t.Run("cancelled import writes nothing", func(t *testing.T) {
		before, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"})
		release := make(chan struct{})
		restore := app.SetPackGate(func(ctx context.Context) { <-release })
		start, err := e.app.StartImport("action", "csv", csv, app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.app.CancelPack(start.ID)
		close(release)
		j := waitJob(t, e.app, start.ID)
		restore()
		if j.State != app.JobCancelled || j.Import != nil && j.Import.Created != 0 {
			t.Fatalf("after cancel: %+v", j)
		}
		if after, _ := e.app.ListRecords(ims.ListQuery{Kind: "action"}); after.Total != before.Total {
			t.Errorf("%d actions after a cancelled import, %d before", after.Total, before.Total)
		}
	})
	t.Run("export", func(t *testing.T) {
		j := waitJob(t, e.app, must(e.app.StartExport("action", "xlsx")).ID)
		if j.State != app.JobDone || j.Export == nil || j.Export.Records < 3 || j.Export.FileName != "action.xlsx" {
			t.Fatalf("export job %+v", j)
		}
		_, err := e.app.StartExport("widget", "csv")
		wantCode(t, err, ims.ENOTFOUND, "widget")
	})
	t.Run("backup", func(t *testing.T) {
		j := waitJob(t, e.app, must(e.app.StartBackup()).ID)
		if _, err := os.Stat(j.Backup); j.State != app.JobDone || err != nil {
			t.Fatalf("backup job %+v: %v", j, err)
		}
	})
}

func must(j app.PackJob, err error) app.PackJob {
	if err != nil {
		panic(err)
	}
	return j
}
