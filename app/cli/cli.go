// Package cli is Keel's command line on kong: one declaration (a struct with kong tags) per
// command gives its usage, flags, --help, errors and completion, and its Run method calls the
// app services. main wires the store into it and calls Run.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"keel/app"
	"keel/backend/ims"
	"keel/backend/workspace"
)

// Deps is what the composition root (main) hands the command line.
type Deps struct {
	Version string
	Assets  fs.FS                                    // the built frontend, for the window and `keel serve`
	Icon    []byte                                   // the window's icon (build/appicon.png)
	Open    func(ws workspace.Workspaces) app.Opener // how a workspace's store is opened (StoreOpener)
	Stdout  io.Writer
	Stderr  io.Writer
	Now     func() time.Time // nil: time.Now
}

// Run runs the command line and returns the exit status: 0, 1 when a command failed, 2 for a
// usage error (the message says what was wrong and where to read the usage).
func Run(args []string, d Deps) int {
	err := execute(args, d)
	if err == nil {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintln(d.Stderr, "keel:", u.msg)
		if u.command == "" {
			fmt.Fprintln(d.Stderr, "run `keel help` for the commands")
		} else {
			fmt.Fprintf(d.Stderr, "run `keel %s --help` for its usage, `keel help` for the commands\n", u.command)
		}
		return 2
	}
	var x exitCode
	if errors.As(err, &x) {
		return int(x)
	}
	fmt.Fprintln(d.Stderr, "keel:", ims.ErrorMessageOr(err))
	return 1
}

// usageError is a command line that does not fit a command's declaration. command is the
// command's path ("records get"), "" for the whole line.
type usageError struct{ msg, command string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{msg: fmt.Sprintf(format, args...)} }

// exitCode is kong asking to stop (after --help or --version: 0).
type exitCode int

func (x exitCode) Error() string { return fmt.Sprintf("exit %d", int(x)) }

// parser builds the kong parser over the declarations in commands.go.
func parser(r *root, d Deps) (*kong.Kong, error) {
	return kong.New(r,
		kong.Name("keel"),
		kong.Description("Keel: one management system for ISO/IEC 42001, 27001 and 27701.\n\n"+
			"Without a command, keel opens the Keel window; `keel --version` prints the version.\n"+
			"The data folder is --data, else $KEEL_DATA, else ~/.local/share/keel. List values are\n"+
			"comma-separated (lens=ai,privacy). Errors go to stderr: exit status 1, 2 for a usage error."),
		kong.Writers(d.Stdout, d.Stderr),
		kong.Exit(func(code int) { panic(exitCode(code)) }),
		kong.Vars{"version": "keel " + d.Version, "packKinds": packKindsHelp()},
	)
}

func execute(args []string, d Deps) (err error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	var r root
	k, err := parser(&r, d)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			x, ok := p.(exitCode)
			if !ok {
				panic(p)
			}
			if x != 0 {
				err = x
			}
		}
	}()
	args, file := windowFile(k, args)
	ctx, err := k.Parse(args)
	if err != nil {
		return usageOf(err)
	}
	data, err := dataDir(r.Data)
	if err != nil {
		return err
	}
	e := &env{g: globals{data: data, workspace: r.Workspace, format: r.Format, yes: r.Yes}, deps: d, out: d.Stdout, kong: k, file: file}
	err = ctx.Run(e)
	var u usageError
	if errors.As(err, &u) && u.command == "" {
		u.command = commandPath(selected(ctx))
		return u
	}
	return err
}

// windowFile takes out of args the file of `keel [flags] FILE` (the window opening a bundle,
// as a file manager or a second launch starts it): the first word that is not a flag, a
// flag's value or a command, when it names an existing file. Anything else stays for kong.
func windowFile(k *kong.Kong, args []string) ([]string, string) {
	commands := map[string]bool{}
	for _, c := range k.Model.Children {
		commands[c.Name] = true
		for _, a := range c.Aliases {
			commands[a] = true
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--data" || a == "--workspace" || a == "--format":
			i++ // its value
		case strings.HasPrefix(a, "-"):
		case commands[a]:
			return args, ""
		default:
			f := fileArgument([]string{a}, ".")
			if f == "" {
				return args, ""
			}
			return append(slices.Clone(args[:i]), args[i+1:]...), f
		}
	}
	return args, ""
}

// globals are the flags every command takes, anywhere on the line.
type globals struct {
	data, workspace, format string
	yes                     bool // confirms a delete or restore
}

// env is what every command's Run receives: the globals, the wiring and where to print.
type env struct {
	g    globals
	deps Deps
	out  io.Writer
	kong *kong.Kong
	file string // the file `keel FILE` hands the window (windowFile), "" when none
}

