package app_test

import (
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// The inbox's calls, with harmless arguments; the writes among them need an identity.
var conflictCalls = []struct {
	name  string
	write bool
	call  func(a *app.App) error
}{
	{"Conflicts", false, func(a *app.App) error { _, err := a.Conflicts(); return err }},
	{"ResolveFieldConflict", true, func(a *app.App) error {
		_, err := a.ResolveFieldConflict("context_issue", "x", "title", "op", nil)
		return err
	}},
	{"RestoreDeleted", true, func(a *app.App) error { _, err := a.RestoreDeleted("context_issue", "x"); return err }},
	{"ConfirmDelete", true, func(a *app.App) error { _, err := a.ConfirmDelete("context_issue", "x"); return err }},
}

func TestConflictCallsNeedAWorkspaceAndAnIdentity(t *testing.T) {
	e := newEnv(t)
	for _, c := range conflictCalls {
		t.Run(c.name+" without a workspace", func(t *testing.T) {
			wantCode(t, c.call(e.app), ims.EFORBIDDEN, "no workspace is open")
		})
	}
	if _, err := e.app.CreateWorkspace("Demo", true); err != nil {
		t.Fatal(err)
	}
	for _, c := range conflictCalls {
		t.Run(c.name+" without an identity", func(t *testing.T) {
			err := c.call(e.app)
			if !c.write {
				if err != nil {
					t.Fatalf("a read needs no identity: %v", err)
				}
				return
			}
			wantCode(t, err, ims.EFORBIDDEN, "say who you are first")
		})
	}
}

// The demo workspace merges nothing and breaks no rule: its inbox is empty (so a badge on
// it would mean something), and the lists are empty rather than null.
func TestConflictsOfTheDemo(t *testing.T) {
	e := readyDemo(t)
	in, err := e.app.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	if in.Conflicts == nil || in.Flags == nil || len(in.Conflicts)+len(in.Flags) != 0 {
		t.Errorf("demo inbox %+v, want empty lists", in)
	}
}
