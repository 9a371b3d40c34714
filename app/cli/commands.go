package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/alecthomas/kong"

	"keel/app"
	"keel/backend/ims"
)

// root declares the command line: the global flags, then one field per command. Adding a
// command is adding a field here and its struct with a Run method.
type root struct {
	Data      string `help:"The data folder (default: ~/.local/share/keel)." env:"KEEL_DATA" placeholder:"DIR"`
	Workspace string `help:"The workspace (default: the one used last, else the only one)." placeholder:"NAME"`
	Format    string `help:"Output: text or json (csv, oscal and xlsx where a command says)." default:"text" placeholder:"FORMAT"`
	Yes       bool   `help:"Confirm what removes or replaces data (workspace delete, restore)."`

	Window     windowCmd     `cmd:"" default:"withargs" hidden:"" help:"Open the Keel window."`
	Serve      serveCmd      `cmd:"" help:"Serve Keel to a browser on this machine (127.0.0.1)."`
	Demo       demoCmd       `cmd:"" help:"Create the demo workspace \"Demo\"."`
	Workspaces workspaceCmd  `cmd:"" name:"workspace" aliases:"workspaces" help:"List, create, rename or delete workspaces."`
	Identity   identityCmd   `cmd:"" aliases:"whoami" help:"Who you are on this device (every change carries it): keel identity shows it, keel identity set NAME [EMAIL [ROLE]] says it."`
	Records    recordsCmd    `cmd:"" help:"List, read and write the records of a register."`
	Catalog    catalogCmd    `cmd:"" aliases:"catalogue" help:"Browse and export the standards catalogue and crosswalk."`
	Import     importCmd     `cmd:"" help:"Import a CSV or XLSX file into a register (all or nothing)."`
	Export     exportCmd     `cmd:"" help:"Export a register as CSV or XLSX."`
	Gap        gapCmd        `cmd:"" help:"The 42001 gap analysis of the workspace."`
	Readiness  readinessCmd  `cmd:"" help:"The four certification proofs, from the same analysis as keel gap."`
	Pack       packCmd       `cmd:"" help:"Write a PDF pack: ${packKinds}."`
	Backup     backupCmd     `cmd:"" help:"Back up the workspace into its backups/ folder."`
	Restore    restoreCmd    `cmd:"" help:"Replace the workspace with a backup."`
	Rebuild    rebuildCmd    `cmd:"" help:"Rebuild records and indexes from the op log."`
	Check      checkCmd      `cmd:"" help:"Check the workspace: the op log against the records, every index and evidence file; exit 0 only when all is well."`
	Sync       syncCmd       `cmd:"" help:"Sync the workspace with your other devices through a shared folder: keel sync --folder DIR, keel sync status."`
	Bundle     bundleCmd     `cmd:"" help:"The auditor's evidence bundle: keel bundle export --out FILE.zip, keel bundle verify FILE.zip, and the auditor's response."`
	Template   templateCmd   `cmd:"" aliases:"templates" help:"A consultant's templates: keel template save NAME --from WORKSPACE --registers LIST, list, export, import, apply."`
	Version    versionCmd    `cmd:"" help:"Print the version."`
	Completion completionCmd `cmd:"" help:"Print a shell completion script: bash, zsh, fish or powershell."`
	Help       helpCmd       `cmd:"" help:"Show the commands, or one command's usage."`
}

// windowCmd is `keel` with no command: the Keel window (window.go; the headless build has none).
type windowCmd struct {
	Version kong.VersionFlag `help:"Print the version."`
}

func (windowCmd) Run(e *env) error { return runWindow(e, e.file) }

type versionCmd struct{}

func (versionCmd) Run(e *env) error {
	v := ims.VersionInfo{Version: e.deps.Version, Transport: "cli"}
	return e.print(v, func(w io.Writer) { fmt.Fprintln(w, "keel", v.Version) })
}

type helpCmd struct {
	Command []string `arg:"" optional:"" help:"The command to explain (for example: records list)."`
}

// Run prints the help kong prints for --help, which never runs a command.
func (h helpCmd) Run(e *env) error {
	_, err := e.kong.Parse(append(h.Command, "--help"))
	return usageOf(err)
}

type demoCmd struct {
	Name string `arg:"" optional:"" default:"Demo" help:"The workspace's name."`
}

func (c demoCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (ims.WorkspaceInfo, error) { return s.App().CreateWorkspace(c.Name, true) },
		func(w io.Writer, info ims.WorkspaceInfo) {
			fmt.Fprintf(w, "created demo workspace %q in %s\n", info.Name, info.Path)
		})
}

type workspaceCmd struct {
	List   wsListCmd   `cmd:"" help:"List the workspaces."`
	Create wsCreateCmd `cmd:"" help:"Create a workspace."`
	Rename wsRenameCmd `cmd:"" help:"Rename a workspace."`
	Delete wsDeleteCmd `cmd:"" help:"Delete a workspace with its records, evidence and backups."`
}

type wsListCmd struct {
	Sort   string `help:"With --format json: sort the overview by name, coverage, overdue, nonconformities, incidents, review, audit or changed." default:"name" placeholder:"KEY"`
	Desc   bool   `help:"With --format json: sort descending."`
	Filter string `help:"With --format json: only workspaces whose name or organisation contains this." placeholder:"TEXT"`
}

