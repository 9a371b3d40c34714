//go:build !headless

package cli

import (
	"errors"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"

	"keel/app"
)

type fakeWindow struct {
	sent       []app.WindowAction
	fullscreen int
	copied     string
	copyErr    error
}

func (f *fakeWindow) Send(a app.WindowAction)    { f.sent = append(f.sent, a) }
func (f *fakeWindow) ToggleFullscreen()          { f.fullscreen++ }
func (f *fakeWindow) CopyText(text string) error { f.copied = text; return f.copyErr }

// item finds a menu item by its submenu and label.
func item(t *testing.T, m *menu.Menu, sub, label string) *menu.MenuItem {
	t.Helper()
	for _, top := range m.Items {
		if top.Label != sub || top.SubMenu == nil {
			continue
		}
		for _, it := range top.SubMenu.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s › %s", sub, label)
	return nil
}

func TestAppMenu(t *testing.T) {
	win := &fakeWindow{}
	quits := 0
	m := appMenu(menuSpec{win: win, quit: func() { quits++ }, diagnostics: func() string { return "Keel 1.2.3" }, goos: "linux"})
	var tops []string
	for _, it := range m.Items {
		tops = append(tops, it.Label)
	}
	if got := len(tops); got != 4 || tops[0] != "File" || tops[1] != "Edit" || tops[2] != "View" || tops[3] != "Help" {
		t.Fatalf("top menus %q, want File, Edit, View, Help", tops)
	}
	for _, c := range []struct{ sub, label, action string }{
		{"File", "New workspace…", app.ActionNewWorkspace},
		{"File", "Switch workspace…", app.ActionSwitchWorkspace},
		{"File", "Open bundle…", app.ActionOpenBundle},
		{"File", "Import…", app.ActionImport},
		{"File", "Export…", app.ActionExport},
		{"File", "Back up workspace", app.ActionBackup},
		{"Edit", "Undo", app.ActionUndo},
		{"Edit", "Redo", app.ActionRedo},
		{"Edit", "Cut", app.ActionCut},
		{"Edit", "Copy", app.ActionCopy},
		{"Edit", "Paste", app.ActionPaste},
		{"Edit", "Select all", app.ActionSelectAll},
		{"View", "Light or dark theme", app.ActionToggleTheme},
		{"View", "Zoom in", app.ActionZoomIn},
		{"View", "Zoom out", app.ActionZoomOut},
		{"View", "Actual size", app.ActionZoomReset},
		{"Help", "Documentation", app.ActionDocumentation},
		{"Help", "Keyboard shortcuts", app.ActionShortcuts},
		{"Help", "About Keel", app.ActionAbout},
	} {
		win.sent = nil
		item(t, m, c.sub, c.label).Click(nil)
		if len(win.sent) != 1 || win.sent[0].Action != c.action {
			t.Errorf("%s › %s sent %v, want one %q", c.sub, c.label, win.sent, c.action)
		}
	}
	if a := item(t, m, "File", "New workspace…").Accelerator; a == nil || a.Key != "n" || a.Modifiers[0] != keys.CmdOrCtrlKey {
		t.Errorf("New workspace accelerator %+v, want CmdOrCtrl+N", a)
	}
	item(t, m, "File", "Quit").Click(nil)
	item(t, m, "View", "Full screen").Click(nil)
	if quits != 1 || win.fullscreen != 1 {
		t.Errorf("quit %d, full screen %d; want 1 each", quits, win.fullscreen)
	}
	win.sent = nil
	item(t, m, "Help", "Copy diagnostics").Click(nil)
	if win.copied != "Keel 1.2.3" || len(win.sent) != 1 || win.sent[0].Action != app.ActionDiagnostics {
		t.Errorf("copy diagnostics: copied %q, sent %v", win.copied, win.sent)
	}
	win.sent, win.copyErr = nil, errors.New("no clipboard")
	item(t, m, "Help", "Copy diagnostics").Click(nil)
	if len(win.sent) != 0 {
		t.Error("a failed copy must not say it copied")
	}

	mac := appMenu(menuSpec{win: win, quit: func() {}, diagnostics: func() string { return "" }, goos: "darwin"})
	if mac.Items[0].Role != menu.AppMenuRole || mac.Items[2].Role != menu.EditMenuRole {
		t.Error("on macOS the app menu comes first (it holds Quit), then File and Wails' edit menu (copy and paste)")
	}
	if a := item(t, mac, "View", "Full screen").Accelerator; a.Key != "f" {
		t.Errorf("macOS full screen is Ctrl-Cmd-F, got %+v", a)
	}
}
