//go:build !headless

package cli

import (
	"context"
	"errors"
	"os"
	goruntime "runtime"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"keel/app"
)

// runWindow opens the Keel window on Wails: the native menu (menu.go), one instance per
// data folder (a second launch focuses this window and hands it its file argument), and
// the size and place remembered per device (windowstate.go).
func runWindow(e *env, file string) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display found to open the Keel window: run `keel serve` and open the printed address in a browser")
	}
	sess, ws := e.session("wails")
	sess.WatchSync() // rounds while the workspace's sync folder changes, and on a timer
	if err := e.openDefault(sess, ws, false); err != nil {
		sess.Log.Warn("no workspace opened at start", "err", err)
	}
	win := &app.Window{}
	remember := func() {
		if s, ok := win.State(); ok {
			if err := saveWindowState(e.g.data, s); err != nil {
				sess.Log.Warn("window size not remembered", "err", err)
			}
		}
	}
	saved, restore := loadWindowState(e.g.data)
	if !restore {
		saved = app.WindowState{Width: windowWidth, Height: windowHeight}
	}
	start, _ := fitWindow(saved, 0, 0)
	startState := options.Normal
	if saved.Maximised {
		startState = options.Maximised
	}
	openFile := func(path string) {
		if path != "" {
			win.Send(app.WindowAction{Action: app.ActionOpenFile, Path: path})
		}
	}
	return wails.Run(&options.App{
		Title:            "Keel",
		Width:            start.Width,
		Height:           start.Height,
		MinWidth:         windowMinWidth,
		MinHeight:        windowMinHeight,
		WindowStartState: startState,
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 251, A: 255},
		AssetServer:      &assetserver.Options{Assets: e.deps.Assets, Handler: app.FileHandler(sess)}, // evidence files streamed
		Menu: appMenu(menuSpec{
			win:         win,
			quit:        func() { remember(); win.Quit() },
			diagnostics: func() string { return diagnostics(e.deps.Version, e.g.data, sess) },
			goos:        goruntime.GOOS,
		}),
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instanceID(e.g.data),
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				win.Focus()
				openFile(fileArgument(d.Args, d.WorkingDirectory))
			},
		},
		Linux: &linux.Options{Icon: e.deps.Icon, ProgramName: "keel"},
		OnStartup: func(ctx context.Context) {
			win.Start(ctx)
			sess.AddEmitter(app.WailsEmitter{Ctx: ctx})
			sess.SetSaveDialog(app.SaveDialog(ctx))
			sess.SetOpenDialog(app.OpenDialog(ctx))
			if restore && !saved.Maximised {
				w, h := win.Screen()
				win.Place(fitWindow(saved, w, h))
			}
		},
		OnDomReady: func(ctx context.Context) { openFile(file) },
		OnBeforeClose: func(ctx context.Context) bool {
			remember()
			return false
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
