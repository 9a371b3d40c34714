package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"keel/backend/ims"
)

// draft is an op before the store stamps it with id, replica, sequence, clock and actor.
type draft struct {
	Type  ims.OpType
	Field string
	Value any
	Pred  []string
}

// tx is one write transaction, and the one path by which ops reach the log: single
// writes, batches, ops from another replica and the test loaders all go through it. It
// appends ops with their history keys and applies them to the entities' states (apply
// stamps this device's drafts; appendOp takes an op as it came); put writes an entity's
// state and index entries; commit writes the sequence number and commits. The caller
// holds Store.mu.
type tx struct {
	s     *Store
	txn   *badger.Txn        // reads, and writes unless wb is set
	wb    *badger.WriteBatch // bulk loads in tests: unsynced writes, reads see only what is committed
	actor ims.Actor
	seq   uint64
	vv    map[string]uint64  // the highest seq per replica appended since the last commit
	ents  map[string]*entity // the entities touched since the last commit, by kind/id
	order []*entity
	size  int // bytes and entries written since the last commit, against Badger's cap
	count int
	// deferred holds the entities a batch creates before it links them: their rules and
	// follow-ups wait until they have their links (the batch checked them beforehand).
	deferred map[string]bool // by kind/id
	// at is the clock a back-dated write starts from (ims.Backdated), 0 for now; the
	// clock never runs backwards for it (oplog.Clock.NowFrom).
	at uint64
	// buffered (ApplyRemote): writes collect in buf for a writer goroutine to commit, and
	// txn is only a snapshot to read.
	buffered bool
	buf      []kv
}

// entity is one entity a transaction touches.
type entity struct {
	kind *ims.Kind
	st   ims.EntityState
	prev ims.Record      // as stored before this transaction; ID "" when new
	idx  map[string]bool // its index entries as last written
}

func (s *Store) begin(actor ims.Actor) *tx {
	return &tx{s: s, txn: s.db.NewTransaction(true), actor: actor, seq: s.seq, ents: map[string]*entity{}}
}

func (t *tx) discard() {
	t.txn.Discard()
	if t.wb != nil {
		t.wb.Cancel()
	}
}

func (t *tx) set(k, v []byte) error {
	t.size, t.count = t.size+len(k)+len(v)+64, t.count+1
	if t.buffered {
		t.buf = append(t.buf, kv{k: k, v: v})
		return nil
	}
	if t.wb != nil {
		return t.wb.Set(k, v)
	}
	return t.txn.Set(k, v)
}

func (t *tx) del(k []byte) error {
	t.size, t.count = t.size+len(k)+64, t.count+1
	if t.buffered {
		t.buf = append(t.buf, kv{k: k, del: true})
		return nil
	}
	if t.wb != nil {
		return t.wb.Delete(k)
	}
	return t.txn.Delete(k)
}

// entity loads an entity for a change: touched already, stored, or new.
func (t *tx) entity(kind *ims.Kind, id string) (*entity, error) {
	key := kind.Name + "/" + id
	if e, ok := t.ents[key]; ok {
		return e, nil
	}
	e := &entity{kind: kind}
	found, err := getState(t.txn, keyEnt(kind.Name, id), &e.st)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", kind.Name, id, err)
	}
	if !found {
		e.st = ims.EntityState{ID: id, Kind: kind.Name}
	}
	if e.st.Created.OpID != "" {
		e.prev = e.st.ToRecord(kind)
	}
	e.idx = indexEntries(kind, &e.st)
	t.ents[key] = e
	t.order = append(t.order, e)
	return e, nil
}

// apply stamps drafts as ops of this replica and actor, appends and applies them.
func (t *tx) apply(e *entity, drafts []draft) error {
	for _, d := range drafts {
		t.seq++
		hlc := t.s.eng.Now
		if t.at != 0 {
			hlc = func() uint64 { return t.s.eng.NowFrom(t.at) }
		}
		op := ims.Op{ID: uuid.NewString(), Replica: t.s.replica, Seq: t.seq, HLC: hlc(), Actor: t.actor,
			Type: d.Type, Kind: e.kind.Name, Entity: e.st.ID, Field: d.Field, Value: d.Value, Pred: d.Pred}
		if err := t.appendOp(e, op); err != nil {
			return err
		}
	}
	return nil
}

