package sync

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"reflect"
	"strings"
	"testing"

	"keel/backend/ims"
)

func testKeys(t testing.TB) ([]byte, ed25519.PublicKey, ed25519.PrivateKey) {
	key := make([]byte, KeySize)
	rand.Read(key)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key, pub, priv
}

func testOps(replica string, from uint64, n int) []ims.Op {
	ops := make([]ims.Op, n)
	for i := range ops {
		ops[i] = ims.Op{ID: replica + "-op-" + string(rune('a'+i%26)), Replica: replica, Seq: from + uint64(i), HLC: uint64(1000 + i),
			Actor: ims.Actor{Name: "Ada"}, Type: ims.OpSet, Kind: "context_issue", Entity: "e1", Field: "title", Value: "Ł ó ź"}
	}
	return ops
}

func TestSegmentRoundTrip(t *testing.T) {
	key, pub, priv := testKeys(t)
	ops := testOps("laptop", 3, 4)
	prev := [32]byte{1, 2, 3}
	b, err := Seal("ws-1", prev, ops, key, priv)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("Ł ó ź")) || bytes.Contains(b, []byte("context_issue")) {
		t.Fatal("the ops are readable in the segment file")
	}
	seg, err := ReadSegment(b)
	if err != nil {
		t.Fatal(err)
	}
	if seg.Workspace != "ws-1" || seg.Replica != "laptop" || seg.From != 3 || seg.To != 6 || seg.Prev != prev || seg.Version != SegVersion {
		t.Errorf("header = %+v", seg.Header)
	}
	got, err := seg.Open(key, pub)
	if err != nil || !reflect.DeepEqual(got, ops) {
		t.Fatalf("Open = %+v, %v", got, err)
	}
	// Another device's key, another workspace key: refused.
	_, other, _ := testKeys(t)
	if _, err := seg.Open(key, other); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("open with another device's key: %v", err)
	}
	wrong, _, _ := testKeys(t)
	if _, err := seg.Open(wrong, pub); err == nil || !strings.Contains(err.Error(), "decrypt") {
		t.Errorf("open with another workspace key: %v", err)
	}
	// Every single flipped byte is refused, by the reader or by Open.
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x40
		s, err := ReadSegment(c)
		if err == nil {
			_, err = s.Open(key, pub)
		}
		if err == nil {
			t.Fatalf("a segment with byte %d flipped was accepted", i)
		}
	}
	// Every truncation is refused by the reader with a clear error.
	for n := range len(b) {
		if _, err := ReadSegment(b[:n]); !errors.Is(err, ErrSegment) {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	if _, err := ReadSegment(append(bytes.Clone(b), 0)); err == nil || !strings.Contains(err.Error(), "after the signature") {
		t.Errorf("a trailing byte: %v", err)
	}
	if _, err := Seal("ws-1", prev, append(testOps("laptop", 1, 1), testOps("laptop", 3, 1)...), key, priv); err == nil {
		t.Error("sealed ops with a gap in their seqs")
	}
}

func TestReadSegmentCaps(t *testing.T) {
	if _, err := ReadSegment(make([]byte, MaxSegmentBytes+1)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("oversized: %v", err)
	}
	key, _, priv := testKeys(t)
	b, _ := Seal("ws-1", [32]byte{}, testOps("r", 1, 1), key, priv)
	long := bytes.Clone(b)
	long[5] = 200 // a workspace id longer than ids may be
	if _, err := ReadSegment(long); err == nil || !strings.Contains(err.Error(), "id of 200 bytes") {
		t.Errorf("long id: %v", err)
	}
	if _, err := Seal("ws-1", [32]byte{}, testOps("r", 1, MaxSegmentOps+1), key, priv); err == nil {
		t.Error("sealed more ops than a segment may hold")
	}
}

// FuzzReadSegment: the reader never panics or reads past its input, and whatever it
// accepts re-reads to the same header; Open on it never panics. Plain `go test` runs the
// seeds only.
func FuzzReadSegment(f *testing.F) {
	key, pub, priv := testKeys(f)
	for _, n := range []int{1, 3} {
		b, err := Seal("ws-1", [32]byte{9}, testOps("laptop", 1, n), key, priv)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("KSEG"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		seg, err := ReadSegment(b)
		if err != nil {
			if !errors.Is(err, ErrSegment) {
				t.Fatalf("error not marked as a bad segment: %v", err)
			}
			return
		}
		again, err := ReadSegment(bytes.Clone(b))
		if err != nil || again.Header != seg.Header || again.Hash != seg.Hash {
			t.Fatalf("accepted once, not twice: %v", err)
		}
		seg.Open(key, pub)
	})
}
