package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"keel/backend/ims"
	"keel/backend/workspace"
)

// A sync file is a sync folder in one file, for email or a USB stick: the same segment and
// member files under their folder names. It needs no encryption or signature of its own:
// every segment in it is checked as if a cloud drive had delivered it.
//
//	magic "KPKG" | version u8 | entries: (name len u16 | name | size u32 | bytes)... |
//	"KEND" | SHA-256 of everything before it
const (
	packMagic = "KPKG"
	packEnd   = "KEND"
	// MaxPackBytes caps a sync file.
	MaxPackBytes   = 512 << 20
	maxPackEntries = 100000
)

// packName matches the names a sync file may carry: no other paths, no traversal.
var packName = regexp.MustCompile(`^(ops/[A-Za-z0-9][A-Za-z0-9_-]{0,63}/[1-9][0-9]{0,19}-[1-9][0-9]{0,19}\.seg|members/[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.json|blobs/[0-9a-f]{64}\.blob)$`)

// PackEntry is one file of a sync file.
type PackEntry struct {
	Name string // slash-separated, relative to the folder
	Data []byte
}

// Pack puts the folder's segment and member files (those Keel writes, not empty) into one
// sync file.
func (f *Folder) Pack() ([]byte, error) { return f.pack(nil) }

// PackLacking is Pack with only the segments some other member lacks, going by the version
// vector in its member file (what it held when it last wrote it: after its last round or
// import). Member and key files always go in, and the evidence blobs the segments that go
// in attach. With no other member known, or one that has not said what it holds, it is
// Pack.
func (f *Folder) PackLacking() ([]byte, error) {
	devs, err := f.Devices()
	if err != nil {
		return nil, err
	}
	var others []map[string]uint64
	for _, d := range devs {
		if d.Replica == f.Device.Replica {
			continue
		}
		if d.Has == nil {
			return f.pack(nil)
		}
		others = append(others, d.Has)
	}
	if len(others) == 0 {
		return f.pack(nil)
	}
	return f.pack(func(replica string, to uint64) bool {
		for _, has := range others {
			if has[replica] < to {
				return true
			}
		}
		return false
	})
}

// pack is Pack; a segment goes in only when want says so (nil: all, and every blob), and
// then only the blobs its segments attach.
func (f *Folder) pack(want func(replica string, to uint64) bool) ([]byte, error) {
	var entries []PackEntry
	blobs := map[string]string{} // with want: blob name → path, for the segments' attachments
	err := filepath.WalkDir(f.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(f.Dir, path)
		if err != nil || !packName.MatchString(filepath.ToSlash(rel)) {
			return err
		}
		if want != nil && strings.HasPrefix(filepath.ToSlash(rel), "blobs/") {
			blobs[filepath.ToSlash(rel)] = path
			return nil
		}
		if m := segName.FindStringSubmatch(d.Name()); m != nil && want != nil {
			to, _ := strconv.ParseUint(m[2], 10, 64)
			if !want(filepath.Base(filepath.Dir(path)), to) {
				return nil
			}
		}
		b, err := readCapped(path, MaxSegmentBytes)
		if err != nil || len(b) == 0 {
			return err
		}
		entries = append(entries, PackEntry{Name: filepath.ToSlash(rel), Data: b})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, name := range f.attached(entries) {
		if path, ok := blobs[name]; ok {
			b, err := readCapped(path, MaxSegmentBytes)
			if err != nil {
				return nil, err
			}
			entries = append(entries, PackEntry{Name: name, Data: b})
		}
	}
	b := encodePack(entries)
	if len(b) > MaxPackBytes {
		return nil, fmt.Errorf("the folder holds more than a sync file may (%d bytes)", MaxPackBytes)
	}
	return b, nil
}

// attached returns the names of the blobs of the evidence files that the ops of the
// segments among entries attach (those it can open).
func (f *Folder) attached(entries []PackEntry) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name, ".seg") {
			continue
		}
		seg, err := ReadSegment(e.Data)
		if err != nil || f.keyOf(seg.Epoch) == nil {
			continue
		}
		m, err := f.readMember(seg.Replica)
		if err != nil {
			continue
		}
		ops, err := seg.Open(f.keyOf(seg.Epoch), m.PublicKey)
		if err != nil {
			continue
		}
		for _, op := range ops {
			refs, _ := op.Value.([]any)
			for _, r := range refs {
				s, _ := r.(string)
				if h, _, ok := ims.SplitAttachment(s); ok && !seen[h] {
					seen[h] = true
					rel, _ := filepath.Rel(f.Dir, f.blobPath(h))
					out = append(out, filepath.ToSlash(rel))
				}
			}
		}
	}
	return out
}

// encodePack writes entries as a sync file, names unchecked.
func encodePack(entries []PackEntry) []byte {
	b := append([]byte(packMagic), 1)
	for _, e := range entries {
		b = binary.BigEndian.AppendUint16(b, uint16(len(e.Name)))
		b = append(b, e.Name...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(e.Data)))
		b = append(b, e.Data...)
	}
	sum := sha256.Sum256(b)
	return append(append(b, packEnd...), sum[:]...)
}

