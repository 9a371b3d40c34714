package store_test

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
)

// modelRecord is what a record should look like, kept by the property test beside the store.
type modelRecord struct {
	kind      string
	fields    map[string]any      // non-links fields, canonical values
	links     map[string][]string // links fields, in the order first linked
	conflicts map[string][]any    // fields with two heads: their values, oldest clock first
	deleted   bool
}

func (m *modelRecord) expected() map[string]any {
	out := map[string]any{}
	for k, v := range m.fields {
		out[k] = v
	}
	for k, v := range m.links {
		if len(v) > 0 {
			out[k] = slices.Clone(v)
		}
	}
	return out
}

type model struct {
	records map[string]*modelRecord
	order   []string // ids in creation order, so draws are reproducible
}

func (m *model) ids(kind string, deleted bool) []string {
	var out []string
	for _, id := range m.order {
		if r := m.records[id]; r.kind == kind && r.deleted == deleted {
			out = append(out, id)
		}
	}
	return out
}

var words = []string{"risk", "Zoë", "Łódź", "FCA", "model", "bias", "data", "Ärger", "cloud", "søknad", "crédit", "42001"}

func textGen(sep string) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		ws := rapid.SliceOfN(rapid.SampledFrom(words), 1, 4).Draw(t, "words")
		return strings.Join(ws, sep)
	})
}

// valueGen draws a valid, canonical (already normalised) value for a field.
func valueGen(f ims.Field) *rapid.Generator[any] {
	switch f.Type {
	case ims.TypeText, ims.TypePerson:
		return rapid.Map(textGen(" "), func(s string) any { return s })
	case ims.TypeLongText:
		return rapid.Map(textGen("\n"), func(s string) any { return s })
	case ims.TypeEnum:
		return rapid.Map(rapid.SampledFrom(f.Options), func(s string) any { return s })
	case ims.TypeMultiEnum:
		return rapid.Custom(func(t *rapid.T) any {
			var out []string
			for _, o := range f.Options {
				if rapid.Bool().Draw(t, o) {
					out = append(out, o)
				}
			}
			if len(out) == 0 {
				out = []string{f.Options[rapid.IntRange(0, len(f.Options)-1).Draw(t, "one")]}
			}
			return out
		})
	case ims.TypeDate:
		return rapid.Custom(func(t *rapid.T) any {
			return fmt.Sprintf("%04d-%02d-%02d", rapid.IntRange(2020, 2030).Draw(t, "y"),
				rapid.IntRange(1, 12).Draw(t, "m"), rapid.IntRange(1, 28).Draw(t, "d"))
		})
	case ims.TypeNumber:
		return rapid.Map(rapid.IntRange(-2000, 2000), func(n int) any { return float64(n) / 2 })
	case ims.TypeBool:
		return rapid.Map(rapid.Bool(), func(b bool) any { return b })
	case ims.TypeDateTime:
		return rapid.Custom(func(t *rapid.T) any {
			return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:00Z", rapid.IntRange(2020, 2030).Draw(t, "y"),
				rapid.IntRange(1, 12).Draw(t, "m"), rapid.IntRange(1, 28).Draw(t, "d"),
				rapid.IntRange(0, 23).Draw(t, "h"), rapid.IntRange(0, 59).Draw(t, "min"))
		})
	case ims.TypeAttachments:
		// One or two evidence references with distinct hashes, as the app stores them.
		return rapid.Custom(func(t *rapid.T) any {
			n := rapid.IntRange(1, 2).Draw(t, "files")
			out := make([]string, n)
			for i := range out {
				hash := fmt.Sprintf("%064x", rapid.Uint64().Draw(t, "hash")*2+uint64(i))
				out[i] = ims.AttachmentRef(hash, rapid.SampledFrom([]string{"policy.pdf", "Łódź minutes.docx", "log.csv"}).Draw(t, "name"))
			}
			return out
		})
	}
	panic("no generator for " + string(f.Type))
}

type propRun struct {
	t   *rapid.T
	s   *store.Store
	m   *model
	dir string
}

func (p *propRun) kind() *ims.Kind {
	k, _ := ims.KindByName(rapid.SampledFrom([]string{"context_issue", "interested_party", "scope_statement"}).Draw(p.t, "kind"))
	return k
}

func (p *propRun) pick(ids []string, label string) string {
	return ids[rapid.IntRange(0, len(ids)-1).Draw(p.t, label)]
}

