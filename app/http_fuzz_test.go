package app

import (
	"reflect"
	"testing"
)

// FuzzDecodeArgs feeds the HTTP request decoder made-up bodies for every App method: it
// may refuse them, never panic, and what it accepts is exactly the method's arguments.
func FuzzDecodeArgs(f *testing.F) {
	t := reflect.TypeOf(&App{})
	for _, s := range []string{``, `[]`, `["action"]`, `["action",{"title":"A"}]`, `[1,2,3]`, `{"a":1}`,
		`[` + `[[[[[[[[[[` + `]`, `["\ud800"]`, `[null,null]`, `[{"a":[1e999]}]`} {
		f.Add(uint16(0), []byte(s))
		f.Add(uint16(t.NumMethod()/2), []byte(s))
	}
	f.Fuzz(func(tt *testing.T, which uint16, body []byte) {
		m := t.Method(int(which) % t.NumMethod())
		args, err := decodeArgs(m, m.Name, body)
		if err != nil {
			return
		}
		if len(args) != m.Type.NumIn()-1 {
			tt.Fatalf("%s: %d arguments decoded, want %d", m.Name, len(args), m.Type.NumIn()-1)
		}
		for i, a := range args {
			if a.Type() != m.Type.In(i+1) {
				tt.Fatalf("%s: argument %d is %s, want %s", m.Name, i+1, a.Type(), m.Type.In(i+1))
			}
		}
	})
}
