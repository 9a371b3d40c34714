package sync

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"

	"keel/backend/workspace"
)

// Key epochs. Removing a device starts the next epoch: the remover makes a new workspace
// key, seals it to the X25519 key of every remaining member (their member files carry it)
// and writes members/epoch-<n>.json, signed with its device key. Every device takes the new
// key on its next round and seals what it writes from then on with it; the removed device
// holds no copy, so it cannot read those segments, and its own segments after the last one
// the remover had taken are refused.

// Rotation is members/epoch-<n>.json: who started key epoch n, whom it removed and the new
// key sealed to each remaining member.
type Rotation struct {
	Workspace string            `json:"workspace"`
	Epoch     uint32            `json:"epoch"`
	By        string            `json:"by"`      // the device that removed, and signed
	At        string            `json:"at"`      // RFC 3339
	Removed   map[string]uint64 `json:"removed"` // device → its last seq still taken
	Keys      map[string][]byte `json:"keys"`    // member → the new key, sealed to its BoxKey
	Sig       []byte            `json:"sig,omitempty"`
}

func rotationPath(dir string, epoch uint32) string {
	return filepath.Join(dir, "members", "epoch-"+strconv.FormatUint(uint64(epoch), 10)+".json")
}

func (r Rotation) signed() []byte {
	r.Sig = nil
	b, _ := json.Marshal(r)
	return b
}

// boxKeys derives the device's X25519 key pair from its ed25519 seed: one secret to keep.
func boxKeys(k ed25519.PrivateKey) (pub, priv *[32]byte) {
	h := sha256.Sum256(append([]byte("keel sync x25519 v1\x00"), k.Seed()...))
	p, err := curve25519.X25519(h[:], curve25519.Basepoint)
	if err != nil {
		panic(err) // only for a low-order point, which a hash never is
	}
	pub, priv = new([32]byte), &h
	copy(pub[:], p)
	return pub, priv
}

// keyOf is the workspace key of an epoch this device holds, nil when it holds none.
func (f *Folder) keyOf(epoch uint32) []byte {
	if epoch == f.Epoch {
		return f.Key
	}
	return f.OldKeys[epoch]
}

// rotations reads the folder's epoch files in order and returns those that verify (signed
// by a member not removed before), stopping at the first that does not (named in rep).
func (f *Folder) rotations(rep *Report) ([]Rotation, map[string]uint64) {
	removed := map[string]uint64{}
	var out []Rotation
	for n := uint32(1); ; n++ {
		path := rotationPath(f.Dir, n)
		b, err := readCapped(path, 1<<20)
		if errors.Is(err, fs.ErrNotExist) || err == nil && len(b) == 0 {
			break
		}
		refuse := func(format string, a ...any) {
			if rep != nil {
				rep.Refused = append(rep.Refused, Refusal{File: fmt.Sprintf("members/epoch-%d.json", n), Reason: fmt.Sprintf(format, a...)})
			}
		}
		if err != nil {
			refuse("%v", err)
			break
		}
		var r Rotation
		if err := json.Unmarshal(b, &r); err != nil || r.Epoch != n || r.Workspace != f.Workspace {
			refuse("not a key change of this workspace's epoch %d", n)
			break
		}
		if _, gone := removed[r.By]; gone {
			refuse("written by %s, a device removed before", r.By)
			break
		}
		m, err := f.readMember(r.By)
		if err != nil || !ed25519.Verify(m.PublicKey, r.signed(), r.Sig) {
			refuse("bad signature: not written by a member of the workspace")
			break
		}
		for d, seq := range r.Removed {
			removed[d] = seq
		}
		out = append(out, r)
	}
	return out, removed
}

// adoptRotations takes the workspace keys of the epochs after this device's (a device was
// removed) and returns the removed devices with the last seq still taken from each.
func (f *Folder) adoptRotations(rep *Report) (map[string]uint64, error) {
	rots, removed := f.rotations(rep)
	me := f.Device.Replica
	pub, priv := boxKeys(f.Device.Key)
	for _, r := range rots {
		if r.Epoch <= f.Epoch {
			continue
		}
		if _, gone := r.Removed[me]; gone {
			rep.Removed = fmt.Sprintf("removed from the workspace by %s on %s", r.By, r.At)
			break
		}
		key, ok := box.OpenAnonymous(nil, r.Keys[me], pub, priv)
		if !ok || len(key) != KeySize {
			rep.Removed = fmt.Sprintf("%s changed the workspace key on %s without giving it to this device", r.By, r.At)
			break
		}
		if f.OldKeys == nil {
			f.OldKeys = map[uint32][]byte{}
		}
		f.OldKeys[f.Epoch], f.Key, f.Epoch = f.Key, key, r.Epoch
	}
	return removed, nil
}

// Removed returns the devices removed from the workspace, with the last seq still taken
// from each.
func (f *Folder) Removed() map[string]uint64 {
	_, removed := f.rotations(nil)
	return removed
}

// Remove removes a device from the workspace: it starts the next key epoch, sealing a new
// workspace key to every other member, and from then on refuses the device's segments
// after lastSeq (the last of its changes this device holds). The caller saves the new key
// (f.Key, f.Epoch, f.OldKeys) and runs a round, so its new changes use it.
func (f *Folder) Remove(replica string, lastSeq uint64) error {
	if replica == f.Device.Replica {
		return errors.New("this device cannot remove itself: remove it from another device")
	}
	devs, err := f.Devices()
	if err != nil {
		return err
	}
	var rep Report
	if _, err := f.adoptRotations(&rep); err != nil {
		return err
	}
	if rep.Removed != "" {
		return errors.New("this device was " + rep.Removed)
	}
	found := false
	keys := map[string][]byte{}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	for _, d := range devs {
		if d.Replica == replica {
			found = true
			continue
		}
		if len(d.BoxKey) != 32 {
			return fmt.Errorf("device %s (%s) has no key-exchange key in its member file yet: let it sync once with this Keel, then remove", d.Replica, d.Name)
		}
		sealed, err := box.SealAnonymous(nil, key, (*[32]byte)(d.BoxKey), rand.Reader)
		if err != nil {
			return err
		}
		keys[d.Replica] = sealed
	}
	if !found {
		return fmt.Errorf("no device %s in this workspace (see keel sync devices)", replica)
	}
	r := Rotation{Workspace: f.Workspace, Epoch: f.Epoch + 1, By: f.Device.Replica, At: time.Now().UTC().Format(time.RFC3339),
		Removed: map[string]uint64{replica: lastSeq}, Keys: keys}
	r.Sig = ed25519.Sign(f.Device.Key, r.signed())
	path := rotationPath(f.Dir, r.Epoch)
	if _, err := os.Stat(path); err == nil {
		return errors.New("another device changed the workspace key at the same time: sync, then try again")
	}
	b, _ := json.MarshalIndent(r, "", "  ")
	if err := workspace.WriteFileAtomic(path, b); err != nil {
		return err
	}
	if f.OldKeys == nil {
		f.OldKeys = map[uint32][]byte{}
	}
	f.OldKeys[f.Epoch], f.Key, f.Epoch = f.Key, key, r.Epoch
	return nil
}