// drawLinks draws a subset of the live records a links field may point at.
func (p *propRun) drawLinks(f ims.Field, label string) []string {
	var out []string
	for _, id := range p.m.ids(f.LinkKind, false) {
		if rapid.Bool().Draw(p.t, label) {
			out = append(out, id)
		}
	}
	return out
}

func (p *propRun) create() {
	k := p.kind()
	fields := map[string]any{}
	mr := &modelRecord{kind: k.Name, fields: map[string]any{}, links: map[string][]string{}}
	for _, f := range k.Fields {
		if !f.Required && !rapid.Bool().Draw(p.t, "set "+f.Name) {
			continue
		}
		if f.Type == ims.TypeLinks {
			ls := p.drawLinks(f, f.Name)
			fields[f.Name] = ls
			mr.links[f.Name] = ls
			continue
		}
		v := valueGen(f).Draw(p.t, f.Name)
		fields[f.Name] = v
		mr.fields[f.Name] = v
	}
	r, err := p.s.CreateRecord(ctx, ada, k.Name, fields)
	if err != nil {
		p.t.Fatalf("create %s %v: %v", k.Name, fields, err)
	}
	p.m.records[r.ID] = mr
	p.m.order = append(p.m.order, r.ID)
	p.check(r.ID)
}

// edit changes one field of a live record to a new value (or clears it), returning what
// it chose, or false when there is nothing to edit.
func (p *propRun) edit(undoable bool) (id, field string, ok bool) {
	k := p.kind()
	live := p.m.ids(k.Name, false)
	if len(live) == 0 {
		return "", "", false
	}
	id = p.pick(live, "record")
	mr := p.m.records[id]
	var candidates []ims.Field
	for _, f := range k.Fields {
		if undoable && (f.Type == ims.TypeLinks || mr.conflicts[f.Name] != nil) {
			continue
		}
		candidates = append(candidates, f)
	}
	f := rapid.SampledFrom(candidates).Draw(p.t, "field")
	var v any
	if f.Type == ims.TypeLinks {
		// A links field takes the full new list: keep some present targets, add live ones.
		var want []string
		for _, t := range mr.links[f.Name] {
			if rapid.Bool().Draw(p.t, "keep") {
				want = append(want, t)
			}
		}
		for _, t := range p.drawLinks(f, "add") {
			if !slices.Contains(want, t) {
				want = append(want, t)
			}
		}
		var next []string
		for _, t := range mr.links[f.Name] {
			if slices.Contains(want, t) {
				next = append(next, t)
			}
		}
		for _, t := range want {
			if !slices.Contains(next, t) {
				next = append(next, t)
			}
		}
		v = want
		mr.links[f.Name] = next
	} else {
		clear := !f.Required && rapid.Bool().Draw(p.t, "clear")
		if !clear {
			current, has := mr.fields[f.Name]
			v = valueGen(f).Filter(func(x any) bool {
				return !undoable || !has || !reflect.DeepEqual(x, current)
			}).Draw(p.t, "value")
		}
		if undoable && v == nil && mr.fields[f.Name] == nil {
			return "", "", false // clearing an empty field writes nothing to undo
		}
		if v == nil {
			delete(mr.fields, f.Name)
		} else {
			mr.fields[f.Name] = v
		}
		delete(mr.conflicts, f.Name) // an edit observes every head
	}
	who := rapid.SampledFrom([]ims.Actor{ada, bob}).Draw(p.t, "who")
	if _, err := p.s.UpdateRecord(ctx, who, k.Name, id, map[string]any{f.Name: v}); err != nil {
		p.t.Fatalf("update %s %s %s=%#v: %v", k.Name, id, f.Name, v, err)
	}
	p.check(id)
	return id, f.Name, true
}

// undo edits a field, then puts back the value it had before, taken from History.
func (p *propRun) undo() {
	id, field, ok := p.edit(true)
	if !ok {
		return
	}
	mr := p.m.records[id]
	h, err := p.s.History(ctx, mr.kind, id)
	if err != nil {
		p.t.Fatal(err)
	}
	var sets []ims.HistoryEntry
	for _, e := range h {
		if e.Type == ims.OpSet && e.Field == field {
			sets = append(sets, e)
		}
	}
	if len(sets) == 0 {
		p.t.Fatalf("history of %s has no set of %s after editing it: %+v", id, field, h)
	}
	if last := sets[len(sets)-1].Value; !reflect.DeepEqual(last, mr.fields[field]) {
		p.t.Fatalf("the newest history entry for %s is %#v, the edit set %#v", field, last, mr.fields[field])
	}
	var previous any
	if len(sets) > 1 {
		previous = sets[len(sets)-2].Value
	}
	r, err := p.s.UpdateRecord(ctx, ada, mr.kind, id, map[string]any{field: previous})
	if err != nil {
		p.t.Fatalf("undo %s of %s to %#v: %v", field, id, previous, err)
	}
	if got := r.Fields[field]; !reflect.DeepEqual(got, previous) {
		p.t.Fatalf("undo of %s: field is %#v, want the previous value %#v", field, got, previous)
	}
	if previous == nil {
		delete(mr.fields, field)
	} else {
		mr.fields[field] = previous
	}
	p.check(id)
}

