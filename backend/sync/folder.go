package sync

import (
	"cmp"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"

	"keel/backend/ims"
	"keel/backend/workspace"
)

// Device is this device in a workspace: its replica id, a name people recognise and the
// ed25519 key it signs its segments with.
type Device struct {
	Replica string
	Name    string
	Key     ed25519.PrivateKey
}

// Member is one device's entry under members/<replica>.json: the key its segments are
// checked with.
type Member struct {
	Replica   string `json:"replica"`
	Name      string `json:"name"`
	PublicKey []byte `json:"publicKey"` // ed25519, base64 in JSON
	// BoxKey is the device's X25519 key: a new workspace key is sealed to it when a device
	// is removed (keys.go).
	BoxKey []byte `json:"boxKey,omitempty"`
	// Has is the device's version vector when it last wrote this file: what it holds, so
	// a sync file can carry only what it lacks.
	Has map[string]uint64 `json:"has,omitempty"`
	// Invite is the id of the invite the device joined with ("" for the first device).
	Invite string `json:"invite,omitempty"`
	// Admitted names, for each invite this device wrote that has been used, the device that
	// used it first: any other device naming that invite is refused everywhere.
	Admitted map[string]string `json:"admitted,omitempty"`
}

// Folder syncs one workspace through a folder another program keeps in step.
type Folder struct {
	Dir       string
	Workspace string // the workspace id every segment must carry
	Key       []byte // the workspace key (KeySize bytes); it never goes into the folder
	Device    Device
	// Epoch is the key epoch of Key; OldKeys are the keys of earlier epochs, which read
	// what was written under them. A round that finds a newer epoch (a device was removed)
	// moves Key to OldKeys and takes the new one: the caller saves them.
	Epoch   uint32
	OldKeys map[uint32][]byte
	Invite  string // the invite this device joined with, named in its member file
	// Issued is the invites this device wrote, each with the device that used it ("" not
	// yet); a round fills them in and the caller saves them.
	Issued map[string]string
}

// Report says what a round did.
type Report struct {
	Sent     int       `json:"sent"`     // ops written as new segments
	Segments int       `json:"segments"` // segments written
	Received int       `json:"received"` // ops from other devices merged
	Skipped  int       `json:"skipped"`  // ops read that were already held
	Refused  []Refusal `json:"refused,omitempty"`
	Waiting  []string  `json:"waiting,omitempty"` // devices whose next segment has not arrived
	Skewed   []string  `json:"skewed,omitempty"`  // devices whose clock is too far ahead
	// Removed says this device was removed from the workspace (by whom): it no longer
	// gets the workspace key, and what it writes is refused.
	Removed string `json:"removed,omitempty"`
	Blobs   int    `json:"blobs,omitempty"` // evidence files this device added to the folder
}

// Refusal names a file that was not applied and why.
type Refusal struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// segName matches exactly the names Keel writes; conflict copies ("1-5 (1).seg",
// "1-5-DESKTOP-AB12.seg", ".sync-conflict-" names), lock files and temp files do not.
var segName = regexp.MustCompile(`^([1-9][0-9]{0,19})-([1-9][0-9]{0,19})\.seg$`)

// replicaName matches the replica ids a folder may name (UUIDs and test names).
var replicaName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// segFile is one segment file found in a replica's folder.
type segFile struct {
	path        string
	from, to    uint64
	placeholder bool // zero bytes: a cloud drive's stub of a file not downloaded yet
}

