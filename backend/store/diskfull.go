package store

import (
	"fmt"
	"path/filepath"

	"keel/backend/ims"
)

// DiskReserve is the free space every write leaves on the disk holding the workspace, so
// that Badger's memory-mapped files never meet a full disk (a SIGBUS, not an error): a
// write that would go below it is refused, and reads go on working.
const DiskReserve = 64 << 20

// roomToWrite refuses a write when the disk holding the workspace has less than
// DiskReserve free. Options.FreeSpace replaces the disk's answer in tests.
func (s *Store) roomToWrite() error {
	if s.opts.InMemory {
		return nil
	}
	dir := s.db.Opts().Dir
	free := s.opts.FreeSpace
	if free == nil {
		free = diskFree
	}
	n, err := free(dir)
	if err != nil || n >= DiskReserve {
		return nil // a disk that cannot say how full it is is not refused
	}
	where := dir
	if s.opts.FilesDir != "" {
		where = s.opts.FilesDir
	}
	return ims.Errorf(ims.EFORBIDDEN, "the disk holding workspace %s is full: %s free; Keel keeps %d MB in reserve, so nothing was written: free some space and try again",
		filepath.Base(where), freeText(n), DiskReserve>>20)
}

func freeText(n uint64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