func (p *propRun) link(add bool) {
	k := p.kind()
	var linksFields []ims.Field
	for _, f := range k.Fields {
		if f.Type == ims.TypeLinks {
			linksFields = append(linksFields, f)
		}
	}
	live := p.m.ids(k.Name, false)
	if len(linksFields) == 0 || len(live) == 0 {
		return
	}
	id := p.pick(live, "record")
	f := rapid.SampledFrom(linksFields).Draw(p.t, "field")
	mr := p.m.records[id]
	var target string
	if add {
		var free []string
		for _, t := range p.m.ids(f.LinkKind, false) {
			if !slices.Contains(mr.links[f.Name], t) {
				free = append(free, t)
			}
		}
		if len(free) == 0 {
			return
		}
		target = p.pick(free, "target")
		if _, err := p.s.AddLink(ctx, bob, k.Name, id, f.Name, target); err != nil {
			p.t.Fatalf("link %s.%s -> %s: %v", id, f.Name, target, err)
		}
		mr.links[f.Name] = append(mr.links[f.Name], target)
	} else {
		if len(mr.links[f.Name]) == 0 {
			return
		}
		target = p.pick(mr.links[f.Name], "target")
		if _, err := p.s.RemoveLink(ctx, bob, k.Name, id, f.Name, target); err != nil {
			p.t.Fatalf("unlink %s.%s -> %s: %v", id, f.Name, target, err)
		}
		mr.links[f.Name] = slices.DeleteFunc(mr.links[f.Name], func(s string) bool { return s == target })
	}
	p.check(id)
}

func (p *propRun) deleteOrRestore(restore bool) {
	k := p.kind()
	ids := p.m.ids(k.Name, restore)
	if len(ids) == 0 {
		return
	}
	id := p.pick(ids, "record")
	var err error
	if restore {
		_, err = p.s.RestoreRecord(ctx, ada, k.Name, id)
	} else {
		err = p.s.DeleteRecord(ctx, ada, k.Name, id)
	}
	if err != nil {
		p.t.Fatalf("delete/restore %s: %v", id, err)
	}
	p.m.records[id].deleted = !restore
	p.check(id)
}

// concurrent writes two ops to one field as two replicas would: both saw the same heads.
func (p *propRun) concurrent() {
	k := p.kind()
	live := p.m.ids(k.Name, false)
	if len(live) == 0 {
		return
	}
	id := p.pick(live, "record")
	var plain []ims.Field
	for _, f := range k.Fields {
		if f.Type != ims.TypeLinks {
			plain = append(plain, f)
		}
	}
	f := rapid.SampledFrom(plain).Draw(p.t, "field")
	st, err := p.s.Materialised()
	if err != nil {
		p.t.Fatal(err)
	}
	pred := st[id].HeadIDs(f.Name)
	var vals []any
	for i, who := range []ims.Actor{ada, bob} {
		v := valueGen(f).Draw(p.t, "value")
		if _, err := p.s.WriteRemoteOp(ims.Op{Replica: fmt.Sprintf("replica-%d", i), Actor: who, Type: ims.OpSet, Kind: k.Name,
			Entity: id, Field: f.Name, Value: v, Pred: pred}); err != nil {
			p.t.Fatal(err)
		}
		vals = append(vals, v)
	}
	mr := p.m.records[id]
	mr.fields[f.Name] = vals[1]
	if mr.conflicts == nil {
		mr.conflicts = map[string][]any{}
	}
	mr.conflicts[f.Name] = vals
	p.check(id)
}

