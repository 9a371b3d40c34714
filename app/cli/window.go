//go:build !headless

package cli

import (
	"context"
	"errors"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"keel/app"
)

// runWindow opens the Keel window on Wails.
func runWindow(e *env) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display found to open the Keel window: run `keel serve` and open the printed address in a browser")
	}
	sess, ws := e.session("wails")
	if err := e.openDefault(sess, ws, false); err != nil {
		sess.Log.Warn("no workspace opened at start", "err", err)
	}
	return wails.Run(&options.App{
		Title:            "Keel",
		Width:            1280,
		Height:           820,
		MinWidth:         720,
		MinHeight:        520,
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 251, A: 255},
		AssetServer:      &assetserver.Options{Assets: e.deps.Assets},
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