// appendOp writes one op and its history key, and applies it to the entity's state.
func (t *tx) appendOp(e *entity, op ims.Op) error {
	b, err := json.Marshal(op)
	if err != nil {
		return err
	}
	if err := t.set(keyOp(op.HLC, op.ID), b); err != nil {
		return err
	}
	if err := t.set(keyHist(op.Entity, op.HLC, op.ID), nil); err != nil {
		return err
	}
	if err := t.set(keyRep(op.Replica, op.Seq), keyOp(op.HLC, op.ID)); err != nil {
		return err
	}
	if t.vv == nil {
		t.vv = map[string]uint64{}
	}
	t.vv[op.Replica] = max(t.vv[op.Replica], op.Seq)
	t.s.eng.Apply(&e.st, op)
	return nil
}

// check runs the kind's domain rules on the entity as the change leaves it; a local change
// that breaks one is refused (ops from another replica are merged, never refused).
func (t *tx) check(e *entity) error {
	return ims.CheckRecord(e.prev, e.st.ToRecord(e.kind), lookupIn(t.txn))
}

// put writes the entity's materialised state and brings its index entries in step, so
// reads later in the transaction see it.
func (t *tx) put(e *entity) error {
	now := indexEntries(e.kind, &e.st)
	for k := range e.idx {
		if !now[k] {
			if err := t.del([]byte(k)); err != nil {
				return err
			}
		}
	}
	for k := range now {
		if !e.idx[k] {
			if err := t.set([]byte(k), nil); err != nil {
				return err
			}
		}
	}
	e.idx = now
	b, err := json.Marshal(&e.st)
	if err != nil {
		return err
	}
	return t.set(keyEnt(e.kind.Name, e.st.ID), b)
}

// change is a local change to one entity: its drafts applied, checked and put, then the
// follow-ups it sets in motion, all in this transaction.
func (t *tx) change(e *entity, drafts []draft) error {
	if err := t.apply(e, drafts); err != nil {
		return err
	}
	if t.deferred[e.kind.Name+"/"+e.st.ID] {
		return t.put(e)
	}
	if err := t.check(e); err != nil {
		return err
	}
	if err := t.put(e); err != nil {
		return err
	}
	return t.followUp(e)
}

// followUp runs the store's follow-up rules (ims.FollowUp) on a locally changed entity:
// each rule that is due creates its record and links it, as ops of this write. Only local
// changes call it; appendOp alone (ops from another replica, replay) never does.
func (t *tx) followUp(e *entity) error {
	for i := range t.s.opts.Rules.FollowUps {
		rule := &t.s.opts.Rules.FollowUps[i]
		rec := e.st.ToRecord(e.kind)
		if !rule.Due(rec) {
			continue
		}
		kindName, fields, ok := rule.Raise(rec, t.actor, finder{t})
		if !ok {
			continue
		}
		kind, err := ims.KindByName(kindName)
		if err != nil {
			return err
		}
		raised, err := t.create(kind, uuid.NewString(), fields)
		if err != nil {
			return fmt.Errorf("raise the %s of %s %q: %w", kind.Label, strings.ToLower(e.kind.Label), rec.Title, err)
		}
		if err := t.change(e, []draft{{Type: ims.OpSet, Field: rule.Link, Value: raised.st.ID, Pred: e.st.HeadIDs(rule.Link)}}); err != nil {
			return err
		}
	}
	return nil
}

// create validates fields and creates a record with one op per field.
func (t *tx) create(kind *ims.Kind, id string, fields map[string]any) (*entity, error) {
	vals, err := t.s.validate(kind, fields, true)
	if err != nil {
		return nil, err
	}
	return t.createValid(kind, id, vals)
}

