package sync_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"keel/backend/oplog"
	"keel/backend/store"
	ksync "keel/backend/sync"
	"keel/bench/syncbench"
)

// BenchmarkMergeFolder200k: a device receives 200,000 field ops another device wrote
// into the folder (read, verify, decrypt, apply durably) in one round.
func BenchmarkMergeFolder200k(b *testing.B) { benchMerge(b, 1, 20000, 9) }

// BenchmarkJoin100k: a new device takes in a workspace of 100,000 ops written by three
// devices, in one round from the folder; it also reports the folder's size and the Badger
// store's per 100,000 ops.
func BenchmarkJoin100k(b *testing.B) { benchMerge(b, 3, 10000, 9) }

// benchMerge times one round of a new device over a folder of writers devices' records
// (a create and sets title sets each).
func benchMerge(b *testing.B, writers, records, sets int) {
	dir := b.TempDir()
	key := make([]byte, ksync.KeySize)
	rand.Read(key)
	n, err := syncbench.WriteFolder(dir, "ws-1", key, writers, records, sets)
	if err != nil {
		b.Fatal(err)
	}
	var dbSize int64
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
		if err != nil || rep.Received != n {
			b.Fatalf("round: %+v, %v", rep, err)
		}
		s.Close()
		dbSize = sizeOf(b, db)
		os.Remove(filepath.Join(dir, "members", s.Replica()+".json"))
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "ops/round")
	b.ReportMetric(float64(sizeOf(b, dir))/float64(n)*100000/1e6, "folder-MB/100k-ops")
	b.ReportMetric(float64(dbSize)/float64(n)*100000/1e6, "badger-MB/100k-ops")
}

// sizeOf is the bytes of the files under dir.
func sizeOf(b *testing.B, dir string) int64 {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			total += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}
