package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"keel/backend/durable"
)

const backupSuffix = ".keel-backup"

// A backup file (format 2) is
//
//	magic "KEELBAK2" | codec byte | sections | 'E' | SHA-256 of every byte before it
//
// with each section a type byte ('D': the Badger backup stream of the database; 'F': one
// of the workspace's own files, named by its slash path under the workspace folder), a
// 4-byte name length, the name, an 8-byte data length and the data (little-endian). The
// checksum is verified over the whole file before anything is read from it, so a backup
// with any byte changed, cut short or added to is refused and replaces nothing. The codec
// byte is 0 (plain); encryption with the workspace passphrase is the seam's other value.
const (
	backupMagic = "KEELBAK2"
	codecPlain  = 0
	secDB       = 'D'
	secFile     = 'F'
	secEnd      = 'E'
)

// Backup writes a backup into the configured folder, keeping the newest KeepBackups (10
// when unset).
func (s *Store) Backup() (string, error) {
	if s.opts.BackupDir == "" {
		return "", fmt.Errorf("no backup folder configured")
	}
	keep := s.opts.KeepBackups
	if keep <= 0 {
		keep = 10
	}
	return s.BackupTo(s.opts.BackupDir, keep)
}

// BackupTo writes a full backup of the database, and of the workspace's own files when
// Options.FilesDir is set, into dir, named by time, and keeps only the newest keep backups
// there. It returns the new file's path.
func (s *Store) BackupTo(dir string, keep int) (string, error) {
	path, err := writeBackup(s.db, s.opts.FilesDir, dir, "")
	if err != nil {
		return "", err
	}
	if err := pruneBackups(dir, keep); err != nil {
		return path, err
	}
	return path, nil
}

