package apigen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// source is what reflection cannot tell about one package, read from its Go files (test
// files left out, build tags ignored): parameter names, doc comments and the string
// constants of each named type.
type source struct {
	consts    map[string][]string          // type name → its string constants, as declared
	typeDocs  map[string]string            // type name → doc
	fieldDocs map[string]map[string]string // type name → Go field name → doc
	methods   map[string]map[string]method // receiver type name → method name → declaration
}

type method struct {
	params []string
	doc    string
}

func parseSource(dir string) (*source, error) {
	src := &source{consts: map[string][]string{}, typeDocs: map[string]string{}, fieldDocs: map[string]map[string]string{}, methods: map[string]map[string]method{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read package %s: %w", dir, err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				src.addGenDecl(d)
			case *ast.FuncDecl:
				src.addFunc(d)
			}
		}
	}
	return src, nil
}

func (s *source) addGenDecl(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		switch sp := spec.(type) {
		case *ast.TypeSpec:
			doc := sp.Doc
			if doc == nil && len(d.Specs) == 1 {
				doc = d.Doc
			}
			s.typeDocs[sp.Name.Name] = docText(doc)
			if st, ok := sp.Type.(*ast.StructType); ok {
				fields := map[string]string{}
				for _, f := range st.Fields.List {
					text := docText(f.Doc)
					if text == "" {
						text = docText(f.Comment)
					}
					for _, n := range f.Names {
						fields[n.Name] = text
					}
				}
				s.fieldDocs[sp.Name.Name] = fields
			}
		case *ast.ValueSpec:
			typ, ok := sp.Type.(*ast.Ident)
			if d.Tok != token.CONST || !ok {
				continue
			}
			for _, v := range sp.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if str, err := strconv.Unquote(lit.Value); err == nil {
						s.consts[typ.Name] = append(s.consts[typ.Name], str)
					}
				}
			}
		}
	}
}

func (s *source) addFunc(d *ast.FuncDecl) {
	if d.Recv == nil || len(d.Recv.List) != 1 {
		return
	}
	recv := d.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	id, ok := recv.(*ast.Ident)
	if !ok {
		return
	}
	var params []string
	for _, f := range d.Type.Params.List {
		if len(f.Names) == 0 {
			params = append(params, "")
		}
		for _, n := range f.Names {
			params = append(params, n.Name)
		}
	}
	if s.methods[id.Name] == nil {
		s.methods[id.Name] = map[string]method{}
	}
	s.methods[id.Name][d.Name.Name] = method{params: params, doc: docText(d.Doc)}
}

func docText(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.TrimSpace(g.Text())
}
