package store

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// openBadger opens a database, getting past what a process killed while Badger made a new
// log file leaves behind. Badger creates a value-log (*.vlog) or memtable (*.mem) file
// empty and only then sizes it and writes its header, and it makes a new value log every
// time it opens: a kill -9 in between (while a workspace opens) leaves an empty file, which
// Badger's next open sizes and heads but then refuses ("Create a new file"), so without
// help the workspace never opens again. Such a file holds nothing and nothing points into
// it: the open is tried again (twice at most) once any log still without a header is
// removed. Badger held the folder's lock when it found the file, so no other Keel was
// using it.
func openBadger(bo badger.Options) (*badger.DB, error) {
	db, err := badger.Open(bo)
	for try := 0; try < 2 && err != nil && !bo.InMemory && strings.Contains(err.Error(), "Create a new file"); try++ {
		for _, dir := range []string{bo.Dir, bo.ValueDir} {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				path := filepath.Join(dir, e.Name())
				if (strings.HasSuffix(path, ".vlog") || strings.HasSuffix(path, ".mem")) && headerless(path) {
					os.Remove(path)
				}
			}
		}
		db, err = badger.Open(bo)
	}
	return db, err
}

// headerless reports whether a Badger log file has no header: empty, or its first 20 bytes
// (key id and IV) all zero, which a written header never is.
func headerless(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [20]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 && err == io.EOF {
		return true
	}
	return err == nil && h == [20]byte{}
}
