package sync

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"

	"keel/backend/workspace"
)

// Evidence files travel as blobs: blobs/<name>.blob, one per file content, written once by
// whichever device has it first (the same bytes make the same name, so each is stored
// once however many records or devices attach it). The name is the HMAC-SHA256 of the
// file's SHA-256 under the workspace key of epoch 0 — stable across key changes, and it
// does not tell someone without the key which known file the folder holds.
//
//	magic "KBLB" | version u8 | key epoch u32 | nonce [24] | ciphertext
//
// The ciphertext is the file, sealed with XChaCha20-Poly1305 under the key of that epoch,
// the header and the file's SHA-256 (hex) as additional data; a reader checks the hash of
// what it decrypts.
const blobMagic = "KBLB"

// ErrNoBlob says the folder holds no blob of that file (yet).
var ErrNoBlob = errors.New("not in the sync folder")

func (f *Folder) blobPath(sha string) string {
	key := f.keyOf(0)
	if key == nil {
		key = f.Key
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("keel blob v1\x00" + sha))
	return filepath.Join(f.Dir, "blobs", hex.EncodeToString(m.Sum(nil))+".blob")
}

// checkSHA refuses anything but a SHA-256 in hex.
func checkSHA(sha string) error {
	if b, err := hex.DecodeString(sha); err != nil || len(b) != sha256.Size {
		return fmt.Errorf("%q is not the SHA-256 of an evidence file", sha)
	}
	return nil
}

// HasBlob says whether the folder holds a blob of the file with that SHA-256.
func (f *Folder) HasBlob(sha string) bool {
	info, err := os.Stat(f.blobPath(sha))
	return err == nil && info.Size() > 0
}

// PutBlob writes a file's blob unless the folder has it; it says whether it wrote one.
func (f *Folder) PutBlob(sha string, data []byte) (bool, error) {
	if err := checkSHA(sha); err != nil {
		return false, err
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sha {
		return false, fmt.Errorf("evidence file %s… does not have that hash", sha[:12])
	}
	if f.HasBlob(sha) {
		return false, nil
	}
	aead, err := chacha20poly1305.NewX(f.Key)
	if err != nil {
		return false, err
	}
	head := binary.BigEndian.AppendUint32(append([]byte(blobMagic), 1), f.Epoch)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		return false, err
	}
	head = append(head, nonce...)
	b := aead.Seal(head, nonce, data, append(head[:len(head):len(head)], sha...))
	return true, workspace.WriteFileAtomic(f.blobPath(sha), b)
}

// GetBlob reads and decrypts a file's blob (at most max bytes of file), checking that it
// is the file with that SHA-256. ErrNoBlob when the folder does not hold it (yet).
func (f *Folder) GetBlob(sha string, max int64) ([]byte, error) {
	if err := checkSHA(sha); err != nil {
		return nil, err
	}
	b, err := readCapped(f.blobPath(sha), max+int64(len(blobMagic))+5+chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(b) == 0 {
		return nil, ErrNoBlob
	} else if err != nil {
		return nil, err
	}
	hl := len(blobMagic) + 5 + chacha20poly1305.NonceSizeX
	if len(b) < hl+chacha20poly1305.Overhead || string(b[:4]) != blobMagic || b[4] != 1 {
		return nil, fmt.Errorf("evidence blob of %s…: not a Keel blob, or truncated", sha[:12])
	}
	key := f.keyOf(binary.BigEndian.Uint32(b[5:9]))
	if key == nil {
		return nil, fmt.Errorf("evidence blob of %s…: sealed with a workspace key this device does not hold", sha[:12])
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	head := b[:hl]
	data, err := aead.Open(nil, b[9:hl], b[hl:], append(head[:hl:hl], sha...))
	if err != nil {
		return nil, fmt.Errorf("evidence blob of %s…: cannot decrypt (altered, or not this workspace's)", sha[:12])
	}
	if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sha {
		return nil, fmt.Errorf("evidence blob of %s…: its content has another hash", sha[:12])
	}
	return data, nil
}