// AfterApply checks --format once for every command.
func (r *root) AfterApply() error {
	switch r.Format {
	case "text", "json", "csv", "oscal", "xlsx":
		return nil
	}
	return usagef("--format must be text or json (csv and oscal for exports)")
}

func dataDir(flag string) (string, error) {
	if flag == "" {
		flag = defaultDataDir()
	}
	return filepath.Abs(flag)
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

// writeJSON is the one JSON writer of the command line: indented, one value.
func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// print writes v as JSON with --format json, else calls text with the output.
func (e *env) print(v any, text func(w io.Writer)) error {
	if e.g.format == "csv" || e.g.format == "oscal" {
		return usagef("--format %s is for `keel catalog export`; use text or json here", e.g.format)
	}
	if e.g.format == "json" {
		return writeJSON(e.out, v)
	}
	text(termSafe{e.out})
	return nil
}

var (
	unexpectedArg = regexp.MustCompile(`^unexpected argument (\S+)`)
	unknownFlag   = regexp.MustCompile(`^unknown flag (\S+)`)
	flagNoValue   = regexp.MustCompile(`^(--[\w-]+): (missing value|expected .*(EOL|value))`)
	missingArgs   = regexp.MustCompile(`^(?:missing positional arguments |expected ")<([\w-]+)>`)
	missingFlags  = regexp.MustCompile(`^missing flags: (--[\w-]+)`)
)

// usageOf turns kong's parse error into Keel's usage message, naming the command.
func usageOf(err error) error {
	var u usageError
	if errors.As(err, &u) {
		return u
	}
	var pe *kong.ParseError
	if !errors.As(err, &pe) || pe.Context == nil {
		return usageError{msg: err.Error()}
	}
	node := selected(pe.Context)
	path := commandPath(node)
	msg := err.Error()
	switch {
	case unexpectedArg.MatchString(msg):
		m := unexpectedArg.FindStringSubmatch(msg)
		switch {
		case path == "":
			return usageError{msg: fmt.Sprintf("unknown command %q", m[1])}
		case hasCommands(node):
			msg = fmt.Sprintf("unknown %s command %q", path, m[1])
		default:
			msg = fmt.Sprintf("unexpected %q; %s", m[1], usageLine(node))
		}
	case unknownFlag.MatchString(msg):
		msg = fmt.Sprintf("unknown option %q", unknownFlag.FindStringSubmatch(msg)[1])
	case flagNoValue.MatchString(msg):
		msg = flagNoValue.FindStringSubmatch(msg)[1] + " needs a value"
	case missingArgs.MatchString(msg):
		name := strings.ToUpper(missingArgs.FindStringSubmatch(msg)[1])
		msg = fmt.Sprintf("%s needs %s %s (%s)", path, article(name), name, usageLine(node))
	case missingFlags.MatchString(msg):
		msg = fmt.Sprintf("%s is required (%s)", missingFlags.FindStringSubmatch(msg)[1], usageLine(node))
	case strings.HasPrefix(msg, "expected one of") || hasCommands(node) && strings.HasPrefix(msg, "expected "):
		msg = fmt.Sprintf("%s needs %s", path, orList(commandNames(node)))
	}
	return usageError{msg: msg, command: path}
}

// selected is the last command the parse reached, the root when none.
func selected(ctx *kong.Context) *kong.Node {
	node := ctx.Model.Node
	for _, p := range ctx.Path {
		if p.Command != nil {
			node = p.Command
		}
	}
	return node
}

// commandPath is a command's words after "keel"; "" for the root and the window.
func commandPath(n *kong.Node) string {
	var words []string
	for ; n != nil && n.Parent != nil; n = n.Parent {
		if !n.Hidden {
			words = append([]string{n.Name}, words...)
		}
	}
	return strings.Join(words, " ")
}

func hasCommands(n *kong.Node) bool { return len(commandNames(n)) > 0 }

func commandNames(n *kong.Node) []string {
	var names []string
	for _, c := range n.Children {
		if c.Type == kong.CommandNode && !c.Hidden {
			names = append(names, c.Name)
		}
	}
	return names
}

// usageLine is a command's path and arguments: "records get KIND ID".
func usageLine(n *kong.Node) string {
	words := []string{commandPath(n)}
	for _, a := range n.Positional {
		w := strings.ToUpper(a.Name)
		if a.IsSlice() || a.IsCounter() {
			w += "..."
		}
		if !a.Required {
			w = "[" + w + "]"
		}
		words = append(words, w)
	}
	for _, f := range n.Flags {
		if f.Required {
			words = append(words, "--"+f.Name+" "+strings.ToUpper(f.FormatPlaceHolder()))
		}
	}
	return strings.Join(words, " ")
}

func article(word string) string {
	if strings.ContainsAny(word[:1], "AEIOU") {
		return "an"
	}
	return "a"
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
