package catalog

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

// FuzzLoad puts a made-up file in place of one shipped catalogue: Load may refuse it,
// never panic, and what it accepts has every item findable by its reference.
func FuzzLoad(f *testing.F) {
	shipped := fstest.MapFS{}
	assets := os.DirFS("../../assets")
	for _, glob := range []string{"catalog/*.json", "crosswalk/*.json", "processes.json", "sources.json"} {
		names, _ := fs.Glob(assets, glob)
		for _, name := range names {
			data, err := fs.ReadFile(assets, name)
			if err != nil {
				f.Fatal(err)
			}
			shipped[name] = &fstest.MapFile{Data: data}
		}
	}
	const target = "catalog/uk-dp.json"
	f.Add(shipped[target].Data)
	f.Add([]byte(`{"id":"uk-dp","items":[{"id":"x","parent":"x"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range shipped {
			fsys[name] = file
		}
		fsys[target] = &fstest.MapFile{Data: data}
		s, err := Load(fsys)
		if err != nil {
			return
		}
		for _, c := range s.Catalogues {
			for _, it := range c.Items {
				if _, ok := s.Item(Ref(c.ID, it.ID)); !ok {
					t.Fatalf("accepted item %s:%s cannot be found", c.ID, it.ID)
				}
			}
		}
	})
}
