package sync_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	ksync "keel/backend/sync"
)

var (
	ctx = context.Background()
	ada = ims.Actor{Name: "Ada", Email: "ada@example.com"}
)

type peer struct {
	s *store.Store
	f *ksync.Folder
}

func newPeer(t *testing.T, dir string, key []byte, name string) *peer {
	t.Helper()
	s, err := store.Open("", oplog.NewEngine(), store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	return &peer{s: s, f: &ksync.Folder{Dir: dir, Workspace: "ws-1", Key: key, Device: ksync.Device{Replica: s.Replica(), Name: name, Key: priv}}}
}

func (p *peer) round(t *testing.T) ksync.Report {
	t.Helper()
	rep, err := p.f.Round(p.s)
	if err != nil {
		t.Fatalf("%s: round: %v", p.f.Device.Name, err)
	}
	return rep
}

func (p *peer) create(t *testing.T, title string) ims.Record {
	t.Helper()
	r, err := p.s.CreateRecord(ctx, ada, "context_issue", map[string]any{"title": title, "type": "internal"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func records(t *testing.T, s *store.Store) []ims.Record {
	t.Helper()
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: "context_issue", Sort: "title"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Records
}

func titles(t *testing.T, s *store.Store) []string {
	var out []string
	for _, r := range records(t, s) {
		out = append(out, r.Title)
	}
	return out
}

// Two devices sync through one folder that misbehaves as cloud drives do: conflict copies,
// placeholders, a truncated file, a changed byte, a fork, a device nobody added. What
// cannot be verified is refused (and named) or waited for, and never applied; everything
// else converges.
func TestFolderRound(t *testing.T) {
	dir := t.TempDir()
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	a, b := newPeer(t, dir, key, "laptop"), newPeer(t, dir, key, "office")
	segDir := filepath.Join(dir, "ops", a.s.Replica())

	a.create(t, "One")
	a.create(t, "Two")
	if rep := a.round(t); rep.Sent != 6 || rep.Segments != 1 || rep.Received != 0 {
		t.Fatalf("a's first round: %+v", rep)
	}
	if rep := b.round(t); rep.Received != 6 || len(rep.Refused) != 0 {
		t.Fatalf("b's first round: %+v", rep)
	}
	if !reflect.DeepEqual(records(t, a.s), records(t, b.s)) {
		t.Fatalf("not converged:\n a %+v\n b %+v", records(t, a.s), records(t, b.s))
	}
	// Nothing new: a round sends and receives nothing and writes no file.
	if rep := a.round(t); rep.Sent != 0 || rep.Received != 0 || rep.Segments != 0 {
		t.Errorf("an idle round: %+v", rep)
	}
	if rep := b.round(t); rep.Sent != 0 || rep.Received != 0 {
		t.Errorf("an idle round: %+v", rep)
	}

	// Conflict copies and lock files beside a's segment are ignored.
	first, _ := os.ReadFile(filepath.Join(segDir, "1-6.seg"))
	for _, name := range []string{"1-6 (1).seg", "1-6-DESKTOP-AB12.seg", "1-6.sync-conflict-20261204-120000-ABCDEFG.seg", ".~lock.1-6.seg#", "7-9 (1).seg"} {
		if err := os.WriteFile(filepath.Join(segDir, name), first, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if rep := b.round(t); rep.Received != 0 || len(rep.Refused) != 0 || len(rep.Waiting) != 0 {
		t.Errorf("conflict copies were read: %+v", rep)
	}

	// a's next segment, as a cloud drive might deliver it.
	a.create(t, "Three")
	a.round(t)
	next := filepath.Join(segDir, "7-9.seg")
	good, err := os.ReadFile(next)
	if err != nil {
		t.Fatal(err)
	}
	deliver := func(b []byte) { t.Helper(); os.WriteFile(next, b, 0o600) }
	unchanged := func(why string, rep ksync.Report) {
		t.Helper()
		if rep.Received != 0 || !reflect.DeepEqual(titles(t, b.s), []string{"One", "Two"}) {
			t.Errorf("%s: applied something: %+v, records %v", why, rep, titles(t, b.s))
		}
	}
	// A zero-byte placeholder: waited for.
	deliver(nil)
	rep := b.round(t)
	unchanged("placeholder", rep)
	if len(rep.Waiting) != 1 || !strings.Contains(rep.Waiting[0], "seq 7") || len(rep.Refused) != 0 {
		t.Errorf("placeholder: %+v, want waiting for seq 7", rep)
	}
	// Half a file: refused as truncated.
	deliver(good[:len(good)/2])
	rep = b.round(t)
	unchanged("truncated", rep)
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "truncated") || rep.Refused[0].File != "ops/"+a.s.Replica()+"/7-9.seg" {
		t.Errorf("truncated: %+v", rep)
	}
	// One changed byte in the ciphertext: refused, bad signature.
	tampered := append([]byte{}, good...)
	tampered[len(tampered)-80] ^= 1
	deliver(tampered)
	rep = b.round(t)
	unchanged("tampered", rep)
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "signature") {
		t.Errorf("tampered: %+v", rep)
	}
	// A segment written by a device not in members/: refused.
	os.Rename(filepath.Join(dir, "members", a.s.Replica()+".json"), filepath.Join(dir, "a.json"))
	deliver(good)
	c := newPeer(t, dir, key, "stranger")
	rep = c.round(t)
	if rep.Received != 0 || len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "unknown device") {
		t.Errorf("unknown device: %+v", rep)
	}
	os.Rename(filepath.Join(dir, "a.json"), filepath.Join(dir, "members", a.s.Replica()+".json"))
	// The real file: applied, and the copies and the third device change nothing.
	rep = b.round(t)
	if rep.Received != 3 || len(rep.Refused) != 0 || !reflect.DeepEqual(titles(t, b.s), []string{"One", "Three", "Two"}) {
		t.Errorf("once the segment arrives: %+v, records %v", rep, titles(t, b.s))
	}
	// A fork: another file claiming part of a's seqs.
	os.WriteFile(filepath.Join(segDir, "7-7.seg"), first, 0o600)
	rep = c.round(t)
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "fork") || rep.Received != 6 {
		t.Errorf("fork: %+v (want the first segment applied, the fork refused)", rep)
	}
	os.Remove(filepath.Join(segDir, "7-7.seg"))
	// A segment moved to another device's folder: its header does not match.
	os.MkdirAll(filepath.Join(dir, "ops", "impostor"), 0o700)
	os.WriteFile(filepath.Join(dir, "ops", "impostor", "1-6.seg"), first, 0o600)
	os.WriteFile(filepath.Join(dir, "members", "impostor.json"), []byte(`{"replica":"impostor","publicKey":"`+strings.Repeat("A", 43)+`="}`), 0o600)
	rep = c.round(t)
	if rep.Received != 3 || len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "not what its name and folder say") {
		t.Errorf("impostor: %+v", rep)
	}
	// Every device converges, and every store still replays to its state.
	a.round(t)
	b.round(t)
	for _, p := range []*peer{a, b, c} {
		if !reflect.DeepEqual(records(t, p.s), records(t, a.s)) {
			t.Errorf("%s differs from laptop", p.f.Device.Name)
		}
		if err := p.s.VerifyReplay(); err != nil {
			t.Error(err)
		}
	}
}
