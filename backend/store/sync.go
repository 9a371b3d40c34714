package store

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	gosync "sync"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/ims"
)

// VersionVector returns, for every replica whose ops this store holds, the highest
// sequence number held: what a sync tells the other side it has.
func (s *Store) VersionVector() map[string]uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]uint64, len(s.vv))
	for r, q := range s.vv {
		out[r] = q
	}
	return out
}

// OpsAfter returns the ops of a replica with a sequence number above after, in sequence
// order, at most limit of them (all when limit <= 0).
func (s *Store) OpsAfter(replica string, after uint64, limit int) ([]ims.Op, error) {
	var out []ims.Op
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := prefixRepOf(replica)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Seek(keyRep(replica, after+1)); it.Valid(); it.Next() {
			opKey, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			var op ims.Op
			if ok, err := getJSON(txn, opKey, &op); err != nil || !ok {
				return fmt.Errorf("ops of %s: op %s missing: %v", replica, opKey, err)
			}
			op.Value = normalizeJSON(op.Value)
			out = append(out, op)
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}

var _ ims.OpLog = (*Store)(nil)

// ApplyRemote appends ops made on other replicas and applies them to the records,
// indexes and cache, through the write path without domain checks or follow-ups: ops from
// elsewhere are always merged (refusing them would leave devices disagreeing), and their
// follow-ups already happened where they were written. An op already held is skipped, so
// applying the same ops twice changes nothing. The ops go in one transaction, or in a few
// when they are more than Badger takes in one; each commit leaves ops and state in step,
// and ApplyRemote returns once every commit is durable. OnChange is told about every
// entity changed. An op of this device's own replica that it does not hold is refused.
//
// The commits of one call are pipelined: a writer goroutine commits (and syncs) one batch
// while the next is built. Building reads from a snapshot taken when the call began, which
// is all it needs: the entities touched stay in memory across the call's commits (up to
// maxRemoteEntities, then the call waits for its writer and takes a new snapshot), and an
// op can only be held already if its seq is at or below what the store held when the call
// began.
func (s *Store) ApplyRemote(ops []ims.Op) (ims.RemoteResult, error) {
	var res ims.RemoteResult
	for i := range ops {
		if err := checkRemote(&ops[i]); err != nil {
			return res, err
		}
	}
	s.mu.Lock()
	t := s.begin(ims.Actor{})
	t.txn.Discard()
	t.txn, t.buffered = s.db.NewTransaction(false), true
	w := startWriter(s.db)
	var touched []*entity // committed: named to OnChange once the call is done
	// settle takes the entities of the batches committed into the cache and keeps their
	// names for OnChange (not their state, so memory stays bounded).
	settle := func() {
		for _, e := range sortedEntities(t.ents) {
			s.remember(e.kind, &e.st)
			touched = append(touched, &entity{kind: e.kind, st: ims.EntityState{ID: e.st.ID, Kind: e.kind.Name}})
		}
		t.ents = map[string]*entity{}
	}
	err := func() error {
		defer func() { t.discard() }()
		type opKey struct {
			hlc uint64
			id  string
		}
		seen := make(map[opKey]bool, len(ops)) // what keyOp says, without a copy of the id
		queued := map[*entity]bool{}           // in t.order, to be put by the next commit
		commit := func() error {
			for _, e := range t.order {
				if err := t.put(e); err != nil {
					return err
				}
			}
			for r, q := range t.vv {
				if q > s.vv[r] {
					if err := t.set(keyVV(r), []byte(strconv.FormatUint(q, 10))); err != nil {
						return err
					}
				}
			}
			w.send(t.buf)
			t.buf, t.order, t.size, t.count = nil, nil, 0, 0
			clear(queued)
			if len(t.ents) > maxRemoteEntities {
				if err := w.wait(); err != nil {
					return err
				}
				settle()
				t.txn.Discard()
				t.txn = s.db.NewTransaction(false)
			}
			return nil
		}
		for _, op := range ops {
			if seen[opKey{op.HLC, op.ID}] {
				res.Skipped++
				continue
			}
			seen[opKey{op.HLC, op.ID}] = true
			// An op above the highest seq held of its replica cannot be held: only the
			// others need a look in the log.
			if op.Seq <= s.vv[op.Replica] {
				if _, err := t.txn.Get(keyOp(op.HLC, op.ID)); err == nil {
					res.Skipped++
					continue
				} else if err != badger.ErrKeyNotFound {
					return err
				}
			}
			if op.Replica == s.replica {
				// This device's seqs are its own to hand out: an op of its own it does not
				// hold (a workspace restored from an older backup) would collide with the
				// next local op.
				return fmt.Errorf("op %s is this device's (seq %d) but its log does not hold it: was the workspace restored from an older backup?", op.ID, op.Seq)
			}
			if !s.eng.Observe(op.HLC) && !slices.Contains(res.Skewed, op.Replica) {
				res.Skewed = append(res.Skewed, op.Replica)
			}
			kind, _ := ims.KindByName(op.Kind)
			if t.count > 0 && (t.size > maxTxnBytes || t.count > maxTxnEntries) {
				if err := commit(); err != nil {
					return err
				}
			}
			e, err := t.entity(kind, op.Entity) // a new one is put in t.order
			if err != nil {
				return err
			}
			if !queued[e] {
				queued[e] = true
				if len(t.order) == 0 || t.order[len(t.order)-1] != e {
					t.order = append(t.order, e) // touched before this call's last commit
				}
			}
			op.Value = normalizeJSON(op.Value)
			if err := t.appendOp(e, op); err != nil {
				return err
			}
			res.Applied++
		}
		if err := commit(); err != nil {
			return err
		}
		if err := w.wait(); err != nil {
			return err
		}
		settle()
		return nil
	}()
	w.stop()
	if err != nil {
		// What the writer committed is on disk but not known here: read the version
		// vector again and let the cache load afresh.
		s.forget()
		if err := s.db.View(func(txn *badger.Txn) (err error) { s.vv, err = loadVersionVector(txn); return err }); err != nil {
			s.vv = map[string]uint64{}
		}
		s.mu.Unlock()
		s.changed(touched, false)
		return res, err
	}
	for r, q := range t.vv {
		s.vv[r] = max(s.vv[r], q)
	}
	s.mu.Unlock()
	s.changed(touched, false)
	return res, nil
}

// maxRemoteEntities bounds the entities ApplyRemote keeps in memory across its commits
// (a variable for the tests).
var maxRemoteEntities = 50000

// sortedEntities lists the entities of a transaction's map by kind and id.
func sortedEntities(ents map[string]*entity) []*entity {
	out := make([]*entity, 0, len(ents))
	for _, e := range ents {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *entity) int {
		return cmp.Or(strings.Compare(a.kind.Name, b.kind.Name), strings.Compare(a.st.ID, b.st.ID))
	})
	return out
}

