package apigen_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"keel/app/apigen"
	"keel/app/apigen/internal/sample"
)

var update = flag.Bool("update", false, "rewrite testdata/sample.ts")

func options(t *testing.T) apigen.Options {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return apigen.Options{
		ModulePath: "keel", ModuleRoot: root, Command: "go test ./app/apigen -update",
		Events: map[string]reflect.Type{"item:changed": reflect.TypeFor[sample.Change](), "all:gone": reflect.TypeFor[*sample.Change]()},
	}
}

func TestGenerate(t *testing.T) {
	got, err := apigen.Generate(reflect.TypeFor[*sample.Service](), options(t))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := apigen.Generate(reflect.TypeFor[*sample.Service](), options(t))
	if !bytes.Equal(got, again) {
		t.Error("two runs differ")
	}
	for _, want := range []string{
		// methods, sorted, with their parameter names (reserved words suffixed, blanks numbered)
		"export interface Methods {\n  /** Get returns one item. */\n  Get(id: string, new_: boolean): Promise<SampleItem | null>;\n" +
			"  /** List lists items by colour. */\n  List(c: Colour, arg2: number): Promise<SampleItem[]>;\n" +
			"  /** Ping has no doc on its parameters. */\n  Ping(): Promise<void>;\n" +
			"  /** Put takes an item and returns nothing. */\n  Put(item: SampleItem): Promise<void>;\n}",
		"export const METHODS: readonly Method[] = [\n  'Get',\n  'List',\n  'Ping',\n  'Put',\n];",
		"export type Colour = 'red' | 'blue';",
		"export type Tag = string;",
		// the fields, as encoding/json writes them
		"export interface SampleItem {\n  id: string;\n  /** Name is documented above the field. */\n  name: string;\n  /** documented after it */\n  note?: string;\n  \"-\": string;\n  Untagged: number;\n  count: string;\n",
		"  colour: Colour;\n  tags: Tag[];\n  byName: { [key: string]: SampleItem | null };\n  parent: SampleItem | null;\n  maybe?: Colour;\n  at: string;\n  value: unknown;\n  raw: string;\n  inline: { A: boolean; };\n  grid: number[][];\n  other: OtherItem;\n  colours: { [key: string]: Colour };\n}",
		"export interface Events {\n  'all:gone': Change | null;\n  'item:changed': Change;\n}",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("generated file lacks\n%s", want)
		}
	}
	for _, absent := range []string{"Secret", "hidden", "unexported", "Base"} {
		if strings.Contains(string(got), absent) {
			t.Errorf("generated file has %s", absent)
		}
	}
	golden := filepath.Join("testdata", "sample.ts")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (%v); run go test ./app/apigen -update and read the diff", golden, err)
	}
}

func TestGenerateNames(t *testing.T) {
	opt := options(t)
	got, err := apigen.Generate(reflect.TypeFor[*sample.Service](), opt)
	if err != nil {
		t.Fatal(err)
	}
	// Two packages' Item: each takes its package's name, unless renamed.
	if !strings.Contains(string(got), "export interface SampleItem {") || !strings.Contains(string(got), "export interface OtherItem {") {
		t.Errorf("colliding names not prefixed:\n%s", got)
	}
	opt.Rename = map[string]string{"sample.Item": "Thing"}
	if got, _ := apigen.Generate(reflect.TypeFor[*sample.Service](), opt); !strings.Contains(string(got), "Get(id: string, new_: boolean): Promise<Thing | null>;") {
		t.Errorf("rename not used:\n%s", got)
	}
	opt.Rename = map[string]string{"sample.Item": "Thing", "other.Item": "Thing"}
	if _, err := apigen.Generate(reflect.TypeFor[*sample.Service](), opt); err == nil || !strings.Contains(err.Error(), "would both be called Thing") {
		t.Errorf("two types renamed alike: err = %v", err)
	}
}

func TestGenerateRefuses(t *testing.T) {
	for _, tt := range []struct {
		service reflect.Type
		want    string
	}{
		{reflect.TypeFor[sample.Variadic](), "Many is variadic"},
		{reflect.TypeFor[sample.TwoResults](), "Both returns more than one value"},
		{reflect.TypeFor[sample.FuncField](), "Callback.Do: func() does not encode as JSON"},
	} {
		_, err := apigen.Generate(tt.service, options(t))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.service, err, tt.want)
		}
	}
}
