//go:build !headless

package app

import (
	"context"

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
