package app_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/app"
	"keel/backend/ims"
)

// eventually waits for cond, checking it again after each short pause, up to a generous
// deadline: a condition is waited for, never a fixed time.
func eventually(t *testing.T, why string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("still not after 30 s: %s", why)
		}
	}
}

// joinedDevice is a device of its own (a data folder) used by who, that joins a's workspace
// by invite and code through folder.
func joinedDevice(t *testing.T, a *env, folder, who string) (*env, app.SyncJoined) {
	t.Helper()
	d := newEnv(t)
	if _, err := d.app.SetIdentity(ims.Actor{Name: who, Email: strings.ToLower(who) + "@example.com"}); err != nil {
		t.Fatal(err)
	}
	inv, err := a.app.SyncInvite(filepath.Join(t.TempDir(), "invite"))
	if err != nil {
		t.Fatal(err)
	}
	joined, err := d.app.SyncJoin(inv.File, inv.Code, "", folder)
	if err != nil {
		t.Fatal(err)
	}
	return d, joined
}

// A session that watches (the window, keel serve) runs a round when the folder changes:
// an edit on one device reaches the other with no round asked for. Switching workspace
// stops the watcher; opening the synced one again starts it.
func TestSyncWatch(t *testing.T) {
	a := ready(t)
	folder := t.TempDir()
	if _, err := a.app.SyncFolder(folder); err != nil {
		t.Fatal(err)
	}
	b, joined := joinedDevice(t, a, folder, "Bea")
	b.sess.WatchSync()
	if st, err := b.app.SyncStatus(); err != nil || !st.Watching {
		t.Fatalf("b's status: %+v, %v", st, err)
	}
	rec, err := a.app.CreateRecord("context_issue", map[string]any{"title": "Supplier churn", "type": "external"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.app.SyncFolder(""); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b has a's new record", func() bool {
		_, err := b.app.GetRecord("context_issue", rec.ID)
		return err == nil
	})
	// Another workspace: no watching (it does not sync); back: watching again.
	if _, err := b.app.CreateWorkspace("Scratch", false); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.app.SyncStatus(); st.Watching {
		t.Error("still watching after a switch to a workspace that does not sync")
	}
	if _, err := b.app.OpenWorkspace(joined.Workspace.ID); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.app.SyncStatus(); !st.Watching {
		t.Error("not watching the synced workspace again")
	}
	if err := b.sess.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.app.SyncStatus(); err == nil {
		t.Error("a status with no workspace open")
	}
}