// check compares one record with the model.
func (p *propRun) check(id string) {
	mr := p.m.records[id]
	r, err := p.s.GetRecord(ctx, mr.kind, id)
	if err != nil {
		p.t.Fatalf("get %s: %v", id, err)
	}
	if got, want := r.Fields, mr.expected(); !reflect.DeepEqual(got, want) {
		p.t.Fatalf("record %s fields:\n got  %#v\n want %#v", id, got, want)
	}
	if r.Deleted != mr.deleted {
		p.t.Fatalf("record %s deleted = %v, want %v", id, r.Deleted, mr.deleted)
	}
	got := map[string][]any{}
	for f, cs := range r.Conflicts {
		for _, c := range cs {
			got[f] = append(got[f], c.Value)
		}
	}
	want := map[string][]any{}
	for f, vs := range mr.conflicts {
		want[f] = vs
	}
	if !reflect.DeepEqual(got, want) {
		p.t.Fatalf("record %s conflicts = %#v, want %#v", id, got, want)
	}
}

// checkAll compares every list with the model, and every indexed filter with a scan.
func (p *propRun) checkAll() {
	for _, k := range ims.Kinds() {
		for _, bin := range []bool{false, true} {
			res, err := p.s.ListRecords(ctx, ims.ListQuery{Kind: k.Name, Deleted: bin})
			if err != nil {
				p.t.Fatal(err)
			}
			var got []string
			for _, r := range res.Records {
				got = append(got, r.ID)
			}
			slices.Sort(got)
			want := p.m.ids(k.Name, bin)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				p.t.Fatalf("%s (bin %v) lists %v, want %v", k.Name, bin, got, want)
			}
			for _, field := range k.IndexedFields() {
				values := map[string]bool{}
				for _, r := range res.Records {
					if s, ok := r.Fields[field].(string); ok {
						values[s] = true
					}
				}
				for v := range values {
					byIndex, err := p.s.ListRecords(ctx, ims.ListQuery{Kind: k.Name, Deleted: bin, Filters: map[string]string{field: v}})
					if err != nil {
						p.t.Fatal(err)
					}
					var scan []string
					for _, r := range res.Records {
						if s, _ := r.Fields[field].(string); strings.EqualFold(s, v) {
							scan = append(scan, r.ID)
						}
					}
					var idx []string
					for _, r := range byIndex.Records {
						idx = append(idx, r.ID)
					}
					slices.Sort(scan)
					slices.Sort(idx)
					if !slices.Equal(idx, scan) {
						p.t.Fatalf("filter %s.%s=%q gives %v, a scan gives %v", k.Name, field, v, idx, scan)
					}
				}
			}
		}
	}
}

// TestPropertyOpLog runs random sequences of writes across the three kinds. After each
// sequence: the records match a simple model, replaying the op log from scratch equals the
// incremental state, the records read after close and reopen equal those before, and an
// undo taken from History restores the previous value (checked as it happens).
func TestPropertyOpLog(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp(t.TempDir(), "prop-")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		s, err := store.Open(dir, oplog.NewEngine(), store.Options{})
		if err != nil {
			rt.Fatal(err)
		}
		defer func() { s.Close() }()
		p := &propRun{t: rt, s: s, m: &model{records: map[string]*modelRecord{}}, dir: dir}
		actions := map[string]func(){
			"create":     p.create,
			"edit":       func() { p.edit(false) },
			"undo":       p.undo,
			"link":       func() { p.link(true) },
			"unlink":     func() { p.link(false) },
			"delete":     func() { p.deleteOrRestore(false) },
			"restore":    func() { p.deleteOrRestore(true) },
			"concurrent": p.concurrent,
		}
		names := []string{"create", "edit", "undo", "link", "unlink", "delete", "restore", "concurrent"}
		steps := rapid.IntRange(1, 30).Draw(rt, "steps")
		for range steps {
			actions[rapid.SampledFrom(names).Draw(rt, "action")]()
		}
		p.checkAll()
		if err := s.VerifyReplay(); err != nil {
			rt.Fatalf("VerifyReplay: %v", err)
		}
		before := snapshot(rt, s)
		if err := s.Close(); err != nil {
			rt.Fatal(err)
		}
		s, err = store.Open(dir, oplog.NewEngine(), store.Options{})
		if err != nil {
			rt.Fatal(err)
		}
		p.s = s
		if after := snapshot(rt, s); after != before {
			rt.Fatalf("records after reopen differ:\n before %s\n after  %s", before, after)
		}
		if err := s.VerifyReplay(); err != nil {
			rt.Fatalf("VerifyReplay after reopen: %v", err)
		}
		p.checkAll()
	})
}