// createValid creates a record from values already validated.
func (t *tx) createValid(kind *ims.Kind, id string, vals map[string]any) (*entity, error) {
	e, err := t.entity(kind, id)
	if err != nil {
		return nil, err
	}
	ds, err := fieldDrafts(t.txn, kind, &e.st, vals)
	if err != nil {
		return nil, err
	}
	return e, t.change(e, append([]draft{{Type: ims.OpCreate}}, ds...))
}

// commit writes the sequence number and commits what is pending, then updates the cache.
// The transaction can go on writing afterwards. It returns the entities committed.
func (t *tx) commit() ([]*entity, error) {
	if err := t.s.writable(); err != nil {
		return nil, err
	}
	if t.seq != t.s.seq {
		if err := t.set(keySeq, []byte(strconv.FormatUint(t.seq, 10))); err != nil {
			return nil, err
		}
	}
	for r, q := range t.vv {
		if q > t.s.vv[r] {
			if err := t.set(keyVV(r), []byte(strconv.FormatUint(q, 10))); err != nil {
				return nil, err
			}
		}
	}
	if t.wb != nil {
		if err := t.wb.Flush(); err != nil {
			return nil, err
		}
		t.wb = t.s.db.NewWriteBatch()
	} else if err := t.txn.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	t.txn.Discard()
	t.txn = t.s.db.NewTransaction(true)
	t.s.seq = t.seq
	for r, q := range t.vv {
		t.s.vv[r] = max(t.s.vv[r], q)
	}
	t.vv = nil
	done := t.order
	for _, e := range done {
		t.s.remember(e.kind, &e.st)
	}
	t.ents, t.order, t.size, t.count = map[string]*entity{}, nil, 0, 0
	return done, nil
}

// validate normalises field values and checks their catalogue references.
func (s *Store) validate(kind *ims.Kind, fields map[string]any, create bool) (map[string]any, error) {
	vals, err := kind.ValidateFields(fields, create)
	if err != nil {
		return nil, err
	}
	return vals, kind.CheckRefs(vals, s.opts.Rules.RefKnown)
}

// changed tells OnChange about committed entities: one call per entity, or per kind when
// perKind (a batch).
func (s *Store) changed(ents []*entity, perKind bool) {
	if s.opts.OnChange == nil {
		return
	}
	seen := map[string]bool{}
	for _, e := range ents {
		c := ims.RecordChange{Kind: e.kind.Name, ID: e.st.ID}
		if perKind {
			c.ID = ""
		}
		if key := c.Kind + "/" + c.ID; !seen[key] {
			seen[key] = true
			s.opts.OnChange(c)
		}
	}
}

// finder gives follow-ups read access to live records inside the transaction.
type finder struct{ t *tx }

func (f finder) Get(kind, id string) (ims.Record, bool) {
	if id == "" {
		return ims.Record{}, false
	}
	return lookupIn(f.t.txn)(kind, id)
}

func (f finder) Find(kindName, field, value string) []ims.Record {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil
	}
	var out []ims.EntityState
	keep := func(st ims.EntityState) {
		if st.Created.OpID != "" && !st.Deleted() {
			r := st.ToRecord(kind)
			if matches(&r, field, value) {
				out = append(out, st)
			}
		}
	}
	prefix := prefixEntOf(kind.Name)
	byIndex := slices.Contains(kind.IndexedFields(), field)
	if byIndex {
		prefix = prefixIdxOf(kind.Name, field, strings.ToLower(value))
	}
	it := f.t.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var st ims.EntityState
		if byIndex {
			id := string(it.Item().Key()[len(prefix):])
			if ok, err := getState(f.t.txn, keyEnt(kind.Name, id), &st); err != nil || !ok {
				continue
			}
		} else if err := it.Item().Value(func(b []byte) error { return unmarshalState(b, &st) }); err != nil {
			continue
		}
		keep(st)
	}
	slices.SortFunc(out, func(a, b ims.EntityState) int {
		return cmp.Or(cmp.Compare(a.Created.HLC, b.Created.HLC), strings.Compare(a.ID, b.ID))
	})
	recs := make([]ims.Record, len(out))
	for i := range out {
		recs[i] = out[i].ToRecord(kind)
	}
	return recs
}
