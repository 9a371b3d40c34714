//go:build !headless

package app

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// This file holds every Wails runtime call Keel makes; the HTTP transport has its twin in
// http.go (eventBroker).

// WailsEmitter sends events to the window.
type WailsEmitter struct{ Ctx context.Context }

// Emit sends one event to the frontend.
func (e WailsEmitter) Emit(name string, data any) { runtime.EventsEmit(e.Ctx, name, data) }

// SaveDialog is the window's native "save as" dialog: it returns the path chosen, or ""
// when the user cancels. The WebKitGTK view of Wails v2 ignores <a download>, so files
// leave the desktop app through this dialog and App.SaveFileAs.
func SaveDialog(ctx context.Context) func(defaultName string) (string, error) {
	return func(defaultName string) (string, error) {
		return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
			Title: "Save a copy", DefaultFilename: defaultName, CanCreateDirectories: true,
		})
	}
}

// OpenDialog is the window's native "open file" dialog (bundles, responses): the path
// chosen, or "" when the user cancels.
func OpenDialog(ctx context.Context) func(title, pattern string) (string, error) {
	return func(title, pattern string) (string, error) {
		return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{
			Title: title, Filters: []runtime.FileFilter{{DisplayName: pattern, Pattern: pattern}},
		})
	}
}

// Window is the running window: the Wails context once OnStartup has given it, and the
// calls the menu, the single-instance handler and the remembered geometry make.
type Window struct {
	ctx atomic.Pointer[context.Context]
}

// Start records the window's context (from OnStartup).
func (w *Window) Start(ctx context.Context) { w.ctx.Store(&ctx) }

func (w *Window) context() (context.Context, bool) {
	c := w.ctx.Load()
	if c == nil {
		return nil, false
	}
	return *c, true
}

// Send emits a WindowAction to the UI (dropped before the window has started).
func (w *Window) Send(a WindowAction) {
	if ctx, ok := w.context(); ok {
		runtime.EventsEmit(ctx, EventWindowAction, a)
	}
}

// Quit closes the window and ends the program (OnBeforeClose and OnShutdown still run).
func (w *Window) Quit() {
	if ctx, ok := w.context(); ok {
		runtime.Quit(ctx)
	}
}

// ToggleFullscreen enters or leaves full screen.
func (w *Window) ToggleFullscreen() {
	ctx, ok := w.context()
	if !ok {
		return
	}
	if runtime.WindowIsFullscreen(ctx) {
		runtime.WindowUnfullscreen(ctx)
	} else {
		runtime.WindowFullscreen(ctx)
	}
}

// CopyText puts text on the clipboard.
func (w *Window) CopyText(text string) error {
	ctx, ok := w.context()
	if !ok {
		return errors.New("the window has not started")
	}
	return runtime.ClipboardSetText(ctx, text)
}

// Focus brings the window to the front, unminimised (a second launch asked for it).
func (w *Window) Focus() {
	if ctx, ok := w.context(); ok {
		runtime.WindowUnminimise(ctx)
		runtime.WindowShow(ctx)
	}
}

// State is the window's geometry now; ok is false before the window has started. A
// maximised or full-screen window keeps the normal size it had (GTK reports the maximised
// one), so only Maximised is taken from it.
func (w *Window) State() (s WindowState, ok bool) {
	ctx, ok := w.context()
	if !ok {
		return s, false
	}
	s.Maximised = runtime.WindowIsMaximised(ctx) || runtime.WindowIsFullscreen(ctx)
	s.X, s.Y = runtime.WindowGetPosition(ctx)
	s.Width, s.Height = runtime.WindowGetSize(ctx)
	return s, true
}

// Screen is the size of the screen the window is on (0, 0 when unknown).
func (w *Window) Screen() (width, height int) {
	ctx, ok := w.context()
	if !ok {
		return 0, 0
	}
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil {
		return 0, 0
	}
	for _, s := range screens {
		if s.IsCurrent || (width == 0 && s.IsPrimary) {
			width, height = s.Size.Width, s.Size.Height
		}
	}
	return width, height
}

// Place sizes the window to s, and moves it there when position (else it stays where it
// opened), maximised if s says so.
func (w *Window) Place(s WindowState, position bool) {
	ctx, ok := w.context()
	if !ok {
		return
	}
	runtime.WindowSetSize(ctx, s.Width, s.Height)
	if position {
		runtime.WindowSetPosition(ctx, s.X, s.Y)
	}
	if s.Maximised {
		runtime.WindowMaximise(ctx)
	}
}