// kv is one write of a buffered transaction.
type kv struct {
	k, v []byte
	del  bool
}

// remoteWriter commits ApplyRemote's batches in order, one Badger transaction each, in a
// goroutine of its own; at most one batch waits while another is written.
type remoteWriter struct {
	db      *badger.DB
	batches chan []kv
	pending gosync.WaitGroup
	mu      gosync.Mutex
	err     error // the first commit that failed; later batches are dropped
}

func startWriter(db *badger.DB) *remoteWriter {
	w := &remoteWriter{db: db, batches: make(chan []kv, 1)}
	go func() {
		for b := range w.batches {
			if w.failed() == nil {
				if err := w.write(b); err != nil {
					w.mu.Lock()
					w.err = fmt.Errorf("commit: %w", err)
					w.mu.Unlock()
				}
			}
			w.pending.Done()
		}
	}()
	return w
}

func (w *remoteWriter) write(b []kv) error {
	txn := w.db.NewTransaction(true)
	defer txn.Discard()
	for _, e := range b {
		var err error
		if e.del {
			err = txn.Delete(e.k)
		} else {
			err = txn.Set(e.k, e.v)
		}
		if err != nil {
			return err
		}
	}
	return txn.Commit()
}

func (w *remoteWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// send queues a batch, waiting while another is queued.
func (w *remoteWriter) send(b []kv) {
	w.pending.Add(1)
	w.batches <- b
}

// wait returns once every batch sent is committed and synced, with the first error.
func (w *remoteWriter) wait() error {
	w.pending.Wait()
	return w.failed()
}

// stop waits for the batches sent and ends the goroutine.
func (w *remoteWriter) stop() error {
	err := w.wait()
	close(w.batches)
	return err
}

// checkRemote refuses an op that no replica could have written.
func checkRemote(op *ims.Op) error {
	if op.ID == "" || op.Replica == "" || op.Seq == 0 || op.HLC == 0 || op.Entity == "" {
		return fmt.Errorf("remote op %q of replica %q (seq %d): id, replica, seq, clock and entity are required", op.ID, op.Replica, op.Seq)
	}
	if _, err := ims.KindByName(op.Kind); err != nil {
		return fmt.Errorf("remote op %s: %w", op.ID, err)
	}
	switch op.Type {
	case ims.OpCreate, ims.OpSet, ims.OpLink, ims.OpUnlink, ims.OpDelete, ims.OpRestore:
		return nil
	}
	return fmt.Errorf("remote op %s: unknown type %q", op.ID, op.Type)
}

// loadVersionVector reads vv/ into memory when the store opens.
func loadVersionVector(txn *badger.Txn) (map[string]uint64, error) {
	vv := map[string]uint64{}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixVV, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		b, err := it.Item().ValueCopy(nil)
		if err != nil {
			return nil, err
		}
		q, err := strconv.ParseUint(string(b), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad version vector entry %s: %w", it.Item().Key(), err)
		}
		vv[string(it.Item().Key()[len(prefixVV):])] = q
	}
	return vv, nil
}

// indexReplicas is migration 2's work: index every op of the log by replica and sequence
// (rep/, vv/), then rebuild the derived state with the apply rule that keeps superseded
// op ids and orders link adds by clock.
func (s *Store) indexReplicas() error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	vv := map[string]uint64{}
	err := s.eachOp(func(key []byte, op ims.Op) error {
		vv[op.Replica] = max(vv[op.Replica], op.Seq)
		return wb.Set(keyRep(op.Replica, op.Seq), key)
	})
	if err != nil {
		return err
	}
	for r, q := range vv {
		if err := wb.Set(keyVV(r), []byte(strconv.FormatUint(q, 10))); err != nil {
			return err
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	_, err = s.Rebuild()
	return err
}
