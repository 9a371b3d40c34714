package sync

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"
)

// An invite file brings a new device into a workspace. It is sealed with a key derived from
// a one-time code of six words (scrypt), which the inviter tells the new device's owner
// another way (in person, by phone): the file alone is useless.
//
//	magic "KINV" | version u8 | salt [16] | nonce [24] | ciphertext
//
// The ciphertext is the Invite as JSON, sealed with XChaCha20-Poly1305 under
// scrypt(code, salt, N=2^15, r=8, p=1), the bytes before it as additional data.
const (
	inviteMagic = "KINV"
	// InviteTTL is how long an invite can be used: a day.
	InviteTTL = 24 * time.Hour
	// MaxInviteBytes caps an invite file (it carries a sync file).
	MaxInviteBytes = MaxPackBytes + 1<<20
)

// Invite is what a new device needs: the workspace's sync id, name and keys, and the
// folder's files (the members and every segment) as a sync file.
type Invite struct {
	ID      string            `json:"id"` // named in the new device's member file: an invite is used once
	SyncID  string            `json:"syncId"`
	Name    string            `json:"name"` // the workspace's name on the inviting device
	By      string            `json:"by"`   // the inviting device
	Expires time.Time         `json:"expires"`
	Epoch   uint32            `json:"epoch"`
	Key     []byte            `json:"key"`
	OldKeys map[uint32][]byte `json:"oldKeys,omitempty"`
	Folder  []byte            `json:"folder"` // a sync file of the inviting device's folder
	// BundleKey is the workspace's evidence-bundle signing key (OpenSSH form), so every
	// device signs bundles with the one key whose fingerprint the auditor is told.
	BundleKey []byte `json:"bundleKey,omitempty"`
	// Organisation is the legal entity as the inviting device has it (JSON of
	// ims.Organisation), for the packs' covers on the new device.
	Organisation json.RawMessage `json:"organisation,omitempty"`
}

// inviteAEAD is the cipher of an invite: its key from the code (as typed) and the salt.
func inviteAEAD(code string, salt []byte) (cipher.AEAD, error) {
	code, err := normalizeCode(code)
	if err != nil {
		return nil, err
	}
	key, err := scrypt.Key([]byte(code), salt, 1<<15, 8, 1, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	return chacha20poly1305.NewX(key)
}

// SealInvite writes an invite sealed with code (from NewCode).
func SealInvite(inv Invite, code string) ([]byte, error) {
	plain, err := json.Marshal(inv)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4+1+16+24)
	copy(head, inviteMagic)
	head[4] = 1
	if _, err := rand.Read(head[5:]); err != nil {
		return nil, err
	}
	aead, err := inviteAEAD(code, head[5:21])
	if err != nil {
		return nil, err
	}
	return aead.Seal(head, head[21:], plain, head), nil
}

// OpenInvite opens an invite file with its code, refusing a wrong code (ErrCode), an
// altered or truncated file, and an invite past its expiry at now.
func OpenInvite(b []byte, code string, now time.Time) (*Invite, error) {
	if len(b) > MaxInviteBytes {
		return nil, fmt.Errorf("an invite file is at most %d bytes, this has %d", MaxInviteBytes, len(b))
	}
	if len(b) < 45+chacha20poly1305.Overhead || !bytes.Equal(b[:4], []byte(inviteMagic)) {
		return nil, fmt.Errorf("not a Keel invite file, or truncated")
	}
	if b[4] != 1 {
		return nil, fmt.Errorf("invite format %d, this Keel reads 1", b[4])
	}
	aead, err := inviteAEAD(code, b[5:21])
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, b[21:45], b[45:], b[:45])
	if err != nil {
		return nil, fmt.Errorf("%w: this is not the code of this invite, or the file was altered", ErrCode)
	}
	var inv Invite
	if err := json.Unmarshal(plain, &inv); err != nil || inv.SyncID == "" || len(inv.Key) != KeySize || inv.ID == "" {
		return nil, fmt.Errorf("the invite is malformed")
	}
	if now.After(inv.Expires) {
		return nil, fmt.Errorf("the invite expired on %s: ask for a new one", inv.Expires.UTC().Format(time.RFC3339))
	}
	return &inv, nil
}

// InviteUsed returns the member of the folder that joined with invite id ("" when none).
func (f *Folder) InviteUsed(id string) (string, error) {
	devs, err := f.Devices()
	if err != nil {
		return "", err
	}
	for _, d := range devs {
		if d.Invite == id && d.Replica != f.Device.Replica {
			return d.Replica, nil
		}
	}
	return "", nil
}
