// Keel: one integrated management system for ISO/IEC 42001, 27001 and 27701, on a laptop.
// main is the composition root: it wires the store, the op log and the evidence files into
// the app services (cli.StoreOpener), hands the command line the embedded frontend, and runs
// it (app/cli declares the commands).
package main

import (
	"embed"
	"io/fs"
	"os"

	"keel/app"
	"keel/app/cli"
	"keel/backend/workspace"
)

//go:embed all:frontend/dist
var frontendDist embed.FS

//go:embed build/linux/icon-256.png
var appIcon []byte // the window icon: 1024 px is too big for an X11 icon property

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// keepBackups is how many backups each workspace keeps in its backups/ folder.
const keepBackups = 10

func main() {
	assets, err := fs.Sub(frontendDist, "frontend/dist")
	if err != nil {
		panic(err)
	}
	os.Exit(cli.Run(os.Args[1:], cli.Deps{
		Version: version,
		Assets:  assets,
		Icon:    appIcon,
		Open:    func(ws workspace.Workspaces) app.Opener { return cli.StoreOpener(ws, keepBackups, 0) },
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
	}))
}
