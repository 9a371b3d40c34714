//go:build !headless

package main

import (
	"context"
	"errors"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"keel/app"
)

func runWindow(g globals) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display found to open the Keel window: run `keel serve` and open the printed address in a browser")
	}
	sess, ws := newSession(g, "wails")
	if err := openDefault(sess, ws, g, false); err != nil {
		sess.Log.Warn("no workspace opened at start", "err", err)
	}
	return wails.Run(&options.App{
		Title:            "Keel",
		Width:            1280,
		Height:           820,
		MinWidth:         720,
		MinHeight:        520,
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 251, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets()},
		OnStartup: func(ctx context.Context) {
			sess.AddEmitter(app.WailsEmitter{Ctx: ctx})
			sess.SetSaveDialog(app.SaveDialog(ctx))
		},
		OnShutdown: func(ctx context.Context) {
			if err := sess.Close(); err != nil {
				sess.Log.Error("close", "err", err)
			}
		},
		Bind:           []any{sess.App()},
		ErrorFormatter: app.WailsErrorFormatter(sess.Log),
	})
}
