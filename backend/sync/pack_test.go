package sync

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func packFixture(t testing.TB) (*Folder, []byte) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"ops/laptop/1-3.seg": "segment one", "ops/laptop/4-4.seg": "segment two", "members/laptop.json": "{}",
		"ops/laptop/1-3 (1).seg": "conflict copy", "ops/laptop/5-5.seg": "", "notes.txt": "not Keel's",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := &Folder{Dir: dir, Device: Device{Replica: "office"}}
	b, err := f.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// makePack builds a sync file from raw entries, checksum and all, as a forger could.
func makePack(entries ...PackEntry) []byte { return encodePack(entries) }

func TestPack(t *testing.T) {
	_, b := packFixture(t)
	entries, err := ReadPack(b)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if want := []string{"members/laptop.json", "ops/laptop/1-3.seg", "ops/laptop/4-4.seg"}; !reflect.DeepEqual(names, want) {
		t.Errorf("packed %v, want %v (no copies, placeholders or other files)", names, want)
	}
	for n := range len(b) {
		if _, err := ReadPack(b[:n]); !errors.Is(err, ErrSegment) {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 1
		if _, err := ReadPack(c); err == nil {
			t.Fatalf("byte %d altered: accepted", i)
		}
	}
	for _, name := range []string{"ops/../../etc/passwd", "/abs/1-1.seg", "ops/laptop/1-1.seg.exe", "members/x.json/../y.json", "db/MANIFEST"} {
		if _, err := ReadPack(makePack(PackEntry{Name: name, Data: []byte("x")})); err == nil || !strings.Contains(err.Error(), "not a file Keel writes") {
			t.Errorf("name %q: %v", name, err)
		}
	}
	twice := PackEntry{Name: "members/a.json", Data: []byte("{}")}
	if _, err := ReadPack(makePack(twice, twice)); err == nil {
		t.Error("a file named twice was accepted")
	}
}

// Unpacking adds what is missing, never replaces a file, refuses one that differs, and
// never takes this device's own files from elsewhere.
func TestUnpack(t *testing.T) {
	_, b := packFixture(t)
	entries, _ := ReadPack(b)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "ops", "laptop"), 0o700)
	os.WriteFile(filepath.Join(dir, "ops", "laptop", "4-4.seg"), []byte("another segment two"), 0o600)
	into := &Folder{Dir: dir, Device: Device{Replica: "office"}}
	var rep Report
	own := PackEntry{Name: "ops/office/1-1.seg", Data: []byte("forged")}
	n, err := into.Unpack(append(entries, own), &rep)
	if err != nil || n != 2 {
		t.Fatalf("added %d (%v), want 2", n, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "ops", "laptop", "4-4.seg")); string(got) != "another segment two" {
		t.Errorf("a file was replaced: %q", got)
	}
	if len(rep.Refused) != 1 || rep.Refused[0].File != "ops/laptop/4-4.seg" || !strings.Contains(rep.Refused[0].Reason, "differs") {
		t.Errorf("refused %+v", rep.Refused)
	}
	if _, err := os.Stat(filepath.Join(dir, "ops", "office", "1-1.seg")); err == nil {
		t.Error("this device's own file was taken from a sync file")
	}
	// Unpacking again adds nothing.
	if n, _ := into.Unpack(entries, &Report{}); n != 0 {
		t.Errorf("second unpack added %d", n)
	}
}

// FuzzReadPack: the sync file reader never panics and accepts only names Keel writes.
func FuzzReadPack(f *testing.F) {
	_, b := packFixture(f)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add(makePack(PackEntry{Name: "ops/../x", Data: nil}))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := ReadPack(b)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !packName.MatchString(e.Name) || strings.Contains(e.Name, "..") {
				t.Fatalf("accepted name %q", e.Name)
			}
		}
	})
}
