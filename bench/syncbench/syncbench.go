// Package syncbench writes the folders the sync benchmarks merge: records of one kind,
// each a create and a number of title sets, as the segments and member files of one or
// more writer devices, sealed and signed as a real device's are.
package syncbench

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"keel/backend/ims"
	ksync "keel/backend/sync"
	"keel/backend/workspace"
)

// Ops are one writer's ops: for each of its records a create and sets title sets, each set
// superseding the one before (so a merged replica shows no conflict).
func Ops(writer string, first, records, sets int) []ims.Op {
	hlc := uint64(time.Now().UnixMilli()) << 16
	ops := make([]ims.Op, 0, records*(1+sets))
	for e := first; e < first+records; e++ {
		id := fmt.Sprintf("e%07d", e)
		hlc++
		ops = append(ops, ims.Op{ID: fmt.Sprintf("c%07d", e), Replica: writer, Seq: uint64(len(ops) + 1), HLC: hlc,
			Type: ims.OpCreate, Kind: "context_issue", Entity: id})
		for f := range sets {
			var pred []string
			if f > 0 {
				pred = []string{fmt.Sprintf("s%07d-%d", e, f-1)}
			}
			hlc++
			ops = append(ops, ims.Op{ID: fmt.Sprintf("s%07d-%d", e, f), Replica: writer, Seq: uint64(len(ops) + 1), HLC: hlc,
				Type: ims.OpSet, Kind: "context_issue", Entity: id, Field: "title", Value: fmt.Sprintf("Issue %d rev %d", e, f), Pred: pred})
		}
	}
	return ops
}

// WriteFolder writes into dir the member files and segments of writers devices sharing
// records records (sets title sets each) of the workspace syncID, sealed with key. It
// returns the number of ops written.
func WriteFolder(dir, syncID string, key []byte, writers, records, sets int) (int, error) {
	total := 0
	for w := range writers {
		name := fmt.Sprintf("writer%d", w+1)
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return 0, err
		}
		m, _ := json.Marshal(ksync.Member{Replica: name, Name: name, PublicKey: pub})
		if err := workspace.WriteFileAtomic(filepath.Join(dir, "members", name+".json"), m); err != nil {
			return 0, err
		}
		n := records / writers
		if w == writers-1 {
			n = records - n*(writers-1)
		}
		ops := Ops(name, w*(records/writers), n, sets)
		var prev [32]byte
		for start := 0; start < len(ops); start += ksync.MaxSegmentOps {
			part := ops[start:min(start+ksync.MaxSegmentOps, len(ops))]
			seg, err := ksync.Seal(syncID, prev, part, key, priv)
			if err != nil {
				return 0, err
			}
			file := fmt.Sprintf("%d-%d.seg", part[0].Seq, part[len(part)-1].Seq)
			if err := workspace.WriteFileAtomic(filepath.Join(dir, "ops", name, file), seg); err != nil {
				return 0, err
			}
			s, err := ksync.ReadSegment(seg)
			if err != nil {
				return 0, err
			}
			prev = s.Hash
		}
		total += len(ops)
	}
	return total, nil
}
