// Package sync moves a workspace's ops between devices without a server: each device
// writes its own ops as segments (encrypted with the workspace key, signed by the device,
// hash-chained per device) into a folder a cloud drive or Syncthing keeps in step, and
// reads the other devices' segments back, refusing anything it cannot verify.
package sync

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"

	"keel/backend/ims"
)

// A segment file, all integers big-endian:
//
//	magic "KSEG" | version u8 | workspace len u8 | workspace | replica len u8 | replica |
//	key epoch u32 (from version 2; a version 1 segment is epoch 0) |
//	from u64 | to u64 | prev [32] (SHA-256 of the replica's previous segment file, zero for
//	the first) | nonce [24] | ciphertext len u32 | ciphertext | signature [64]
//
// The ciphertext is the ops (a JSON array, seq from..to) sealed with XChaCha20-Poly1305
// under the workspace key of that epoch, with everything before it as additional data; the signature is
// the device's ed25519 signature over everything before it.
const (
	segMagic   = "KSEG"
	SegVersion = 2
	// MaxSegmentBytes caps a segment file: a reader refuses anything larger before reading it.
	MaxSegmentBytes = 64 << 20
	// MaxSegmentOps caps the ops in one segment (a writer splits larger sends).
	MaxSegmentOps = 20000
	maxIDLen      = 64
)

// KeySize is the size of a workspace key.
const KeySize = chacha20poly1305.KeySize

// Header is what a segment says about itself before it is decrypted.
type Header struct {
	Version   uint8
	Epoch     uint32 // which workspace key sealed it: a removal starts the next epoch
	Workspace string
	Replica   string
	From, To  uint64
	Prev      [32]byte
}

// Segment is a parsed (not yet verified) segment file.
type Segment struct {
	Header
	nonce      [24]byte
	signed     []byte // header and ciphertext: what the signature covers
	aad        []byte // the header: the ciphertext's additional data
	ciphertext []byte
	sig        []byte
	Hash       [32]byte // SHA-256 of the whole file: the next segment's Prev
}

// ErrSegment marks a segment that cannot be read: truncated, oversized or malformed.
var ErrSegment = errors.New("bad segment")

func segErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrSegment, fmt.Sprintf(format, a...))
}

// ReadSegment parses a segment file, checking sizes and structure only; Open verifies
// and decrypts it.
func ReadSegment(b []byte) (*Segment, error) {
	if len(b) > MaxSegmentBytes {
		return nil, segErr("%d bytes, more than the %d a segment may have", len(b), MaxSegmentBytes)
	}
	r := &reader{b: b}
	if string(r.next(4)) != segMagic {
		return nil, segErr("not a Keel segment")
	}
	s := &Segment{}
	s.Version = r.byte()
	if r.err == nil && (s.Version < 1 || s.Version > SegVersion) {
		return nil, segErr("format version %d, this Keel reads 1 to %d", s.Version, SegVersion)
	}
	s.Workspace = r.str()
	s.Replica = r.str()
	if s.Version >= 2 {
		s.Epoch = r.u32()
	}
	s.From, s.To = r.u64(), r.u64()
	copy(s.Prev[:], r.next(32))
	copy(s.nonce[:], r.next(24))
	s.aad = b[:min(r.off, len(b))]
	n := r.u32()
	s.ciphertext = r.next(int(n))
	s.signed = b[:min(r.off, len(b))]
	s.sig = r.next(ed25519.SignatureSize)
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(b) {
		return nil, segErr("%d bytes after the signature", len(b)-r.off)
	}
	if s.Workspace == "" || s.Replica == "" {
		return nil, segErr("no workspace or replica")
	}
	if s.From == 0 || s.To < s.From || s.To-s.From >= MaxSegmentOps {
		return nil, segErr("seq range %d-%d", s.From, s.To)
	}
	s.Hash = sha256.Sum256(b)
	return s, nil
}

