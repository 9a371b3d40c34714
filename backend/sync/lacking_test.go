package sync_test

import (
	"crypto/rand"
	"slices"
	"testing"

	ksync "keel/backend/sync"
)

func packNames(t *testing.T, b []byte, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := ksync.ReadPack(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name)
	}
	slices.Sort(out)
	return out
}

// A sync file by default holds only the segments some other device lacks, by what its
// member file (carried in every sync file) last said it holds; PackLacking of a folder
// whose other devices hold everything carries member files only.
func TestPackLacking(t *testing.T) {
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	a, b := newPeer(t, t.TempDir(), key, "laptop"), newPeer(t, t.TempDir(), key, "office")
	ra, rb := a.s.Replica(), b.s.Replica()
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	carry := func(from, to *peer, all bool) []string {
		t.Helper()
		from.round(t)
		pack, err := from.f.PackLacking()
		if all {
			pack, err = from.f.Pack()
		}
		names := packNames(t, pack, err)
		entries, _ := ksync.ReadPack(pack)
		if _, err := to.f.Unpack(entries, &ksync.Report{}); err != nil {
			t.Fatal(err)
		}
		to.round(t)
		return names
	}
	a.create(t, "One")
	// a knows no other device yet: everything.
	if got := carry(a, b, false); !slices.Equal(got, []string{"members/" + ra + ".json", "ops/" + ra + "/1-3.seg"}) {
		t.Errorf("a's first file: %v", got)
	}
	b.create(t, "Two")
	// b knows a holds 1-3 of its own: only b's segment (and both member files).
	if got := carry(b, a, false); !slices.Equal(got, sorted("members/"+ra+".json", "members/"+rb+".json", "ops/"+rb+"/1-3.seg")) {
		t.Errorf("b's file: %v", got)
	}
	a.create(t, "Three")
	// a took b's member file from b's sync file : b holds
	// a's 1-3 and its own, so only a's new segment goes.
	if got := carry(a, b, false); !slices.Equal(got, sorted("members/"+ra+".json", "members/"+rb+".json", "ops/"+ra+"/4-6.seg")) {
		t.Errorf("a's second file: %v", got)
	}
	if got, want := titles(t, b.s), []string{"One", "Three", "Two"}; !slices.Equal(got, want) {
		t.Errorf("b has %v", got)
	}
	// b's member file at a now says b holds a's 4-6 too (b's sync file brought the newer
	// copy and it replaced the older): a's next file lacks nothing but member files.
	carry(b, a, false)
	if got := carry(a, b, false); len(got) != 2 {
		t.Errorf("nothing lacking: %v", got)
	}
	// --all: everything.
	if got := carry(a, b, true); len(got) != 5 {
		t.Errorf("all: %v", got)
	}
}
