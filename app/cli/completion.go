package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/alecthomas/kong"

	"keel/backend/ims"
)

// completionCmd is `keel completion SHELL`: a completion script generated from the same
// declarations as the parser, so it never lists a command or flag keel does not have.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish,powershell" help:"bash, zsh, fish or powershell."`
}

func (c completionCmd) Run(e *env) error {
	m := completionModel(e.kong.Model.Node)
	switch c.Shell {
	case "bash":
		writeBash(e.out, m)
	case "zsh":
		fmt.Fprint(e.out, "#compdef keel\n# zsh completion for keel: eval \"$(keel completion zsh)\", or save it as _keel in $fpath.\nautoload -U +X bashcompinit && bashcompinit\n")
		writeBash(e.out, m)
	case "fish":
		writeFish(e.out, m)
	case "powershell":
		writePowerShell(e.out, m)
	}
	return nil
}

// completion is what every script knows: per command path ("" is keel itself, "records
// list"), its subcommands and the words it takes; per flag, its values.
type completion struct {
	paths  []string
	sub    map[string][]string
	words  map[string][]string
	values map[string][]string
}

func completionModel(rootNode *kong.Node) completion {
	m := completion{sub: map[string][]string{}, words: map[string][]string{}, values: map[string][]string{
		"--format": {"text", "json", "csv", "oscal", "xlsx"},
		"--kind":   strings.Fields(strings.NewReplacer(",", " ", " or ", " ").Replace(packKindsHelp())),
	}}
	var kinds []string
	for _, k := range ims.Kinds() {
		kinds = append(kinds, k.Name)
	}
	var walk func(n *kong.Node, path string, inherited []string)
	walk = func(n *kong.Node, path string, inherited []string) {
		flags := slices.Clone(inherited)
		for _, f := range n.Flags {
			if !f.Hidden {
				flags = append(flags, "--"+f.Name)
			}
			if f.Enum != "" {
				m.values["--"+f.Name] = f.EnumSlice()
			}
		}
		var words []string
		for _, c := range n.Children {
			if c.Type != kong.CommandNode {
				continue
			}
			if c.Hidden { // the window: its flags work on keel itself
				for _, f := range c.Flags {
					words = append(words, "--"+f.Name)
				}
				continue
			}
			m.sub[path] = append(m.sub[path], c.Name)
		}
		for _, a := range n.Positional {
			if a.Name == "kind" {
				words = append(words, kinds...)
			}
			if a.Enum != "" {
				words = append(words, a.EnumSlice()...)
			}
		}
		m.paths = append(m.paths, path)
		m.words[path] = append(append(slices.Clone(m.sub[path]), words...), flags...)
		for _, c := range n.Children {
			if c.Type == kong.CommandNode && !c.Hidden {
				walk(c, strings.TrimSpace(path+" "+c.Name), flags)
			}
		}
	}
	walk(rootNode, "", nil)
	return m
}

// table is one lookup every script carries: sub, words or values.
type table struct {
	name string
	keys []string
	rows map[string][]string
}

func (m completion) tables() []table {
	return []table{{"sub", m.paths, m.sub}, {"words", m.paths, m.words}, {"values", sortedKeys(m.values), m.values}}
}

// shellTables writes each table as a shell function: head (with the table's name), one
// branch per key (key, space-separated words), tail.
func shellTables(out io.Writer, m completion, head, branch, tail string) {
	for _, t := range m.tables() {
		fmt.Fprintf(out, head, t.name)
		for _, k := range t.keys {
			if len(t.rows[k]) > 0 {
				fmt.Fprintf(out, branch, k, strings.Join(t.rows[k], " "))
			}
		}
		fmt.Fprint(out, tail)
	}
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeBash(out io.Writer, m completion) {
	fmt.Fprint(out, "# bash completion for keel: eval \"$(keel completion bash)\", or save it in ~/.local/share/bash-completion/completions/keel\n")
	shellTables(out, m, "_keel_%s() {\n  case \"$1\" in\n", "    %q) echo %q ;;\n", "  esac\n}\n")
	fmt.Fprint(out, `_keel() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="" w i values
  [ "$COMP_CWORD" -gt 1 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if [[ " $(_keel_sub "$path") " == *" $w "* ]]; then path="${path:+$path }$w"; fi
  done
  values="$(_keel_values "$prev")"
  if [ -n "$values" ]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_keel_words "$path")" -- "$cur"))
  fi
}
complete -o default -F _keel keel
`)
}

func writeFish(out io.Writer, m completion) {
	fmt.Fprint(out, "# fish completion for keel: keel completion fish > ~/.config/fish/completions/keel.fish\n")
	shellTables(out, m, "function __keel_%s\n  switch \"$argv[1]\"\n", "    case %q\n      string split ' ' %q\n", "  end\nend\n")
	fmt.Fprint(out, `function __keel_complete
  set -l tokens (commandline -opc)
  set -l path ""
  for w in $tokens[2..-1]
    if contains -- $w (__keel_sub "$path")
      set path (string trim -- "$path $w")
    end
  end
  set -l values (__keel_values "$tokens[-1]")
  if test (count $values) -gt 0
    string join \n -- $values
  else
    __keel_words "$path"
  end
end
complete -c keel -f -a '(__keel_complete)'
`)
}

func writePowerShell(out io.Writer, m completion) {
	fmt.Fprint(out, "# PowerShell completion for keel: keel completion powershell | Out-String | Invoke-Expression\n")
	fmt.Fprint(out, "Register-ArgumentCompleter -Native -CommandName keel -ScriptBlock {\n  param($wordToComplete, $commandAst, $cursorPosition)\n")
	for _, t := range m.tables() {
		fmt.Fprintf(out, "  $%s = @{\n", t.name)
		for _, k := range t.keys {
			if len(t.rows[k]) > 0 {
				fmt.Fprintf(out, "    '%s' = @('%s')\n", k, strings.Join(t.rows[k], "', '"))
			}
		}
		fmt.Fprint(out, "  }\n")
	}
	fmt.Fprint(out, `  $tokens = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $tokens.Count -gt 0) { $tokens = @($tokens | Select-Object -SkipLast 1) }
  $path = ''
  $prev = ''
  foreach ($t in $tokens) {
    if ($sub[$path] -contains $t) { $path = "$path $t".Trim() }
    $prev = $t
  }
  $candidates = if ($values.ContainsKey($prev)) { $values[$prev] } else { $words[$path] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`)
}
