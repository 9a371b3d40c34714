//go:build !headless

package cli

import (
	"fmt"
	goruntime "runtime"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"

	"keel/app"
)

// windowControl is what the menu asks of the running window (*app.Window; a fake in tests).
type windowControl interface {
	Send(a app.WindowAction)
	ToggleFullscreen()
	CopyText(text string) error
}

// menuSpec is the native menu's inputs: the window, how to quit (remembering the window
// first), the diagnostics to copy, and the platform (runtime.GOOS) for its conventions.
type menuSpec struct {
	win         windowControl
	quit        func()
	diagnostics func() string
	goos        string
}

// appMenu is Keel's application menu: File, Edit (Wails' role on macOS, without which copy
// and paste break there; Keel's own items elsewhere), View and Help. Items that act in the UI send one window:action event.
func appMenu(s menuSpec) *menu.Menu {
	send := func(action string) menu.Callback {
		return func(*menu.CallbackData) { s.win.Send(app.WindowAction{Action: action}) }
	}
	mac := s.goos == "darwin"
	m := menu.NewMenu()
	if mac {
		m.Append(menu.AppMenu())
	}

	file := m.AddSubmenu("File")
	file.AddText("New workspace…", keys.CmdOrCtrl("n"), send(app.ActionNewWorkspace))
	file.AddText("Switch workspace…", keys.CmdOrCtrl("o"), send(app.ActionSwitchWorkspace))
	file.AddText("Open bundle…", keys.Combo("o", keys.CmdOrCtrlKey, keys.ShiftKey), send(app.ActionOpenBundle))
	file.AddSeparator()
	file.AddText("Import…", keys.CmdOrCtrl("i"), send(app.ActionImport))
	file.AddText("Export…", keys.CmdOrCtrl("e"), send(app.ActionExport))
	file.AddText("Back up workspace", keys.Combo("b", keys.CmdOrCtrlKey, keys.ShiftKey), send(app.ActionBackup))
	if !mac { // macOS quits from the app menu
		file.AddSeparator()
		file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { s.quit() })
	}

	if mac {
		m.Append(menu.EditMenu())
	} else {
		// Wails draws its edit role only on macOS. These items have no accelerators: the
		// webview's own Ctrl+Z, Ctrl+C… keep working, which a menu accelerator would take.
		edit := m.AddSubmenu("Edit")
		edit.AddText("Undo", nil, send(app.ActionUndo))
		edit.AddText("Redo", nil, send(app.ActionRedo))
		edit.AddSeparator()
		edit.AddText("Cut", nil, send(app.ActionCut))
		edit.AddText("Copy", nil, send(app.ActionCopy))
		edit.AddText("Paste", nil, send(app.ActionPaste))
		edit.AddSeparator()
		edit.AddText("Select all", nil, send(app.ActionSelectAll))
	}

	view := m.AddSubmenu("View")
	view.AddText("Light or dark theme", keys.Combo("l", keys.CmdOrCtrlKey, keys.ShiftKey), send(app.ActionToggleTheme))
	view.AddSeparator()
	view.AddText("Zoom in", keys.CmdOrCtrl("="), send(app.ActionZoomIn))
	view.AddText("Zoom out", keys.CmdOrCtrl("-"), send(app.ActionZoomOut))
	view.AddText("Actual size", keys.CmdOrCtrl("0"), send(app.ActionZoomReset))
	view.AddSeparator()
	full := keys.Key("f11")
	if mac {
		full = keys.Combo("f", keys.CmdOrCtrlKey, keys.ControlKey)
	}
	view.AddText("Full screen", full, func(*menu.CallbackData) { s.win.ToggleFullscreen() })

	help := m.AddSubmenu("Help")
	docs := keys.Key("f1")
	if mac {
		docs = keys.Combo("/", keys.CmdOrCtrlKey, keys.ShiftKey) // Cmd-?
	}
	help.AddText("Documentation", docs, send(app.ActionDocumentation))
	help.AddText("Keyboard shortcuts", keys.CmdOrCtrl("/"), send(app.ActionShortcuts))
	help.AddText("Copy diagnostics", nil, func(*menu.CallbackData) {
		if err := s.win.CopyText(s.diagnostics()); err == nil {
			s.win.Send(app.WindowAction{Action: app.ActionDiagnostics})
		}
	})
	help.AddSeparator()
	help.AddText("About Keel", nil, send(app.ActionAbout))
	return m
}

// diagnostics is what Help › Copy diagnostics puts on the clipboard for a support request:
// no record content, only the program, the platform and where the data is.
func diagnostics(version, data string, sess *app.Session) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Keel %s\n", version)
	fmt.Fprintf(&b, "platform: %s/%s, %s\n", goruntime.GOOS, goruntime.GOARCH, goruntime.Version())
	fmt.Fprintf(&b, "data folder: %s\n", data)
	if _, ws, err := sess.Current(); err == nil {
		fmt.Fprintf(&b, "workspace: %s (%s)\n", ws.Name, ws.ID)
	} else {
		fmt.Fprintf(&b, "workspace: none open\n")
	}
	return b.String()
}
