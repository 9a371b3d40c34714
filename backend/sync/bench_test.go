package sync_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"keel/backend/ims"
	"keel/backend/oplog"
	"keel/backend/store"
	ksync "keel/backend/sync"
	"keel/backend/workspace"
)

// BenchmarkMergeFolder200k: a device receives 200,000 field ops another device wrote
// into the folder (read, verify, decrypt, apply durably) in one round.
func BenchmarkMergeFolder200k(b *testing.B) {
	const entities, fieldsEach = 20000, 9 // a create and nine sets per record
	dir := b.TempDir()
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	m, _ := json.Marshal(ksync.Member{Replica: "writer", Name: "writer", PublicKey: pub})
	if err := workspace.WriteFileAtomic(filepath.Join(dir, "members", "writer.json"), m); err != nil {
		b.Fatal(err)
	}
	hlc := uint64(time.Now().UnixMilli()) << 16
	var ops []ims.Op
	seq := uint64(0)
	for e := range entities {
		id := fmt.Sprintf("e%06d", e)
		seq++
		hlc++
		ops = append(ops, ims.Op{ID: fmt.Sprintf("c%06d", e), Replica: "writer", Seq: seq, HLC: hlc, Type: ims.OpCreate, Kind: "context_issue", Entity: id})
		for f := range fieldsEach {
			seq++
			hlc++
			ops = append(ops, ims.Op{ID: fmt.Sprintf("s%06d-%d", e, f), Replica: "writer", Seq: seq, HLC: hlc, Type: ims.OpSet,
				Kind: "context_issue", Entity: id, Field: "title", Value: fmt.Sprintf("Issue %d rev %d", e, f), Pred: predOf(e, f)})
		}
	}
	var prev [32]byte
	for start := 0; start < len(ops); start += ksync.MaxSegmentOps {
		part := ops[start:min(start+ksync.MaxSegmentOps, len(ops))]
		seg, err := ksync.Seal("ws-1", prev, part, key, priv)
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("%d-%d.seg", part[0].Seq, part[len(part)-1].Seq)
		if err := workspace.WriteFileAtomic(filepath.Join(dir, "ops", "writer", name), seg); err != nil {
			b.Fatal(err)
		}
		s, _ := ksync.ReadSegment(seg)
		prev = s.Hash
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "db")
		s, err := store.Open(db, oplog.NewEngine(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_, dpriv, _ := ed25519.GenerateKey(rand.Reader)
		f := &ksync.Folder{Dir: dir, Workspace: "ws-1", Key: key, Device: ksync.Device{Replica: s.Replica(), Key: dpriv}}
		b.StartTimer()
		rep, err := f.Round(s)
		b.StopTimer()
		if err != nil || rep.Received != len(ops) {
			b.Fatalf("round: %+v, %v", rep, err)
		}
		s.Close()
		os.Remove(filepath.Join(dir, "members", s.Replica()+".json"))
		b.StartTimer()
	}
	b.ReportMetric(float64(len(ops)), "ops/round")
}

func predOf(e, f int) []string {
	if f == 0 {
		return nil
	}
	return []string{fmt.Sprintf("s%06d-%d", e, f-1)}
}
