package store

import (
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
// The commits of one call are pipelined: the next is built while Badger writes and syncs
// the one before, and Badger groups queued commits into one write. Nothing read while
// building needs a commit still in flight: the entities touched stay in memory across the
// call's commits (up to maxRemoteEntities, then the call waits for its commits and reads
// afresh), and an op can only be held already if its seq is at or below what the store held
// when the call began.
func (s *Store) ApplyRemote(ops []ims.Op) (ims.RemoteResult, error) {
	var res ims.RemoteResult
	for i := range ops {
		if err := checkRemote(&ops[i]); err != nil {
			return res, err
		}
	}
	s.mu.Lock()
	t := s.begin(ims.Actor{})
	var inflight pipeline
	var touched []*entity
	err := func() error {
		defer func() { t.discard() }()
		seen := make(map[string]bool, len(ops))
		queued := map[*entity]bool{} // in t.order, to be put by the next commit
		commit := func() error {
			for _, e := range t.order {
				if err := t.put(e); err != nil {
					return err
				}
			}
			if err := t.commitAsync(&inflight); err != nil {
				return err
			}
			clear(queued)
			if len(t.ents) > maxRemoteEntities {
				if err := inflight.wait(); err != nil {
					return err
				}
				touched = appendEntities(touched, t.ents)
				t.ents = map[string]*entity{}
			}
			return nil
		}
		for _, op := range ops {
			key := keyOp(op.HLC, op.ID)
			if seen[string(key)] {
				res.Skipped++
				continue
			}
			seen[string(key)] = true
			// An op above the highest seq held of its replica cannot be held: only the
			// others need a look in the log.
			if op.Seq <= s.vv[op.Replica] {
				if _, err := t.txn.Get(key); err == nil {
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
		return inflight.wait()
	}()
	touched = appendEntities(touched, t.ents)
	if err != nil {
		// What landed of the commits in flight is on disk but not known here: read the
		// version vector again and let the cache load afresh.
		inflight.wait()
		s.forget()
		if err := s.db.View(func(txn *badger.Txn) (err error) { s.vv, err = loadVersionVector(txn); return err }); err != nil {
			s.vv = map[string]uint64{}
		}
		s.mu.Unlock()
		return res, err
	}
	for r, q := range t.vv {
		s.vv[r] = max(s.vv[r], q)
	}
	for _, e := range touched {
		s.remember(e.kind, &e.st)
	}
	s.mu.Unlock()
	s.changed(touched, false)
	return res, nil
}

// maxRemoteEntities bounds the entities ApplyRemote keeps in memory across its commits.
const maxRemoteEntities = 50000

// appendEntities appends the entities of a transaction's map, in a fixed order.
func appendEntities(to []*entity, ents map[string]*entity) []*entity {
	start := len(to)
	for _, e := range ents {
		to = append(to, e)
	}
	slices.SortFunc(to[start:], func(a, b *entity) int { return strings.Compare(a.kind.Name+"/"+a.st.ID, b.kind.Name+"/"+b.st.ID) })
	return to
}

// pipeline tracks the commits of one ApplyRemote that Badger has not finished yet; at most
// maxInflight are queued at once, so memory stays bounded.
type pipeline struct {
	wg    gosync.WaitGroup
	slots chan struct{}
	mu    gosync.Mutex
	err   error
}

const maxInflight = 8

func (p *pipeline) add() func(error) {
	if p.slots == nil {
		p.slots = make(chan struct{}, maxInflight)
	}
	p.slots <- struct{}{}
	p.wg.Add(1)
	return func(err error) {
		if err != nil {
			p.mu.Lock()
			if p.err == nil {
				p.err = fmt.Errorf("commit: %w", err)
			}
			p.mu.Unlock()
		}
		<-p.slots
		p.wg.Done()
	}
}

// wait returns once every commit queued is written and synced, with the first error.
func (p *pipeline) wait() error {
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// commitAsync writes the version vector and queues the commit with Badger without waiting
// for it, then goes on in a new transaction. The entities touched stay in t.ents; t.vv
// keeps growing, so each commit writes the vector as far as it reaches.
func (t *tx) commitAsync(p *pipeline) error {
	for r, q := range t.vv {
		if q > t.s.vv[r] {
			if err := t.set(keyVV(r), []byte(strconv.FormatUint(q, 10))); err != nil {
				return err
			}
		}
	}
	t.txn.CommitWith(p.add())
	t.txn = t.s.db.NewTransaction(true)
	t.order, t.size, t.count = nil, 0, 0
	return nil
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