// writeBackup writes db and the files under filesDir as a backup into dir; note goes into
// the file's name ("before-restore").
func writeBackup(db *badger.DB, filesDir, dir, note string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create backup folder: %w", err)
	}
	// Nanoseconds plus a counter: two backups in the same instant never overwrite each other.
	stamp := time.Now().UTC().Format("20060102T150405.000000000Z")
	if note != "" {
		stamp += "-" + note
	}
	path := filepath.Join(dir, "keel-"+stamp+backupSuffix)
	for i := 1; fileExists(path); i++ {
		path = filepath.Join(dir, fmt.Sprintf("keel-%s-%d%s", stamp, i, backupSuffix))
	}
	stream, err := os.CreateTemp(dir, ".partial-db-*")
	if err != nil {
		return "", fmt.Errorf("create backup: %w", err)
	}
	defer os.Remove(stream.Name())
	defer stream.Close()
	if _, err := db.Backup(stream, 0); err != nil {
		return "", fmt.Errorf("write backup: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".partial-*")
	if err != nil {
		return "", fmt.Errorf("create backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeBackupFile(tmp, stream, filesDir); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := durable.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}

func writeBackupFile(out *os.File, stream *os.File, filesDir string) error {
	h := sha256.New()
	w := bufio.NewWriter(io.MultiWriter(out, h))
	w.WriteString(backupMagic)
	w.WriteByte(codecPlain)
	section := func(typ byte, name string, size int64, data io.Reader) error {
		var hdr [8]byte
		w.WriteByte(typ)
		binary.LittleEndian.PutUint32(hdr[:4], uint32(len(name)))
		w.Write(hdr[:4])
		w.WriteString(name)
		binary.LittleEndian.PutUint64(hdr[:], uint64(size))
		w.Write(hdr[:])
		n, err := io.Copy(w, data)
		if err == nil && n != size {
			err = fmt.Errorf("%s changed while it was backed up", name)
		}
		return err
	}
	size, err := stream.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if _, err := stream.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := section(secDB, "", size, stream); err != nil {
		return err
	}
	files, err := workspaceFiles(filesDir)
	if err != nil {
		return err
	}
	for _, name := range files {
		f, err := os.Open(filepath.Join(filesDir, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		fi, err := f.Stat()
		if err == nil {
			err = section(secFile, name, fi.Size(), f)
		}
		f.Close()
		if err != nil {
			return err
		}
	}
	w.WriteByte(secEnd)
	if err := w.Flush(); err != nil {
		return err
	}
	_, err = out.Write(h.Sum(nil))
	return err
}

// workspaceFiles lists the files under dir a backup carries: evidence, the workspace's
// identity and keys, its logo; not the database, the backups, a lock or a temporary file.
func workspaceFiles(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && (rel == "db" || rel == "backups" || strings.HasPrefix(rel, "db.") || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasPrefix(name, ".") || rel == "keel.lock" {
			return nil
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	slices.Sort(out)
	return out, err
}

// Backups lists the backups in dir, newest first.
func Backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), backupSuffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

func pruneBackups(dir string, keep int) error {
	all, err := Backups(dir)
	if err != nil || keep <= 0 {
		return err
	}
	for _, p := range all[min(keep, len(all)):] {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

var (
	errNotBackup = errors.New("not a Keel backup, or damaged")
	errNoHeader  = fmt.Errorf("%w (no Keel backup header: a backup from before checksums cannot be verified; keel restore --unverified takes one)", errNotBackup)
)

// legacyBackup reads a backup written before checksums (format 1: the Badger backup stream
// alone). It walks the stream's frames (an 8-byte little-endian length, then that many
// bytes) before Badger reads it: Badger's Load trusts each length and panics on a huge one.
func legacyBackup(f *os.File) ([]backupSection, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	var hdr [8]byte
	for off := int64(0); off < size; {
		if size-off < int64(len(hdr)) {
			return nil, errNotBackup
		}
		if _, err := f.ReadAt(hdr[:], off); err != nil {
			return nil, err
		}
		off += int64(len(hdr))
		n := binary.LittleEndian.Uint64(hdr[:])
		if n > uint64(size-off) {
			return nil, errNotBackup
		}
		off += int64(n)
	}
	return []backupSection{{typ: secDB, size: size}}, nil
}

// BackupInfo is what a verified backup holds.
type BackupInfo struct {
	DBBytes int64    `json:"dbBytes"`
	Files   []string `json:"files"` // the workspace's own files, by slash path
}

// backupSection is one section of a verified backup: where its data is in the file.
type backupSection struct {
	typ       byte
	name      string
	off, size int64
}

// VerifyBackup checks a backup file's checksum and structure without changing anything
// (`keel backup verify`).
func VerifyBackup(path string) (BackupInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	secs, err := verifyBackup(f)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("read backup %s: %w", filepath.Base(path), err)
	}
	var info BackupInfo
	for _, s := range secs {
		if s.typ == secDB {
			info.DBBytes = s.size
		} else {
			info.Files = append(info.Files, s.name)
		}
	}
	return info, nil
}

// verifyBackup checks the whole file's checksum, then walks its sections (each length
// within the file, one database, names that stay inside the workspace folder).
func verifyBackup(f *os.File) ([]backupSection, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	head := make([]byte, len(backupMagic)+1)
	if size < int64(len(head))+1+sha256.Size {
		return nil, errNotBackup
	}
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, err
	}
	if string(head[:len(backupMagic)]) != backupMagic {
		return nil, errNoHeader
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, size-sha256.Size)); err != nil {
		return nil, err
	}
	sum := make([]byte, sha256.Size)
	if _, err := f.ReadAt(sum, size-sha256.Size); err != nil {
		return nil, err
	}
	if !bytes.Equal(sum, h.Sum(nil)) {
		return nil, fmt.Errorf("%w: its checksum does not match (the file was changed or cut short)", errNotBackup)
	}
	if head[len(backupMagic)] != codecPlain {
		return nil, fmt.Errorf("%w: it is encrypted, and this build cannot read it", errNotBackup)
	}
	var secs []backupSection
	end := size - sha256.Size - 1
	dbs := 0
	for off := int64(len(head)); off < end; {
		var hdr [13]byte
		if end-off < int64(len(hdr)) {
			return nil, errNotBackup
		}
		f.ReadAt(hdr[:5], off)
		typ, nlen := hdr[0], int64(binary.LittleEndian.Uint32(hdr[1:5]))
		off += 5
		if nlen > 4096 || end-off < nlen+8 {
			return nil, errNotBackup
		}
		name := make([]byte, nlen)
		f.ReadAt(name, off)
		off += nlen
		f.ReadAt(hdr[:8], off)
		off += 8
		n := binary.LittleEndian.Uint64(hdr[:8])
		if n > uint64(end-off) {
			return nil, errNotBackup
		}
		s := backupSection{typ: typ, name: string(name), off: off, size: int64(n)}
		switch {
		case typ == secDB && nlen == 0:
			dbs++
		case typ == secFile && fs.ValidPath(s.name) && s.name != "." && !strings.Contains(s.name, `\`):
		default:
			return nil, errNotBackup
		}
		secs = append(secs, s)
		off += int64(n)
	}
	if b := []byte{0}; dbs != 1 || func() bool { f.ReadAt(b, end); return b[0] != secEnd }() {
		return nil, errNotBackup
	}
	return secs, nil
}

// RestoreTarget is what a restore replaces.
type RestoreTarget struct {
	DBDir     string // the database folder
	FilesDir  string // the workspace folder the backup's own files go back into; "" leaves files alone
	SafetyDir string // where the safety copy of the current state is written (the backups folder)
	// Unverified accepts a backup written before checksums (format 1), which cannot be
	// verified; a damaged one may restore damaged records.
	Unverified bool
}

// RestoreBackup replaces the database in dbDir with the backup file (RestoreTo, with the
// safety copy in the backups folder beside dbDir).
func RestoreBackup(dbDir, backup string) error {
	return RestoreTo(RestoreTarget{DBDir: dbDir, SafetyDir: filepath.Join(filepath.Dir(dbDir), "backups")}, backup)
}

// RestoreTo replaces a workspace's database (and its own files) with a backup's. The
// caller holds the workspace lock from before this call until after it, and the database
// is closed. The backup's checksum is verified before anything is read from it; the backup
// is loaded into a fresh folder; then a safety copy of the current state is written into
// SafetyDir (also when Keel did not close cleanly: the database is opened, which replays
// its log, and backed up; a database that cannot be opened is kept beside the new one as
// <dbDir>.before-restore-<time>), and only then is the fresh folder switched in.
func RestoreTo(t RestoreTarget, backup string) error {
	f, err := os.Open(backup)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	secs, err := verifyBackup(f)
	if errors.Is(err, errNoHeader) && t.Unverified {
		secs, err = legacyBackup(f)
	}
	if err != nil {
		return fmt.Errorf("read backup %s: %w", filepath.Base(backup), err)
	}
	fresh := t.DBDir + ".restoring"
	os.RemoveAll(fresh)
	if err := loadBackup(fresh, f, secs); err != nil {
		os.RemoveAll(fresh)
		return fmt.Errorf("read backup %s: %w", filepath.Base(backup), err)
	}
	keepAside, err := safetyCopy(t)
	if err != nil {
		os.RemoveAll(fresh)
		return err
	}
	aside := t.DBDir + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	if _, err := os.Stat(t.DBDir); err == nil {
		if err := durable.Rename(t.DBDir, aside); err != nil {
			os.RemoveAll(fresh)
			return fmt.Errorf("move current database aside: %w", err)
		}
	}
	if err := durable.Rename(fresh, t.DBDir); err != nil {
		os.Rename(aside, t.DBDir)
		return fmt.Errorf("put restored database in place: %w", err)
	}
	if err := restoreFiles(t.FilesDir, f, secs); err != nil {
		return fmt.Errorf("the records are restored, but not all of the workspace's files: %w", err)
	}
	if keepAside {
		return nil
	}
	return os.RemoveAll(aside)
}

// loadBackup loads the backup's database section into a new database in dir and checks it
// holds a workspace.
func loadBackup(dir string, f *os.File, secs []backupSection) error {
	db, err := openBadger(plainOptions(dir))
	if err != nil {
		return fmt.Errorf("create restored database: %w", err)
	}
	for _, s := range secs {
		if s.typ == secDB {
			if err = db.Load(io.NewSectionReader(f, s.off, s.size), 64); err != nil {
				db.Close()
				return err
			}
		}
	}
	// A well-framed file that holds no workspace must not replace one.
	var version string
	err = db.View(func(txn *badger.Txn) error { version, err = getString(txn, keySchemaVersion); return err })
	if err == nil && version == "" {
		err = errNotBackup
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// safetyCopy backs up the current database and files into t.SafetyDir before a restore
// replaces them. It reports true when the database could not be opened, so the restore
// keeps its folder instead.
func safetyCopy(t RestoreTarget) (keepAside bool, err error) {
	if _, err := os.Stat(t.DBDir); err != nil || t.SafetyDir == "" {
		return false, nil
	}
	db, err := openBadger(plainOptions(t.DBDir))
	if err != nil {
		return true, nil // kept as <dbDir>.before-restore-<time>
	}
	_, err = writeBackup(db, t.FilesDir, t.SafetyDir, "before-restore")
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("write a safety copy of the current state before the restore (nothing was changed): %w", err)
	}
	return false, nil
}

// restoreFiles writes the backup's own files back into dir, each atomically; the folder's
// workspace.json (its id and name) stays as it is.
func restoreFiles(dir string, f *os.File, secs []backupSection) error {
	if dir == "" {
		return nil
	}
	for _, s := range secs {
		if s.typ != secFile || s.name == "workspace.json" {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(s.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
		if err != nil {
			return err
		}
		_, err = io.Copy(tmp, io.NewSectionReader(f, s.off, s.size))
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = durable.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

// plainOptions open a database a restore loads or backs up, outside the store.
func plainOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).WithLogger(nil).WithSyncWrites(true).
		WithMemTableSize(8 << 20).WithValueLogFileSize(64 << 20)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
