// Package apigen writes the TypeScript types of a Go service: one entry per exported method
// (its parameters and result, as both of Keel's transports carry them) and an interface per
// Go struct the methods reach, following encoding/json's rules. It reads the types by
// reflection and, from the Go files, only what reflection cannot tell: parameter names,
// doc comments, and the string constants that make a named string type a union.
package apigen

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
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

func (g *gen) emit(recv reflect.Type, methods []methodSig) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by apigen from the methods of %s.%s; DO NOT EDIT.\n", path.Base(recv.PkgPath()), recv.Name())
	if g.opt.Command != "" {
		fmt.Fprintf(&b, "// Regenerate with: %s\n", g.opt.Command)
	}
	b.WriteString("//\n// A nil Go slice or map arrives as null; the services return empty ones where it matters.\n\n")

	types := slices.Clone(g.seen)
	slices.SortFunc(types, func(a, b reflect.Type) int { return strings.Compare(g.names[a], g.names[b]) })
	for _, t := range types {
		name := g.names[t]
		writeDoc(&b, "", g.typeDoc(t))
		if t.Kind() != reflect.Struct {
			fmt.Fprintf(&b, "export type %s = %s;\n\n", name, g.alias(t))
			continue
		}
		fmt.Fprintf(&b, "export interface %s {\n", name)
		for _, f := range jsonFields(t) {
			writeDoc(&b, "  ", g.fieldDoc(f))
			fmt.Fprintf(&b, "  %s;\n", g.property(f))
		}
		b.WriteString("}\n\n")
	}

	fmt.Fprintf(&b, "/** The services of %s.%s, by method name, as the transports call them. */\n", path.Base(recv.PkgPath()), recv.Name())
	b.WriteString("export interface Methods {\n")
	for _, m := range methods {
		writeDoc(&b, "  ", m.doc)
		var ps []string
		for _, p := range m.params {
			ps = append(ps, p.name+": "+g.ts(p.typ))
		}
		res := "void"
		if m.result != nil {
			res = g.ts(m.result)
		}
		fmt.Fprintf(&b, "  %s(%s): Promise<%s>;\n", m.name, strings.Join(ps, ", "), res)
	}
	b.WriteString("}\n\n")
	if len(g.opt.Events) > 0 {
		b.WriteString("/** The payload of each event the backend emits, by event name. */\n")
		b.WriteString("export interface Events {\n")
		for _, name := range slices.Sorted(maps.Keys(g.opt.Events)) {
			fmt.Fprintf(&b, "  '%s': %s;\n", name, g.ts(g.opt.Events[name]))
		}
		b.WriteString("}\n\n")
	}
	b.WriteString("export type Method = keyof Methods;\n")
	b.WriteString("export type Args<M extends Method> = Parameters<Methods[M]>;\n")
	b.WriteString("export type Result<M extends Method> = Awaited<ReturnType<Methods[M]>>;\n\n")
	b.WriteString("/** Every method name, sorted. */\n")
	b.WriteString("export const METHODS: readonly Method[] = [\n")
	for _, m := range methods {
		fmt.Fprintf(&b, "  '%s',\n", m.name)
	}
	b.WriteString("];\n")
	return b.Bytes()
}

// alias is the right-hand side of a named non-struct type: a union of its string
// constants when it has some, else what it is.
func (g *gen) alias(t reflect.Type) string {
	if t.Kind() == reflect.String {
		if src, _ := g.source(t.PkgPath()); src != nil && len(src.consts[t.Name()]) > 0 {
			var vs []string
			for _, c := range src.consts[t.Name()] {
				q, _ := json.Marshal(c)
				vs = append(vs, "'"+strings.ReplaceAll(strings.Trim(string(q), `"`), "'", `\'`)+"'")
			}
			return strings.Join(slices.Compact(vs), " | ")
		}
	}
	return g.ts(underlying(t))
}

// underlying is t's shape without its name (reflection keeps the name on a named type).
func underlying(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.String:
		return reflect.TypeFor[string]()
	case reflect.Bool:
		return reflect.TypeFor[bool]()
	case reflect.Float64, reflect.Float32:
		return reflect.TypeFor[float64]()
	case reflect.Slice:
		return reflect.SliceOf(t.Elem())
	case reflect.Map:
		return reflect.MapOf(t.Key(), t.Elem())
	case reflect.Pointer:
		return reflect.PointerTo(t.Elem())
	case reflect.Array:
		return reflect.ArrayOf(t.Len(), t.Elem())
	}
	return reflect.TypeFor[int]() // the integer kinds
}

func (g *gen) typeDoc(t reflect.Type) string {
	if src, _ := g.source(t.PkgPath()); src != nil {
		return src.typeDocs[t.Name()]
	}
	return ""
}

func (g *gen) fieldDoc(f jsonField) string {
	if src, _ := g.source(f.owner.PkgPath()); src != nil {
		return src.fieldDocs[f.owner.Name()][f.goName]
	}
	return ""
}

func writeDoc(b *bytes.Buffer, indent, doc string) {
	if doc == "" {
		return
	}
	doc = strings.ReplaceAll(doc, "*/", "*\\/")
	lines := strings.Split(doc, "\n")
	if len(lines) == 1 {
		fmt.Fprintf(b, "%s/** %s */\n", indent, doc)
		return
	}
	fmt.Fprintf(b, "%s/**\n", indent)
	for _, l := range lines {
		fmt.Fprintf(b, "%s * %s\n", indent, strings.TrimRight(l, " "))
	}
	fmt.Fprintf(b, "%s */\n", indent)
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
