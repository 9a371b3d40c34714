package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// device is a data folder with who uses it and no workspace yet.
func device(t *testing.T, who string) string {
	t.Helper()
	dir := t.TempDir()
	ok(t, dir, "identity", "set", who, strings.ToLower(who)+"@example.com", "Consultant")
	return dir
}

// A new device joins by invite and code: it gets the whole workspace and syncs both ways;
// the invite opens with its code only and is used once. Removing the device changes the
// workspace key: it reads nothing written afterwards.
func TestCLISyncInvite(t *testing.T) {
	a, b, c := prepared(t), device(t, "Bea"), device(t, "Cy")
	folder, files := t.TempDir(), t.TempDir()
	var rec ims.Record
	okJSON(t, a, &rec, "records", "create", "context_issue", "title=Supplier churn", "type=external")
	ok(t, a, "sync", "--folder", folder)
	invite := filepath.Join(files, "bea.keelinvite")
	out := ok(t, a, "sync", "invite", "--out", invite)
	m := regexp.MustCompile(`(?m)^code: ([a-z]+(?:-[a-z]+){5})$`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "invite written: "+invite) || !strings.Contains(out, "expires: ") {
		t.Fatalf("invite printed %q", out)
	}
	code := m[1]
	wrong := strings.Join(append(strings.Split(code, "-")[1:], strings.Split(code, "-")[0]), "-")
	if r := keel(t, b, "sync", "join", invite, "--code", wrong); r.code != 1 || !strings.Contains(r.stderr, "wrong invite code") {
		t.Errorf("a wrong code: exit %d, %q", r.code, r.stderr)
	}
	if r := keel(t, b, "workspace", "list", "--format", "json"); strings.Contains(r.stdout, "Fenmore") {
		t.Errorf("a refused join made a workspace: %s", r.stdout)
	}
	out = ok(t, b, "sync", "join", invite, "--code", strings.ToUpper(strings.ReplaceAll(code, "-", " ")), "--folder", folder)
	if !strings.Contains(out, "joined workspace: Fenmore Credit") || !strings.Contains(out, "received: 3 changes") {
		t.Errorf("join printed %q", out)
	}
	var got ims.Record
	okJSON(t, b, &got, "records", "get", "context_issue", rec.ID)
	if got.Title != "Supplier churn" {
		t.Errorf("b has %+v", got)
	}
	// Used once: not again on b, not by another device in the same folder.
	if r := keel(t, b, "sync", "join", invite, "--code", code); r.code != 1 || !strings.Contains(r.stderr, "already has this workspace") {
		t.Errorf("a second join on b: exit %d, %q", r.code, r.stderr)
	}
	if r := keel(t, c, "sync", "join", invite, "--code", code, "--folder", folder); r.code != 1 || !strings.Contains(r.stderr, "invite was already used") {
		t.Errorf("the invite used again: exit %d, %q", r.code, r.stderr)
	}
	// b's next round works both ways.
	ok(t, b, "records", "update", "context_issue", rec.ID, "status=open")
	ok(t, b, "sync")
	if out := ok(t, a, "sync"); !strings.Contains(out, "received: 1 changes") {
		t.Errorf("a's round after b's edit: %q", out)
	}
	var devs []app.SyncDevice
	okJSON(t, a, &devs, "sync", "devices")
	if len(devs) != 2 {
		t.Fatalf("devices: %+v", devs)
	}
	var bea app.SyncDevice
	for _, d := range devs {
		if !d.This {
			bea = d
		}
	}
	if bea.Name != "Bea" || bea.LastHeard == "" || bea.Seq != 1 {
		t.Errorf("b in a's devices: %+v", bea)
	}
	if out := ok(t, a, "sync", "devices"); !strings.Contains(out, "LAST HEARD") || !strings.Contains(out, "(this device)") || !strings.Contains(out, bea.Replica) {
		t.Errorf("devices printed:\n%s", out)
	}
	// a removes b: what a writes afterwards b cannot read, and b is told.
	if out := ok(t, a, "sync", "remove", bea.Replica); !strings.Contains(out, "removed: "+bea.Replica) {
		t.Errorf("remove printed %q", out)
	}
	var secret ims.Record
	okJSON(t, a, &secret, "records", "create", "context_issue", "title=After Bea left", "type=internal")
	ok(t, a, "sync")
	var rep app.SyncReport
	okJSON(t, b, &rep, "sync")
	if rep.Received != 0 || !strings.Contains(rep.Removed, "removed from the workspace") || len(rep.Refused) == 0 || !strings.Contains(rep.Refused[0].Reason, "cannot decrypt") {
		t.Errorf("b's round after its removal: %+v", rep)
	}
	if r := keel(t, b, "records", "get", "context_issue", secret.ID); r.code == 0 {
		t.Errorf("the removed device reads what was written after: %s", r.stdout)
	}
	if out := ok(t, b, "sync", "status"); !strings.Contains(out, "this device was removed from the workspace") {
		t.Errorf("b's status:\n%s", out)
	}
	okJSON(t, a, &devs, "sync", "devices")
	if len(devs) != 1 || !devs[0].This {
		t.Errorf("a's devices after the removal: %+v", devs)
	}
	if r := keel(t, a, "sync", "remove", bea.Replica); r.code != 1 || !strings.Contains(r.stderr, "no device") {
		t.Errorf("removing again: exit %d, %q", r.code, r.stderr)
	}
	var st app.SyncStatus
	okJSON(t, a, &st, "sync", "status")
	if b, _ := json.Marshal(st); !strings.Contains(string(b), `"interval":"5m0s"`) {
		t.Errorf("status: %s", b)
	}
}
