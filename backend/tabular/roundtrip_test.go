package tabular_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"keel/assets"
	"keel/backend/catalog"
	"keel/backend/demo"
	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/tabular"
)

func demoStore(tb testing.TB) *store.Store {
	tb.Helper()
	std, err := catalog.Load(assets.Standards)
	if err != nil {
		tb.Fatal(err)
	}
	st := openStore(tb)
	if err := demo.Fill(ctx, st, demo.Actor, std); err != nil {
		tb.Fatal(err)
	}
	return st
}

func newest(tb testing.TB, st *store.Store) ims.Change {
	tb.Helper()
	ch, err := st.RecentChanges(ctx, 1)
	if err != nil || len(ch) != 1 {
		tb.Fatalf("recent changes: %v, %v", ch, err)
	}
	return ch[0]
}

// Every register of the demo, exported and imported unchanged, writes no op.
func TestDemoExportReimportsUnchanged(t *testing.T) {
	st := demoStore(t)
	before := newest(t, st)
	for _, k := range ims.Kinds() {
		for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
			data := export(t, st, k.Name, f)
			n, _ := st.ListRecords(ctx, ims.ListQuery{Kind: k.Name})
			res, err := tabular.Import(ctx, st, zoe, k.Name, f, bytes.NewReader(data), tabular.Options{})
			if n.Total == 0 {
				continue // an empty file: nothing to import
			}
			if err != nil {
				t.Errorf("%s %s: %v", k.Name, f, err)
				continue
			}
			if res.Created+res.Updated != 0 || res.Same != n.Total {
				t.Errorf("%s %s: created %d, updated %d, unchanged %d of %d records", k.Name, f, res.Created, res.Updated, res.Same, n.Total)
			}
		}
	}
	if after := newest(t, st); after.At != before.At || after.ID != before.ID {
		t.Errorf("the unchanged import wrote %+v", after)
	}
}

// Every register of the demo, imported together into an empty workspace, comes back as it
// was: the same records under the same ids. The registers link each other in cycles (an
// AI system links its risks and its current impact assessment, which link it back, and
// the stage gate checks them), so no file-by-file order could do it.
func TestDemoExportRecreatesEveryRegister(t *testing.T) {
	src := demoStore(t)
	for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		dst := openStore(t)
		want := map[string][]byte{}
		var files []tabular.File
		for _, k := range ims.Kinds() {
			if n, _ := src.ListRecords(ctx, ims.ListQuery{Kind: k.Name}); n.Total > 0 {
				want[k.Name] = export(t, src, k.Name, f)
				files = append(files, tabular.File{Kind: k.Name, Format: f, Data: bytes.NewReader(want[k.Name])})
			}
		}
		res, err := tabular.ImportSet(ctx, dst, zoe, files, tabular.Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, r := range res {
			if n, _ := src.ListRecords(ctx, ims.ListQuery{Kind: files[i].Kind}); r.Created != n.Total || r.Raised != 0 {
				t.Errorf("%s %s: created %d (raised %d), want %d", files[i].Kind, f, r.Created, r.Raised, n.Total)
			}
		}
		for kind, data := range want {
			if got, want := sheetRows(t, export(t, dst, kind, f), f, 0), sheetRows(t, data, f, 0); !slices.Equal(got, want) {
				t.Errorf("%s %s: re-export differs:\n%s\nwant\n%s", kind, f, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		// Read back once more, the set changes nothing.
		for i := range files {
			files[i].Data = bytes.NewReader(want[files[i].Kind])
		}
		before := newest(t, dst)
		res, err = tabular.ImportSet(ctx, dst, zoe, files, tabular.Options{})
		if err != nil {
			t.Fatalf("%s again: %v", f, err)
		}
		for i, r := range res {
			if r.Created+r.Updated != 0 {
				t.Errorf("%s %s again: %+v", files[i].Kind, f, r)
			}
		}
		if after := newest(t, dst); after.At != before.At || after.ID != before.ID {
			t.Errorf("%s: the unchanged set wrote %+v", f, after)
		}
	}
}
