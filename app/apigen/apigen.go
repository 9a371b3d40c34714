// Package apigen writes the TypeScript types of a Go service: one entry per exported method
// (its parameters and result, as both of Keel's transports carry them) and an interface per
// Go struct the methods reach, following encoding/json's rules. It reads the types by
// reflection and, from the Go files, only what reflection cannot tell: parameter names,
// doc comments, and the string constants that make a named string type a union.
package apigen

import (
	"encoding"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// Options say where the Go source is and how to name what would read badly.
type Options struct {
	// ModulePath is the module's path (go.mod's module line); ModuleRoot its directory.
	// Types of packages in the module are named and documented from their source.
	ModulePath, ModuleRoot string
	// Rename gives a TypeScript name to a Go type, by "package.Type" (e.g. "ims.Record").
	Rename map[string]string
	// Prefix goes before the name of every type of a package, by package name (e.g.
	// "review": "Review" makes review.Summary ReviewSummary), unless the name has it already.
	Prefix map[string]string
	// Events gives the payload type of each event the backend emits, by event name.
	Events map[string]reflect.Type
	// Command is how to regenerate the file, said in its header.
	Command string
}

// Generate returns the TypeScript module for the exported methods of service (a pointer to
// a struct type), declared in the package's non-test files.
func Generate(service reflect.Type, opt Options) ([]byte, error) {
	g := &gen{opt: opt, sources: map[string]*source{}, names: map[reflect.Type]string{}}
	recv := service
	if recv.Kind() == reflect.Pointer {
		recv = recv.Elem()
	}
	src, err := g.source(recv.PkgPath())
	if err != nil {
		return nil, err
	}
	if src == nil {
		return nil, fmt.Errorf("apigen: %s is not in module %s", recv.PkgPath(), opt.ModulePath)
	}
	decls := src.methods[recv.Name()]
	var methods []methodSig
	for i := 0; i < service.NumMethod(); i++ {
		m := service.Method(i)
		decl, ok := decls[m.Name]
		if !ok {
			continue // declared in a test file: not part of the shipped service
		}
		sig, err := g.method(m, decl)
		if err != nil {
			return nil, err
		}
		methods = append(methods, sig)
	}
	for name, t := range opt.Events {
		if err := g.reach(t); err != nil {
			return nil, fmt.Errorf("apigen: event %s: %w", name, err)
		}
	}
	if err := g.nameTypes(); err != nil {
		return nil, err
	}
	return g.emit(recv, methods), nil
}

type gen struct {
	opt     Options
	sources map[string]*source // by package path; nil for packages outside the module
	seen    []reflect.Type     // named types to declare, in the order reached
	names   map[reflect.Type]string
}

type methodSig struct {
	name, doc string
	params    []param
	result    reflect.Type // nil: no result
}

type param struct {
	name string
	typ  reflect.Type
}

var (
	errorType     = reflect.TypeFor[error]()
	timeType      = reflect.TypeFor[time.Time]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func (g *gen) source(pkgPath string) (*source, error) {
	if src, ok := g.sources[pkgPath]; ok {
		return src, nil
	}
	rel, ok := strings.CutPrefix(pkgPath, g.opt.ModulePath)
	if !ok || (rel != "" && rel[0] != '/') {
		g.sources[pkgPath] = nil
		return nil, nil
	}
	src, err := parseSource(filepath.Join(g.opt.ModuleRoot, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	g.sources[pkgPath] = src
	return src, nil
}

func (g *gen) method(m reflect.Method, decl method) (methodSig, error) {
	t := m.Type
	if t.IsVariadic() {
		return methodSig{}, fmt.Errorf("apigen: %s is variadic; the transports pass a fixed list of arguments", m.Name)
	}
	sig := methodSig{name: m.Name, doc: decl.doc}
	for i := 1; i < t.NumIn(); i++ { // 0 is the receiver
		name := ""
		if i-1 < len(decl.params) {
			name = decl.params[i-1]
		}
		if name == "" || name == "_" {
			name = fmt.Sprintf("arg%d", i)
		}
		if tsReserved[name] {
			name += "_"
		}
		if err := g.reach(t.In(i)); err != nil {
			return methodSig{}, fmt.Errorf("apigen: %s argument %s: %w", m.Name, name, err)
		}
		sig.params = append(sig.params, param{name, t.In(i)})
	}
	for i := 0; i < t.NumOut(); i++ {
		out := t.Out(i)
		if out == errorType {
			continue
		}
		if sig.result != nil {
			return methodSig{}, fmt.Errorf("apigen: %s returns more than one value besides an error; the transports carry one", m.Name)
		}
		if err := g.reach(out); err != nil {
			return methodSig{}, fmt.Errorf("apigen: %s result: %w", m.Name, err)
		}
		sig.result = out
	}
	return sig, nil
}

// reach records the named types t refers to, and refuses what encoding/json cannot carry.
func (g *gen) reach(t reflect.Type) error {
	if _, ok := g.names[t]; ok || g.special(t) != "" {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		if g.declared(t) {
			g.add(t)
		}
		return g.reach(t.Elem())
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			return fmt.Errorf("map key %s does not encode as JSON", t.Key())
		}
		if g.declared(t) {
			g.add(t)
		}
		return g.reach(t.Elem())
	case reflect.Struct:
		if t.Name() != "" {
			g.add(t)
		}
		for _, f := range jsonFields(t) {
			if err := g.reach(f.typ); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), f.goName, err)
			}
		}
		return nil
	case reflect.Func, reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return fmt.Errorf("%s does not encode as JSON", t)
	}
	if g.declared(t) {
		g.add(t)
	}
	return nil
}

