package sync_test

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	ksync "keel/backend/sync"
)

// Removing a device starts a new key epoch: the other devices take the new key on their
// next round, the removed device cannot read what is written afterwards, and its own later
// segments are refused everywhere.
func TestRemoveDevice(t *testing.T) {
	dir := t.TempDir()
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	a, b, c := newPeer(t, dir, key, "laptop"), newPeer(t, dir, key, "office"), newPeer(t, dir, key, "old phone")
	a.create(t, "Before")
	c.create(t, "Phone note")
	for _, p := range []*peer{a, b, c, a} {
		p.round(t)
	}
	if got := titles(t, c.s); !slices.Equal(got, []string{"Before", "Phone note"}) {
		t.Fatalf("c before its removal has %v", got)
	}
	if err := a.f.Remove(a.s.Replica(), 0); err == nil {
		t.Error("a device removed itself")
	}
	if err := a.f.Remove("nobody", 0); err == nil || !strings.Contains(err.Error(), "no device nobody") {
		t.Errorf("removing an unknown device: %v", err)
	}
	cSeq := c.s.VersionVector()[c.s.Replica()]
	if err := a.f.Remove(c.s.Replica(), cSeq); err != nil {
		t.Fatal(err)
	}
	if a.f.Epoch != 1 || reflect.DeepEqual(a.f.Key, key) || !reflect.DeepEqual(a.f.OldKeys[0], key) {
		t.Fatalf("a's keys after the removal: epoch %d", a.f.Epoch)
	}
	a.create(t, "After")
	a.round(t)
	// b takes the new key and reads a's new segment (and c's older one); what b writes next is sealed with it.
	if rep := b.round(t); rep.Received != 6 || len(rep.Refused) != 0 || b.f.Epoch != 1 || !reflect.DeepEqual(b.f.Key, a.f.Key) {
		t.Fatalf("b's round after the removal: %+v, epoch %d", rep, b.f.Epoch)
	}
	b.create(t, "From the office")
	b.round(t)
	// c learns it was removed and reads nothing written after.
	rep := c.round(t)
	if !strings.Contains(rep.Removed, "removed from the workspace by "+a.s.Replica()) || rep.Received != 0 || rep.Sent != 0 {
		t.Errorf("c's round: %+v", rep)
	}
	if len(rep.Refused) != 2 || !strings.Contains(rep.Refused[0].Reason, "cannot decrypt") || !strings.Contains(rep.Refused[1].Reason, "cannot decrypt") {
		t.Errorf("c's refusals: %+v", rep.Refused)
	}
	if got := titles(t, c.s); !slices.Equal(got, []string{"Before", "Phone note"}) {
		t.Errorf("the removed device reads %v", got)
	}
	// Nothing in the folder holds the new key where c could read it: its keys are the old one.
	if c.f.Epoch != 0 {
		t.Errorf("c moved to epoch %d", c.f.Epoch)
	}
	// A segment c writes after its removal (sealed with the old key, as an old Keel would)
	// is refused by the others.
	c.create(t, "Sneaked in")
	writeSegment(t, c)
	for _, p := range []*peer{a, b} {
		rep := p.round(t)
		if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "device removed from the workspace") {
			t.Errorf("%s: c's later segment: %+v", p.f.Device.Name, rep)
		}
		if got := titles(t, p.s); !slices.Equal(got, []string{"After", "Before", "From the office", "Phone note"}) {
			t.Errorf("%s has %v", p.f.Device.Name, got)
		}
	}
	// The devices listed are a and b.
	devs, _ := a.f.Devices()
	if len(devs) != 2 || slices.ContainsFunc(devs, func(d ksync.DeviceInfo) bool { return d.Replica == c.s.Replica() }) {
		t.Errorf("devices after the removal: %+v", devs)
	}
	// A forged key change (not signed by a member) is refused and changes no key.
	os.WriteFile(filepath.Join(dir, "members", "epoch-2.json"), []byte(`{"workspace":"ws-1","epoch":2,"by":"`+b.s.Replica()+`","removed":{"`+a.s.Replica()+`":1},"keys":{},"sig":"AAAA"}`), 0o600)
	rep = a.round(t)
	if rep.Removed != "" || a.f.Epoch != 1 || len(rep.Refused) != 2 || !strings.Contains(rep.Refused[0].Reason, "bad signature") {
		t.Errorf("a forged key change: %+v, epoch %d", rep, a.f.Epoch)
	}
}

// writeSegment writes p's ops after its last segment as one more, sealed with its current
// key, bypassing the round (which a removed device no longer sends).
func writeSegment(t *testing.T, p *peer) {
	t.Helper()
	segDir := filepath.Join(p.f.Dir, "ops", p.s.Replica())
	files, _ := filepath.Glob(filepath.Join(segDir, "*.seg"))
	if len(files) != 1 {
		t.Fatalf("segments of %s: %v", p.f.Device.Name, files)
	}
	b, _ := os.ReadFile(files[0])
	last, err := ksync.ReadSegment(b)
	if err != nil {
		t.Fatal(err)
	}
	ops, _ := p.s.OpsAfter(p.s.Replica(), last.To, 100)
	seg, err := ksync.SealEpoch("ws-1", p.f.Epoch, last.Hash, ops, p.f.Key, p.f.Device.Key)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(segDir, strings.Join([]string{itoa(ops[0].Seq), itoa(ops[len(ops)-1].Seq)}, "-")+".seg")
	if err := os.WriteFile(name, seg, 0o600); err != nil {
		t.Fatal(err)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// An invite is used once: the inviting device admits the first device it finds naming the
// invite in its member file, says so in its own, and every device then refuses another
// device that names the same invite (a copy of the invite and its code used twice).
func TestInviteUsedOnce(t *testing.T) {
	dir := t.TempDir()
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	a, b := newPeer(t, dir, key, "laptop"), newPeer(t, dir, key, "office")
	a.f.Issued = map[string]string{"inv-1": ""}
	b.f.Invite = "inv-1"
	b.create(t, "From the office")
	b.round(t)
	if rep := a.round(t); rep.Received != 3 || a.f.Issued["inv-1"] != b.s.Replica() {
		t.Fatalf("a's round: %+v, issued %v", rep, a.f.Issued)
	}
	c := newPeer(t, dir, key, "copy")
	c.f.Invite = "inv-1"
	c.create(t, "From the copy")
	c.round(t)
	for _, p := range []*peer{a, b} {
		rep := p.round(t)
		if rep.Received != 0 || len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "invite already used by device "+b.s.Replica()) {
			t.Errorf("%s: the second device of one invite: %+v", p.f.Device.Name, rep)
		}
	}
	if got := titles(t, a.s); !slices.Equal(got, []string{"From the office"}) {
		t.Errorf("a has %v", got)
	}
}