// Round writes this device's new ops as segments, then reads every other device's
// segments in order and merges what it lacks. A file that fails any check is refused and
// reported, and nothing after it from that device is applied this round.
func (f *Folder) Round(log ims.OpLog) (Report, error) {
	var rep Report
	if len(f.Key) != KeySize || len(f.Device.Key) != ed25519.PrivateKeySize {
		return rep, errors.New("sync needs the workspace key and this device's key")
	}
	removed, err := f.adoptRotations(&rep)
	if err != nil {
		return rep, err
	}
	admitted, err := f.admit()
	if err != nil {
		return rep, err
	}
	if err := f.publishMember(log); err != nil {
		return rep, err
	}
	if rep.Removed == "" {
		if err := f.send(log, &rep); err != nil {
			return rep, err
		}
	}
	held := log.VersionVector()
	var ops []ims.Op
	dirs, err := readDir(filepath.Join(f.Dir, "ops"))
	if err != nil {
		return rep, err
	}
	for _, d := range dirs {
		r := d.Name()
		if !d.IsDir() || r == f.Device.Replica || !replicaName.MatchString(r) {
			continue
		}
		got, err := f.receive(r, held[r], removed, admitted, &rep)
		if err != nil {
			return rep, err
		}
		ops = append(ops, got...)
	}
	if len(ops) > 0 {
		res, err := log.ApplyRemote(ops)
		if err != nil {
			return rep, err
		}
		rep.Received, rep.Skipped, rep.Skewed = res.Applied, res.Skipped, res.Skewed
		if err := f.publishMember(log); err != nil { // what this device now has
			return rep, err
		}
	}
	return rep, nil
}

// admit records, for each invite this device wrote, the first device found using it, and
// returns every invite admitted by any member of the folder, with the device it admitted.
func (f *Folder) admit() (map[string]string, error) {
	devs, err := f.Devices()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range devs { // replica order: two devices using one invite in one round, the first in that order wins
		if first, ok := f.Issued[d.Invite]; ok && first == "" && d.Invite != "" {
			f.Issued[d.Invite] = d.Replica
		}
		for id, r := range d.Admitted {
			out[id] = r
		}
	}
	for id, r := range f.Issued {
		if r != "" {
			out[id] = r
		}
	}
	return out, nil
}

