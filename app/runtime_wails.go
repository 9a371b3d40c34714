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