// Open verifies the segment's signature with the device's public key, decrypts it with
// the workspace key and checks that it holds exactly ops From..To of its replica.
func (s *Segment) Open(key []byte, pub ed25519.PublicKey) ([]ims.Op, error) {
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, s.signed, s.sig) {
		return nil, fmt.Errorf("bad signature: not written by device %s", s.Replica)
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, s.nonce[:], s.ciphertext, s.aad)
	if err != nil {
		return nil, errors.New("cannot decrypt: not sealed with this workspace's key")
	}
	var ops []ims.Op
	if err := json.Unmarshal(plain, &ops); err != nil {
		return nil, segErr("ops: %v", err)
	}
	if uint64(len(ops)) != s.To-s.From+1 {
		return nil, segErr("%d ops for seq %d-%d", len(ops), s.From, s.To)
	}
	for i, op := range ops {
		if op.Replica != s.Replica || op.Seq != s.From+uint64(i) {
			return nil, segErr("op %d is %s seq %d, want %s seq %d", i, op.Replica, op.Seq, s.Replica, s.From+uint64(i))
		}
	}
	return ops, nil
}

// Seal writes ops (consecutive seqs of one replica) as a segment file sealed with the
// workspace key of epoch 0.
func Seal(workspace string, prev [32]byte, ops []ims.Op, key []byte, priv ed25519.PrivateKey) ([]byte, error) {
	return SealEpoch(workspace, 0, prev, ops, key, priv)
}

// SealEpoch is Seal with the workspace key of the given epoch.
func SealEpoch(workspace string, epoch uint32, prev [32]byte, ops []ims.Op, key []byte, priv ed25519.PrivateKey) ([]byte, error) {
	if len(ops) == 0 || len(ops) > MaxSegmentOps {
		return nil, fmt.Errorf("a segment holds 1 to %d ops, not %d", MaxSegmentOps, len(ops))
	}
	replica, from := ops[0].Replica, ops[0].Seq
	for i, op := range ops {
		if op.Replica != replica || op.Seq != from+uint64(i) {
			return nil, fmt.Errorf("op %d is %s seq %d: a segment holds consecutive ops of one replica", i, op.Replica, op.Seq)
		}
	}
	if len(workspace) > maxIDLen || len(replica) > maxIDLen || workspace == "" || replica == "" {
		return nil, errors.New("workspace and replica ids must be 1 to 64 bytes")
	}
	plain, err := json.Marshal(ops)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	var nonce [24]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, err
	}
	b := []byte(segMagic)
	b = append(b, SegVersion, byte(len(workspace)))
	b = append(b, workspace...)
	b = append(b, byte(len(replica)))
	b = append(b, replica...)
	b = binary.BigEndian.AppendUint32(b, epoch)
	b = binary.BigEndian.AppendUint64(b, from)
	b = binary.BigEndian.AppendUint64(b, from+uint64(len(ops))-1)
	b = append(b, prev[:]...)
	b = append(b, nonce[:]...)
	aad := b
	ct := aead.Seal(nil, nonce[:], plain, aad)
	if len(ct) > MaxSegmentBytes/2 {
		return nil, fmt.Errorf("%d ops make %d bytes: send fewer at a time", len(ops), len(ct))
	}
	b = binary.BigEndian.AppendUint32(append([]byte{}, aad...), uint32(len(ct)))
	b = append(b, ct...)
	return append(b, ed25519.Sign(priv, b)...), nil
}

// reader reads a segment's fields, remembering the first error.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.err = segErr("truncated at byte %d (%d more wanted, %d left)", r.off, n, len(r.b)-r.off)
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *reader) byte() uint8 {
	if b := r.next(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) str() string {
	n := int(r.byte())
	if r.err == nil && n > maxIDLen {
		r.err = segErr("id of %d bytes", n)
	}
	return string(r.next(n))
}

func (r *reader) u64() uint64 {
	if b := r.next(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.next(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}