// publishMember writes this device's member file when it is missing or out of date.
func (f *Folder) publishMember(log ims.OpLog) error {
	box, _ := boxKeys(f.Device.Key)
	m := Member{Replica: f.Device.Replica, Name: f.Device.Name, PublicKey: f.Device.Key.Public().(ed25519.PublicKey),
		BoxKey: box[:], Has: log.VersionVector(), Invite: f.Invite}
	for id, r := range f.Issued {
		if r != "" {
			if m.Admitted == nil {
				m.Admitted = map[string]string{}
			}
			m.Admitted[id] = r
		}
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	path := filepath.Join(f.Dir, "members", f.Device.Replica+".json")
	if old, err := os.ReadFile(path); err == nil && string(old) == string(b) {
		return nil
	}
	return workspace.WriteFileAtomic(path, b)
}

// readMember reads members/<replica>.json.
func (f *Folder) readMember(replica string) (Member, error) {
	var m Member
	b, err := readCapped(filepath.Join(f.Dir, "members", replica+".json"), 64<<10)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Replica != replica || len(m.PublicKey) != ed25519.PublicKeySize {
		return m, fmt.Errorf("member file of %s is malformed", replica)
	}
	return m, nil
}

// send writes this device's ops after its last segment in the folder.
func (f *Folder) send(log ims.OpLog, rep *Report) error {
	me := f.Device.Replica
	dir := filepath.Join(f.Dir, "ops", me)
	segs, err := listSegments(dir)
	if err != nil {
		return err
	}
	var prev [32]byte
	var last uint64
	if len(segs) > 0 {
		s := segs[len(segs)-1]
		b, err := readCapped(s.path, MaxSegmentBytes)
		if err != nil {
			return err
		}
		seg, err := ReadSegment(b)
		if err != nil {
			return fmt.Errorf("this device's last segment %s: %w", s.path, err)
		}
		prev, last = seg.Hash, s.to
	}
	if held := log.VersionVector()[me]; held < last {
		return fmt.Errorf("the folder holds ops of this device up to %d but its log only to %d: is another copy of this workspace using the same device id?", last, held)
	}
	for {
		ops, err := log.OpsAfter(me, last, MaxSegmentOps)
		if err != nil || len(ops) == 0 {
			return err
		}
		b, err := SealEpoch(f.Workspace, f.Epoch, prev, ops, f.Key, f.Device.Key)
		if err != nil {
			return err
		}
		to := ops[len(ops)-1].Seq
		if err := workspace.WriteFileAtomic(filepath.Join(dir, fmt.Sprintf("%d-%d.seg", last+1, to)), b); err != nil {
			return err
		}
		seg, _ := ReadSegment(b)
		prev, last = seg.Hash, to
		rep.Sent += len(ops)
		rep.Segments++
	}
}

// receive walks one device's chain of segments from its first and returns the ops after
// held from the segments that pass every check, stopping at the first that does not.
func (f *Folder) receive(replica string, held uint64, removed map[string]uint64, admitted map[string]string, rep *Report) ([]ims.Op, error) {
	segs, err := listSegments(filepath.Join(f.Dir, "ops", replica))
	if err != nil {
		return nil, err
	}
	refuse := func(s segFile, format string, a ...any) {
		rel, _ := filepath.Rel(f.Dir, s.path)
		rep.Refused = append(rep.Refused, Refusal{File: filepath.ToSlash(rel), Reason: fmt.Sprintf(format, a...)})
	}
	if len(segs) == 0 {
		return nil, nil
	}
	m, err := f.readMember(replica)
	pub := ed25519.PublicKey(m.PublicKey)
	if err != nil {
		refuse(segs[0], "unknown device %s: %v", replica, err)
		return nil, nil
	}
	if first, ok := admitted[m.Invite]; ok && m.Invite != "" && first != replica {
		refuse(segs[0], "joined with an invite already used by device %s", first)
		return nil, nil
	}
	var out []ims.Op
	var prev [32]byte
	next := uint64(1)
	for i, s := range segs {
		if s.from > next || s.placeholder && s.from == next {
			rep.Waiting = append(rep.Waiting, fmt.Sprintf("%s: seq %d", replica, next))
			break
		}
		if s.from < next || i+1 < len(segs) && segs[i+1].from == s.from {
			refuse(s, "fork: seq %d-%d overlaps another segment of the device", s.from, s.to)
			break
		}
		b, err := readCapped(s.path, MaxSegmentBytes)
		if err != nil {
			refuse(s, "%v", err)
			break
		}
		seg, err := ReadSegment(b)
		if err != nil {
			refuse(s, "%v", err)
			break
		}
		if seg.Workspace != f.Workspace || seg.Replica != replica || seg.From != s.from || seg.To != s.to {
			refuse(s, "header says workspace %s, device %s, seq %d-%d: not what its name and folder say", seg.Workspace, seg.Replica, seg.From, seg.To)
			break
		}
		if seg.Prev != prev {
			refuse(s, "fork: does not follow the device's previous segment (hash chain broken)")
			break
		}
		if last, gone := removed[replica]; gone && s.to > last {
			refuse(s, "device removed from the workspace: only its changes up to %d are taken", last)
			break
		}
		key := f.keyOf(seg.Epoch)
		if key == nil {
			refuse(s, "cannot decrypt: sealed with the workspace key of epoch %d, which this device does not hold", seg.Epoch)
			break
		}
		ops, err := seg.Open(key, pub)
		if err != nil {
			refuse(s, "%v", err)
			break
		}
		for _, op := range ops {
			if op.Seq > held {
				out = append(out, op)
			}
		}
		prev, next = seg.Hash, s.to+1
	}
	return out, nil
}

// listSegments lists the segment files of one device's folder in seq order, leaving out
// anything Keel did not write (conflict copies, lock and temp files) and marking
// zero-byte placeholders of files a cloud drive has not fetched yet.
func listSegments(dir string) ([]segFile, error) {
	entries, err := readDir(dir)
	if err != nil {
		return nil, err
	}
	var out []segFile
	for _, e := range entries {
		m := segName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		from, err1 := strconv.ParseUint(m[1], 10, 64)
		to, err2 := strconv.ParseUint(m[2], 10, 64)
		if err1 != nil || err2 != nil || to < from {
			continue
		}
		out = append(out, segFile{path: filepath.Join(dir, e.Name()), from: from, to: to, placeholder: info.Size() == 0})
	}
	slices.SortFunc(out, func(a, b segFile) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	return out, nil
}

// readDir lists a folder; one that does not exist (yet) is empty.
func readDir(dir string) ([]os.DirEntry, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return entries, err
}

// readCapped reads a file, refusing one larger than limit before reading it.
func readCapped(path string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%w: %d bytes, more than the %d allowed", ErrSegment, info.Size(), limit)
	}
	b := make([]byte, info.Size())
	if _, err := fh.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("%w: read %s: %v", ErrSegment, filepath.Base(path), err)
	}
	return b, nil
}