// declared reports whether a non-struct named type gets a type alias of its own: those of
// the module do, so their names and constants show; others are written as what they are.
func (g *gen) declared(t reflect.Type) bool {
	if t.Name() == "" || t.PkgPath() == "" {
		return false
	}
	src, _ := g.source(t.PkgPath())
	return src != nil
}

func (g *gen) add(t reflect.Type) {
	if _, ok := g.names[t]; !ok {
		g.names[t] = ""
		g.seen = append(g.seen, t)
	}
}

// special is the TypeScript of a type whose JSON is not its Go shape: time.Time and other
// text marshalers are strings; any other JSON marshaler is unknown.
func (g *gen) special(t reflect.Type) string {
	switch {
	case t == timeType:
		return "string"
	case t.Kind() == reflect.Interface:
		return "unknown"
	case t.Implements(textMarshaler) && !t.Implements(jsonMarshaler):
		return "string"
	case t.Implements(jsonMarshaler):
		return "unknown"
	}
	return ""
}

type jsonField struct {
	goName, name string
	typ          reflect.Type
	optional     bool // omitempty or omitzero: may be absent
	asString     bool // the ",string" option
	owner        reflect.Type
}

// jsonFields lists a struct's fields as encoding/json writes them: exported, json:"-"
// skipped, tag names, embedded structs without a tag name flattened into their parent.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			inner := ft
			if inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				out = append(out, jsonFields(inner)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		jf := jsonField{goName: f.Name, name: name, typ: ft, owner: t}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty", "omitzero":
				jf.optional = true
			case "string":
				jf.asString = true
			}
		}
		out = append(out, jf)
	}
	return out
}

// ts is the TypeScript of a type where it is used.
func (g *gen) ts(t reflect.Type) string {
	if name := g.names[t]; name != "" {
		return name
	}
	if s := g.special(t); s != "" {
		return s
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Pointer:
		return g.ts(t.Elem()) + " | null"
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && g.special(t.Elem()) == "" {
			return "string" // base64
		}
		return wrap(g.ts(t.Elem())) + "[]"
	case reflect.Map:
		return "{ [key: string]: " + g.ts(t.Elem()) + " }"
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("{ ")
		for _, f := range jsonFields(t) {
			b.WriteString(g.property(f) + "; ")
		}
		b.WriteString("}")
		return b.String()
	}
	return "unknown"
}

// wrap brackets a union before [] is put after it.
func wrap(s string) string {
	if strings.Contains(s, " | ") {
		return "(" + s + ")"
	}
	return s
}

var ident = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func (g *gen) property(f jsonField) string {
	name := f.name
	if !ident.MatchString(name) {
		name = fmt.Sprintf("%q", name)
	}
	typ := f.typ
	if f.optional && typ.Kind() == reflect.Pointer && g.names[typ] == "" {
		typ = typ.Elem() // nil is left out rather than written as null
	}
	ts := g.ts(typ)
	if f.asString {
		ts = "string"
	}
	if f.optional {
		return name + "?: " + ts
	}
	return name + ": " + ts
}
