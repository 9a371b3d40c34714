package apigen

import (
	"fmt"
	"path"
	"reflect"
	"strings"
)

// nameTypes gives each declared type its TypeScript name: the Go name (after its package's
// Prefix), with the package in front where two packages use the same name or the name is a
// TypeScript global, unless Rename says otherwise.
func (g *gen) nameTypes() error {
	base := func(t reflect.Type) string {
		if p := g.opt.Prefix[path.Base(t.PkgPath())]; !strings.HasPrefix(t.Name(), p) {
			return p + t.Name()
		}
		return t.Name()
	}
	count := map[string]int{}
	for _, t := range g.seen {
		count[base(t)]++
	}
	taken := map[string]reflect.Type{}
	for _, t := range g.seen {
		pkg := path.Base(t.PkgPath())
		name := base(t)
		if r, ok := g.opt.Rename[pkg+"."+t.Name()]; ok {
			name = r
		} else if count[name] > 1 || tsGlobals[name] || ours[name] {
			name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
		}
		if other, ok := taken[name]; ok {
			return fmt.Errorf("apigen: %s and %s would both be called %s: add a Rename", other, t, name)
		}
		taken[name] = t
		g.names[t] = name
	}
	return nil
}

// TypeScript's global types, which a declaration of ours would shadow in the module.
var tsGlobals = map[string]bool{
	"Record": true, "Partial": true, "Required": true, "Readonly": true, "Pick": true, "Omit": true,
	"Map": true, "Set": true, "Error": true, "Event": true, "Date": true, "Array": true, "Object": true,
	"String": true, "Number": true, "Boolean": true, "Function": true, "Symbol": true, "Promise": true,
	"File": true, "Blob": true, "Response": true, "Request": true, "Location": true, "Node": true,
}

// The names the generated module declares besides the Go types.
var ours = map[string]bool{"Methods": true, "Method": true, "Args": true, "Result": true, "METHODS": true, "Events": true}

// Words TypeScript does not allow as parameter names.
var tsReserved = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true,
	"if": true, "import": true, "in": true, "instanceof": true, "new": true, "null": true,
	"return": true, "super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true,
	"let": true, "static": true, "yield": true, "await": true, "implements": true,
	"interface": true, "package": true, "private": true, "protected": true, "public": true,
}