// ReadPack parses a sync file, refusing all of it when it is truncated, altered, oversized
// or names a path Keel does not write.
func ReadPack(b []byte) ([]PackEntry, error) {
	if len(b) > MaxPackBytes {
		return nil, segErr("sync file of %d bytes, more than %d", len(b), MaxPackBytes)
	}
	if len(b) < len(packMagic)+1+len(packEnd)+sha256.Size || string(b[:4]) != packMagic {
		return nil, segErr("not a Keel sync file, or truncated")
	}
	if b[4] != 1 {
		return nil, segErr("sync file format %d, this Keel reads 1", b[4])
	}
	body, tail := b[:len(b)-len(packEnd)-sha256.Size], b[len(b)-len(packEnd)-sha256.Size:]
	sum := sha256.Sum256(body)
	if string(tail[:len(packEnd)]) != packEnd || !bytes.Equal(tail[len(packEnd):], sum[:]) {
		return nil, segErr("sync file truncated or altered (its checksum does not match)")
	}
	r := &reader{b: body, off: 5}
	var out []PackEntry
	seen := map[string]bool{}
	for r.off < len(body) && r.err == nil {
		if len(out) == maxPackEntries {
			return nil, segErr("more than %d files", maxPackEntries)
		}
		nb := r.next(2)
		if nb == nil {
			break
		}
		name := string(r.next(int(binary.BigEndian.Uint16(nb))))
		data := r.next(int(r.u32()))
		if r.err != nil {
			break
		}
		if !packName.MatchString(name) || seen[name] {
			return nil, segErr("sync file names %q: not a file Keel writes, or twice", name)
		}
		seen[name] = true
		out = append(out, PackEntry{Name: name, Data: data})
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// Unpack copies a sync file's files into the folder, never replacing one already there: a
// file of the same name with other bytes is refused (one device wrote two different
// segments for the same seqs, or the file was altered). Empty entries are skipped. It
// returns how many files it added.
func (f *Folder) Unpack(entries []PackEntry, rep *Report) (int, error) {
	return f.unpack(entries, rep, false)
}

// unpack is Unpack; own says whether this device's own files may be added (only when it
// moves its own folder).
func (f *Folder) unpack(entries []PackEntry, rep *Report, own bool) (int, error) {
	added := 0
	for _, e := range entries {
		if !packName.MatchString(e.Name) || len(e.Data) == 0 {
			continue
		}
		path := filepath.Join(f.Dir, filepath.FromSlash(e.Name))
		old, err := os.ReadFile(path)
		switch {
		case err == nil && len(old) > 0:
			if strings.HasPrefix(e.Name, "blobs/") {
				continue // the same content under the same name, sealed by another device: either will do
			}
			if newer, same := newerMember(old, e.Data); same {
				if newer && !own && e.Name != "members/"+f.Device.Replica+".json" {
					if err := workspace.WriteFileAtomic(path, e.Data); err != nil {
						return added, err
					}
				}
				continue
			}
			if !bytes.Equal(old, e.Data) {
				rep.Refused = append(rep.Refused, Refusal{File: e.Name, Reason: "differs from the file of that name already in the folder"})
			}
			continue
		case err != nil && !os.IsNotExist(err):
			return added, err
		}
		if !own && (e.Name == "members/"+f.Device.Replica+".json" || strings.HasPrefix(e.Name, "ops/"+f.Device.Replica+"/")) {
			continue // this device's own files come only from this device
		}
		if err := workspace.WriteFileAtomic(path, e.Data); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}

// newerMember says whether two copies of a member file are of the same device and key
// (same), and whether b says it holds more than a (newer): a member file is the one file
// a device rewrites, each time with what it holds.
func newerMember(a, b []byte) (newer, same bool) {
	var ma, mb Member
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil || ma.Replica == "" ||
		ma.Replica != mb.Replica || !bytes.Equal(ma.PublicKey, mb.PublicKey) {
		return false, false
	}
	grew := false
	for r, seq := range ma.Has {
		if mb.Has[r] < seq {
			return false, true
		}
	}
	for r, seq := range mb.Has {
		grew = grew || seq > ma.Has[r]
	}
	return grew, true
}

// Adopt copies another folder's files into this one (none replaced), so that a device
// moving to a new folder keeps one chain of segments: what it wrote before is there.
func (f *Folder) Adopt(from string) error {
	if _, err := os.Stat(from); os.IsNotExist(err) {
		return nil
	}
	old := &Folder{Dir: from}
	b, err := old.Pack()
	if err != nil {
		return err
	}
	entries, err := ReadPack(b)
	if err != nil {
		return err
	}
	var rep Report
	if _, err := f.unpack(entries, &rep, true); err != nil {
		return err
	}
	if len(rep.Refused) > 0 {
		return fmt.Errorf("%s already holds a different %s: choose an empty folder or the one used before", f.Dir, rep.Refused[0].File)
	}
	return nil
}
