package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"keel/reports"
)

// --help on every command prints its usage and runs nothing: no file is written, no server
// starts, whatever the command would do.
func TestHelpHasNoSideEffects(t *testing.T) {
	dir := prepared(t)
	before := tree(t, dir)
	paths := completionModel(newParser(t).Model.Node).paths
	if len(paths) < 25 {
		t.Fatalf("only %d command paths: %v", len(paths), paths)
	}
	for _, p := range paths {
		args := append(strings.Fields(p), "--help")
		start := time.Now()
		r := keel(t, dir, args...)
		words := strings.Fields("keel " + p)
		usage, _, _ := strings.Cut(r.stdout, "\n")
		if r.code != 0 || !strings.HasPrefix(usage, "Usage: keel") || !strings.Contains(usage, " "+words[len(words)-1]) || r.stderr != "" {
			t.Errorf("keel %s: exit %d, stdout %.80q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
		if time.Since(start) > 10*time.Second {
			t.Errorf("keel %s took %s: did it run the command?", strings.Join(args, " "), time.Since(start))
		}
	}
	// The same line with its arguments: --help wins over them.
	for _, args := range [][]string{{"backup", "--help"}, {"restore", "x.keel-backup", "--yes", "--help"}, {"serve", "--addr", "127.0.0.1:0", "--help"},
		{"workspace", "delete", "Fenmore Credit", "--yes", "-h"}, {"records", "create", "context_issue", "title=X", "type=internal", "--help"},
		{"pack", "--kind", "soa", "--out", filepath.Join(dir, "x.pdf"), "--help"}, {"help", "backup"}} {
		if r := keel(t, dir, args...); r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: keel ") {
			t.Errorf("keel %s: exit %d, stdout %.80q", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	if after := tree(t, dir); after != before {
		t.Errorf("--help changed the data folder:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// tree lists every file under dir with its size and time.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(path + " " + fi.ModTime().String() + " " + strconv.FormatInt(fi.Size(), 10) + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func newParser(t *testing.T) *kong.Kong {
	t.Helper()
	var r root
	k, err := parser(&r, testDeps(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestVersion(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if out := ok(t, dir, args...); !strings.HasPrefix(out, "keel ") || strings.Count(out, "\n") != 1 {
			t.Errorf("keel %v = %q", args, out)
		}
	}
	var v struct{ Version, Transport string }
	okJSON(t, dir, &v, "version")
	if v.Version == "" || v.Transport != "cli" {
		t.Errorf("version json = %+v", v)
	}
	if out, err := inProcess(t, "--data", dir, "--version"); err != nil || out != "keel 1.2.3-test\n" {
		t.Errorf("in-process --version: %q, %v", out, err)
	}
}

// keel pack --help lists every pack of the reports registry.
func TestPackHelpListsEveryPack(t *testing.T) {
	out := ok(t, t.TempDir(), "pack", "--help")
	packs := reports.Packs()
	if len(packs) < 6 {
		t.Fatalf("%d packs", len(packs))
	}
	for _, p := range packs {
		if !strings.Contains(out, string(p.Kind)) || !strings.Contains(out, p.Title) {
			t.Errorf("keel pack --help lacks %q (%s):\n%s", p.Kind, p.Title, out)
		}
	}
	if top := ok(t, t.TempDir(), "help"); !strings.Contains(top, "management-review") || !strings.Contains(top, "completion") {
		t.Errorf("keel help:\n%s", top)
	}
}

// The bash script completes commands, subcommands, flags, flag values and record kinds.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed for this test")
	}
	script := filepath.Join(t.TempDir(), "keel.bash")
	if err := os.WriteFile(script, []byte(ok(t, t.TempDir(), "completion", "bash")), 0o600); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) []string {
		t.Helper()
		line := "source " + script + "; COMP_WORDS=(keel"
		for _, w := range words {
			line += " '" + w + "'"
		}
		line += "); COMP_CWORD=" + strconv.Itoa(len(words)) + "; _keel; printf '%s\\n' \"${COMPREPLY[@]}\""
		out, err := exec.Command(bash, "-c", line).CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.Fields(string(out))
	}
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"rec"}, "records"},
		{[]string{"records", "hi"}, "history"},
		{[]string{"records", "list", "context_i"}, "context_issue"},
		{[]string{"records", "list", "context_issue", "--fil"}, "--filter"},
		{[]string{"pack", "--kind", "management"}, "management-review"},
		{[]string{"--format", "js"}, "json"},
		{[]string{"--data", "/tmp", "catalog", "ex"}, "export"},
		{[]string{"completion", "fi"}, "fish"},
		{[]string{"--vers"}, "--version"},
	} {
		if got := complete(tc.words...); len(got) != 1 || got[0] != tc.want {
			t.Errorf("complete %q = %q, want [%s]", tc.words, got, tc.want)
		}
	}
}

// Every shell's script knows every command path.
func TestCompletionScripts(t *testing.T) {
	dir := t.TempDir()
	m := completionModel(newParser(t).Model.Node)
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out := ok(t, dir, "completion", shell)
		for _, p := range m.paths {
			if p != "" && !strings.Contains(out, p) {
				t.Errorf("%s script lacks %q", shell, p)
			}
		}
		for _, w := range []string{"management-review", "--workspace", "context_issue"} {
			if !strings.Contains(out, w) {
				t.Errorf("%s script lacks %q", shell, w)
			}
		}
	}
	if r := keel(t, dir, "completion", "tcsh"); r.code != 2 {
		t.Errorf("completion tcsh: exit %d", r.code)
	}
}
