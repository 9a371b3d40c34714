package store_test

import (
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/followup"
	"keel/backend/ims"
	"keel/backend/store"
)

// withFollowUps opens a store in dir with the shipped follow-up rules.
func withFollowUps(t *testing.T, dir string, opts store.Options) *store.Store {
	t.Helper()
	opts.Rules.FollowUps = followup.Rules()
	return MustOpenDir(t, dir, opts)
}

func aiSystem(t *testing.T, s *store.Store) ims.Record {
	t.Helper()
	return mustCreate(t, s, "ai_system", map[string]any{"name": "Credit model", "provenance": "internal",
		"stage": "design and development", "owner": "Priya Raghunathan"})
}

func reading(sys string, value float64) map[string]any {
	return map[string]any{"title": "PSI week 49", "ai_system": sys, "metric_type": "drift", "value": value,
		"threshold": 0.25, "direction": ims.BreachAbove, "date": "2026-11-26"}
}

func count(t *testing.T, s *store.Store, kind string) int {
	t.Helper()
	res, err := s.ListRecords(ctx, ims.ListQuery{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// A breach raises its nonconformity in the write that saves it: the reading's create ops,
// the nonconformity's and the link are one commit, and the log replays to exactly that.
func TestFollowUpInTheWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	var changes []ims.RecordChange
	s := withFollowUps(t, dir, store.Options{OnChange: func(c ims.RecordChange) { changes = append(changes, c) }})
	sys := aiSystem(t, s)
	seq, changes := s.Seq(), nil

	r, err := s.CreateRecord(ctx, ada, "monitoring_record", reading(sys.ID, 0.31))
	if err != nil {
		t.Fatal(err)
	}
	ncID, _ := r.Fields["nonconformity"].(string)
	if ncID == "" || count(t, s, "nonconformity") != 1 {
		t.Fatalf("the breach links %q, %d nonconformities", ncID, count(t, s, "nonconformity"))
	}
	nc, err := s.GetRecord(ctx, "nonconformity", ncID)
	if err != nil || nc.Fields["owner"] != "Priya Raghunathan" || !strings.Contains(nc.Title, "Credit model") || nc.CreatedBy != ada {
		t.Fatalf("nonconformity %+v, %v", nc, err)
	}
	// One transaction: the sequence moved by every op of it, and both records changed once.
	hist, _ := s.History(ctx, "monitoring_record", r.ID)
	ncHist, _ := s.History(ctx, "nonconformity", ncID)
	if got := s.Seq() - seq; got != uint64(len(hist)+len(ncHist)) {
		t.Errorf("seq moved by %d for %d ops", got, len(hist)+len(ncHist))
	}
	if last := hist[len(hist)-1]; last.Type != ims.OpSet || last.Field != "nonconformity" || last.Value != ncID {
		t.Errorf("last op of the reading %+v, want the link", last)
	}
	if len(changes) != 2 || changes[0].ID != r.ID || changes[1].ID != ncID {
		t.Errorf("changes %+v, want the reading then its nonconformity", changes)
	}
	// Saving it again raises nothing more.
	if _, err := s.UpdateRecord(ctx, ada, "monitoring_record", r.ID, map[string]any{"notes": "retraining planned"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "nonconformity"); n != 1 {
		t.Errorf("%d nonconformities after a second save", n)
	}

	// Replay and rebuild apply the ops and never run a rule: still exactly one.
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir, store.Options{Rules: ims.Rules{FollowUps: followup.Rules()}})
	if n := count(t, s, "nonconformity"); n != 1 {
		t.Errorf("%d nonconformities after replay, rebuild and reopen; want 1", n)
	}
	states, _, err := s.Replay()
	if err != nil {
		t.Fatal(err)
	}
	ncs := 0
	for _, st := range states {
		if st.Kind == "nonconformity" {
			ncs++
		}
	}
	if ncs != 1 {
		t.Errorf("replay gives %d nonconformities, want 1", ncs)
	}
}

// Ops from another device are merged, never followed up: that device raised the
// nonconformity already and its ops bring it.
func TestRemoteOpsRunNoFollowUp(t *testing.T) {
	s := withFollowUps(t, "", store.Options{InMemory: true})
	sys := aiSystem(t, s)
	ok, err := s.CreateRecord(ctx, ada, "monitoring_record", reading(sys.ID, 0.12))
	if err != nil || ok.Fields["nonconformity"] != nil {
		t.Fatalf("a reading within its threshold: %v, %v", ok.Fields, err)
	}
	if _, err := s.WriteRemoteOp(ims.Op{Replica: "office", Actor: bob, Type: ims.OpSet, Kind: "monitoring_record",
		Entity: ok.ID, Field: "value", Value: 0.4}); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetRecord(ctx, "monitoring_record", ok.ID)
	if err != nil || got.Fields["value"] != 0.4 || got.Fields["nonconformity"] != nil || count(t, s, "nonconformity") != 0 {
		t.Errorf("after a remote breach: %v (%v), %d nonconformities; want none raised here", got.Fields, err, count(t, s, "nonconformity"))
	}
}

// An import follows up each record in the transaction that writes it.
func TestFollowUpInABatch(t *testing.T) {
	s := withFollowUps(t, "", store.Options{InMemory: true})
	sys := aiSystem(t, s)
	recs, err := s.CreateRecords(ctx, ada, "monitoring_record", []map[string]any{reading(sys.ID, 0.31), reading(sys.ID, 0.1), reading(sys.ID, 0.5)})
	if err != nil || len(recs) != 3 {
		t.Fatalf("CreateRecords = %d, %v", len(recs), err)
	}
	for i, want := range []bool{true, false, true} {
		if linked := recs[i].Fields["nonconformity"] != nil; linked != want {
			t.Errorf("record %d links a nonconformity: %v, want %v", i+1, linked, want)
		}
	}
	if n := count(t, s, "nonconformity"); n != 2 {
		t.Errorf("%d nonconformities, want 2", n)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
}

// A follow-up that cannot be written refuses the whole write: nothing of it is kept.
func TestFailedFollowUpWritesNothing(t *testing.T) {
	broken := ims.FollowUp{Kind: "monitoring_record", Link: "nonconformity",
		Raise: func(ims.Record, ims.Actor, ims.Finder) (string, map[string]any, bool) {
			return "nonconformity", map[string]any{"title": "no owner"}, true
		}}
	s := MustOpenDir(t, "", store.Options{InMemory: true, Rules: ims.Rules{FollowUps: []ims.FollowUp{broken}}})
	sys := aiSystem(t, s)
	seq := s.Seq()
	if _, err := s.CreateRecord(ctx, ada, "monitoring_record", reading(sys.ID, 0.31)); err == nil || !strings.Contains(err.Error(), "is required") {
		t.Fatalf("CreateRecord = %v, want the follow-up's error", err)
	}
	if _, err := s.CreateRecords(ctx, ada, "monitoring_record", []map[string]any{reading(sys.ID, 0.31)}); err == nil {
		t.Fatal("CreateRecords kept a record whose follow-up failed")
	}
	if n, m := count(t, s, "monitoring_record"), count(t, s, "nonconformity"); n != 0 || m != 0 {
		t.Errorf("%d readings and %d nonconformities kept", n, m)
	}
	if s.Seq() != seq {
		t.Errorf("seq moved from %d to %d", seq, s.Seq())
	}
	if err := s.VerifyReplay(); err != nil {
		t.Error(err)
	}
}

// The catalogue-reference check is given when the store opens; a batch names the record
// it refuses.
func TestRefKnownOption(t *testing.T) {
	known := func(ref string) bool { return ref == "iso27001-2022:A.5.15" }
	s := MustOpenDir(t, "", store.Options{InMemory: true, Rules: ims.Rules{RefKnown: known}})
	audit := map[string]any{"title": "Access audit", "standards": []string{"ISO/IEC 27001"}, "lead_auditor": "José Núñez", "status": "planned"}
	with := func(criteria string) map[string]any {
		m := map[string]any{"criteria": criteria}
		for k, v := range audit {
			m[k] = v
		}
		return m
	}
	if _, err := s.CreateRecord(ctx, ada, "audit", with("iso27001-2022:A.5.15")); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateRecord(ctx, ada, "audit", with("iso27001-2022:A.99"))
	if e := ims.AsError(err); e.Field != "criteria" || !strings.Contains(e.Message, "is not an item of a catalogue Keel ships") {
		t.Errorf("unknown item: %v", err)
	}
	_, err = s.CreateRecords(ctx, ada, "audit", []map[string]any{with("iso27001-2022:A.5.15"), with("iso27001-2022:A.99")})
	if e := ims.AsError(err); e.Record != 2 || e.Field != "criteria" || !strings.HasPrefix(e.Message, "record 2: ") {
		t.Errorf("batch: %+v", e)
	}
	if n := count(t, s, "audit"); n != 1 {
		t.Errorf("%d audits, want 1", n)
	}
	// Without the check, only the shape is checked.
	plain := MustOpenMem(t)
	if _, err := plain.CreateRecord(ctx, ada, "audit", with("iso27001-2022:A.99")); err != nil {
		t.Errorf("no check: %v", err)
	}
}