func (c wsListCmd) Run(e *env) error {
	if e.g.format == "json" {
		return overviewJSON(e, app.OverviewQuery{Sort: c.Sort, Desc: c.Desc, Filter: c.Filter})
	}
	return run(e, func(s *app.Session) ([]ims.WorkspaceInfo, error) { return s.App().Workspaces() }, func(w io.Writer, all []ims.WorkspaceInfo) {
		if len(all) == 0 {
			fmt.Fprintln(w, "no workspaces yet: `keel workspace create NAME` or `keel demo`")
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, ws := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", ws.Name, ws.CreatedAt, ws.Path)
		}
		tw.Flush()
	})
}

type wsCreateCmd struct {
	Name     string `arg:"" help:"The new workspace's name."`
	Template string `help:"Start it from this template (keel template list)." placeholder:"T"`
}

func (c wsCreateCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (ims.WorkspaceInfo, error) {
		if c.Template != "" {
			return s.App().CreateWorkspaceFromTemplate(c.Name, c.Template)
		}
		return app.NewWorkspace(s, c.Name)
	},
		func(w io.Writer, info ims.WorkspaceInfo) {
			fmt.Fprintf(w, "created workspace %q in %s\n", info.Name, info.Path)
		})
}

type wsRenameCmd struct {
	Name    string `arg:"" help:"The workspace's name or id."`
	NewName string `arg:"" help:"Its new name."`
}

func (c wsRenameCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (ims.WorkspaceInfo, error) {
		info, err := app.FindWorkspace(s, c.Name)
		if err != nil {
			return info, err
		}
		return s.App().RenameWorkspace(info.ID, c.NewName)
	}, func(w io.Writer, info ims.WorkspaceInfo) { fmt.Fprintf(w, "renamed to %q\n", info.Name) })
}

type wsDeleteCmd struct {
	Name string `arg:"" help:"The workspace's name or id; --yes confirms."`
}

// deletedWorkspace is what `keel workspace delete` prints: {"deleted": ID} in JSON.
type deletedWorkspace struct {
	ID   string `json:"deleted"`
	name string
}

func (c wsDeleteCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (deletedWorkspace, error) {
		info, err := app.FindWorkspace(s, c.Name)
		if err != nil {
			return deletedWorkspace{}, err
		}
		if !e.g.yes {
			return deletedWorkspace{}, usagef("deleting %q removes all its records, evidence and backups: add --yes to confirm", info.Name)
		}
		// Opening it first proves no other Keel has it open.
		if _, err := s.Open(info.ID); err != nil {
			return deletedWorkspace{}, err
		}
		return deletedWorkspace{info.ID, info.Name}, s.App().DeleteWorkspace(info.ID)
	}, func(w io.Writer, d deletedWorkspace) { fmt.Fprintf(w, "deleted workspace %q\n", d.name) })
}

type identityCmd struct {
	Set identitySetCmd `cmd:"" help:"Say who you are: name, email, role."`
}

// Run shows the identity.
func (identityCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (*ims.Actor, error) { return s.App().Identity() }, identityText)
}

func identityText(w io.Writer, a *ims.Actor) {
	if a == nil {
		fmt.Fprintln(w, "not set: keel identity set NAME EMAIL ROLE")
		return
	}
	fmt.Fprintf(w, "%s <%s> %s\n", a.Name, a.Email, a.Role)
}

type identitySetCmd struct {
	Name  string `arg:""`
	Email string `arg:"" optional:""`
	Role  string `arg:"" optional:""`
}

func (c identitySetCmd) Run(e *env) error {
	return run(e, func(s *app.Session) (*ims.Actor, error) {
		return s.App().SetIdentity(ims.Actor{Name: c.Name, Email: c.Email, Role: c.Role})
	}, identityText)
}

type backupCmd struct {
	Now    backupNowCmd    `cmd:"" default:"1" help:"Back up the workspace into its backups/ folder (what keel backup does)."`
	Verify backupVerifyCmd `cmd:"" help:"Check a backup file's checksum and contents; changes nothing."`
}

type backupNowCmd struct{}

func (backupNowCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (map[string]string, error) {
		path, err := s.App().BackupWorkspace()
		return map[string]string{"backup": path}, err
	}, func(w io.Writer, v map[string]string) { fmt.Fprintln(w, "backup written:", v["backup"]) })
}

type rebuildCmd struct{}

func (rebuildCmd) Run(e *env) error {
	return inWorkspace(e, func(s *app.Session) (map[string]int, error) {
		st, _, err := s.Current()
		if err != nil {
			return nil, err
		}
		n, err := st.Rebuild()
		return map[string]int{"ops": n}, err
	}, func(w io.Writer, v map[string]int) { fmt.Fprintf(w, "rebuilt from %d ops\n", v["ops"]) })
}

type restoreCmd struct {
	File       string `arg:"" help:"The backup file (.keel-backup); --yes confirms."`
	Unverified bool   `help:"Accept a backup written before backups had a checksum, which cannot be verified."`
}

func (c restoreCmd) Run(e *env) error {
	sess, ws := e.session("cli")
	if err := e.openDefault(sess, ws, true); err != nil {
		sess.Close()
		return err
	}
	_, info, err := sess.Current()
	if err != nil {
		sess.Close()
		return err
	}
	if !e.g.yes {
		sess.Close()
		return usagef("restoring replaces every record in %q with the backup's: add --yes to confirm", info.Name)
	}
	// Close first (the closing backup is a copy of what is replaced), then hold the
	// workspace lock from start to end of the restore.
	if err := sess.Close(); err != nil {
		return err
	}
	if err := restoreLocked(ws, info, c.File, c.Unverified); err != nil {
		return err
	}
	return e.print(map[string]string{"restored": c.File}, func(w io.Writer) { fmt.Fprintf(w, "restored %q from %s\n", info.Name, c.File) })
}

// textValue prints a field's value on one line.
func textValue(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, ", ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
