// Keel: one integrated management system for ISO/IEC 42001, 27001 and 27701, on a laptop.
// main is the composition root: it parses the command line, opens the workspace, wires the
// implementation packages into the app services, and runs the window, the server or a
// command.
package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"keel/app"
	"keel/backend/evidence"
	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	"keel/backend/workspace"
)

//go:embed all:frontend/dist
var frontendDist embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	if err := run(os.Args[1:]); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "keel:", err)
			fmt.Fprintln(os.Stderr, "run `keel help` for the commands")
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "keel:", ims.ErrorMessageOr(err))
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// globals are the flags every command takes, anywhere on the line.
type globals struct {
	data      string
	workspace string
	format    string
	addr      string
	yes       bool
	rest      []string
}

func parseGlobals(args []string) (globals, error) {
	g := globals{data: os.Getenv("KEEL_DATA"), format: "text"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "--") {
			g.rest = append(g.rest, a)
			continue
		}
		target := map[string]*string{"data": &g.data, "workspace": &g.workspace, "format": &g.format, "addr": &g.addr}[name]
		if name == "yes" {
			g.yes = true
			continue
		}
		if target == nil {
			g.rest = append(g.rest, a) // a command's own flag
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return g, usagef("--%s needs a value", name)
			}
			i++
			val = args[i]
		}
		*target = val
	}
	switch g.format {
	case "text", "json", "csv", "oscal", "xlsx":
	default:
		return g, usagef("--format must be text or json (csv and oscal for exports)")
	}
	if g.data == "" {
		g.data = defaultDataDir()
	}
	abs, err := filepath.Abs(g.data)
	if err != nil {
		return g, err
	}
	g.data = abs
	return g, nil
}

// defaultDataDir follows the platform's convention for application data.
func defaultDataDir() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "keel")
	}
	if dir, err := os.UserConfigDir(); err == nil && os.Getenv("HOME") == "" {
		return filepath.Join(dir, "Keel")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".local", "share", "keel")
}

func logger() *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("KEEL_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// newSession wires the store and op log into the app services.
func newSession(g globals, transport string) (*app.Session, workspace.Workspaces) {
	ws := workspace.Workspaces{Root: g.data}
	open := func(info ims.WorkspaceInfo, onChange func(ims.RecordChange)) (app.WorkspaceStore, error) {
		st, err := store.Open(ws.DBDir(info.ID), oplog.NewEngine(), store.Options{
			OnChange: onChange, BackupDir: ws.BackupDir(info.ID), KeepBackups: 10, Rules: app.StoreRules()})
		if errors.Is(err, store.ErrLocked) {
			return nil, ims.Errorf(ims.ECONFLICT, "workspace %q is open in another Keel (a window, `keel serve` or a command): close it there first", info.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("open workspace %q: %w", info.Name, err)
		}
		return openWorkspace{st, evidence.New(filepath.Join(info.Path, "blobs"), 0)}, nil
	}
	return app.NewSession(version, transport, ws, open, logger()), ws
}

// openDefault opens --workspace, else the one used last, else the only one there is.
func openDefault(sess *app.Session, ws workspace.Workspaces, g globals, required bool) error {
	if g.workspace != "" {
		_, err := sess.OpenByName(g.workspace)
		return err
	}
	if last := ws.Last(); last != "" {
		if _, err := ws.Get(last); err == nil {
			_, err = sess.Open(last)
			return err
		}
	}
	all, err := ws.List()
	if err != nil {
		return err
	}
	switch {
	case len(all) == 1:
		_, err = sess.Open(all[0].ID)
		return err
	case !required:
		return nil
	case len(all) == 0:
		return ims.Errorf(ims.ENOTFOUND, "there are no workspaces yet: `keel workspace create NAME` or `keel demo`")
	}
	names := make([]string, len(all))
	for i, w := range all {
		names[i] = w.Name
	}
	return ims.Errorf(ims.EINVALID, "choose a workspace with --workspace NAME (there are: %s)", strings.Join(names, ", "))
}

func assets() fs.FS {
	sub, err := fs.Sub(frontendDist, "frontend/dist")
	if err != nil {
		panic(err)
	}
	return sub
}

func run(args []string) error {
	g, err := parseGlobals(args)
	if err != nil {
		return err
	}
	if len(g.rest) == 0 {
		return runWindow(g)
	}
	cmd, rest := g.rest[0], g.rest[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Print(helpText)
		return nil
	case "version":
		return printOut(g, ims.VersionInfo{Version: version, Transport: "cli"}, func() { fmt.Println("keel", version) })
	case "serve":
		return runServe(g)
	case "demo":
		return runDemo(g, rest)
	case "workspace", "workspaces":
		return runWorkspace(g, rest)
	case "records":
		return runRecords(g, rest)
	case "catalog", "catalogue":
		return runCatalog(g, rest)
	case "import":
		return runImport(g, rest)
	case "export":
		return runExport(g, rest)
	case "gap":
		return runGap(g, rest)
	case "pack":
		return runPack(g, rest)
	case "identity", "whoami":
		return runIdentity(g, rest)
	case "backup", "restore", "rebuild":
		return runMaintenance(g, cmd, rest)
	}
	return usagef("unknown command %q", cmd)
}

const helpText = `Keel: one management system for ISO/IEC 42001, 27001 and 27701.

Usage: keel [--data DIR] [--workspace NAME] [--format text|json] [COMMAND]

  keel                          open the Keel window
  keel serve [--addr HOST:PORT] serve Keel to a browser on this machine (127.0.0.1)
  keel demo                     create the demo workspace "Demo"
  keel workspace list | create NAME | rename NAME NEW | delete NAME --yes
  keel identity [set NAME [EMAIL [ROLE]]]   who you are on this device (every change carries it)
  keel records kinds
  keel records list KIND [--search TEXT] [--filter FIELD=VALUE]... [--deleted]
  keel records get KIND ID
  keel records create KIND FIELD=VALUE...
  keel records update KIND ID FIELD=VALUE...
  keel records delete KIND ID | restore KIND ID | history KIND ID
  keel catalog list | show CATALOGUE ID | export --format json|csv|oscal
  keel import KIND FILE         import a CSV or XLSX file into a register (all or nothing)
  keel export KIND [--format csv|xlsx] [--out FILE]
  keel gap [--format text|json|csv]   the 42001 gap analysis of the workspace
  keel pack --kind soa|gap [--out FILE.pdf] [--from YYYY-MM-DD --to YYYY-MM-DD]   a PDF pack
  keel backup                   back up the workspace into its backups/ folder
  keel restore FILE --yes       replace the workspace with a backup
  keel rebuild                  rebuild records and indexes from the op log
  keel version

The data folder is --data, else $KEEL_DATA, else ~/.local/share/keel.
List values are comma-separated (lens=ai,privacy). Errors go to stderr, exit status 1.
`

// openWorkspace is one open workspace as the app sees it: the store's records plus the
// evidence files kept beside it.
type openWorkspace struct {
	*store.Store
	evidence *evidence.Store
}

// Evidence returns the workspace's content-addressed evidence files.
func (w openWorkspace) Evidence() ims.EvidenceService { return w.evidence }
