package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"keel/backend/store"
	"keel/backend/store/storetest"
)

// FuzzVerifyBackup feeds the backup reader damaged and made-up files: it may refuse them,
// never panic, and what it accepts names only files inside the workspace folder.
func FuzzVerifyBackup(f *testing.F) {
	s := storetest.Open(f, store.Options{})
	path, err := s.BackupTo(f.TempDir(), 1)
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte("KEELBACKUP"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.keel-backup")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		info, err := store.VerifyBackup(p)
		if err != nil {
			return
		}
		for _, name := range info.Files {
			if !filepath.IsLocal(name) {
				t.Fatalf("accepted a backup naming %q outside the workspace", name)
			}
		}
	})
}
