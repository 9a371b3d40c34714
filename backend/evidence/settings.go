package evidence

import (
	"encoding/json"
	"errors"
	"fmt"
	"keel/backend/durable"
	"os"
	"path/filepath"

	"keel/backend/ims"
)

// MaxLimitBytes is the largest per-file limit a workspace may set.
const MaxLimitBytes = 4 << 30

// settingsFile is the workspace's evidence settings, kept in the workspace folder beside
// blobs/ (never inside it: blobs/ holds only files named by their hash).
const settingsFile = "evidence.json"

type settings struct {
	MaxFileBytes int64 `json:"maxFileBytes"`
}

// Open returns the evidence store of a workspace folder: its files in blobs/ and its size
// limit from evidence.json, else defaultMax (≤ 0: DefaultMaxBytes).
func Open(workspaceDir string, defaultMax int64) *Store {
	s := New(filepath.Join(workspaceDir, "blobs"), defaultMax)
	s.settings = filepath.Join(workspaceDir, settingsFile)
	if b, err := os.ReadFile(s.settings); err == nil {
		var st settings
		if json.Unmarshal(b, &st) == nil && st.MaxFileBytes > 0 && st.MaxFileBytes <= MaxLimitBytes {
			s.max.Store(st.MaxFileBytes)
		}
	}
	return s
}

// SetMaxBytes sets the workspace's per-file limit and keeps it (temp file, fsync, rename).
func (s *Store) SetMaxBytes(n int64) error {
	if n < 1<<20 || n > MaxLimitBytes {
		return ims.FieldErrorf("maxFileMB", "The evidence size limit must be between 1 MB and %s per file", human(MaxLimitBytes))
	}
	if s.settings == "" {
		return ims.Errorf(ims.EFORBIDDEN, "this evidence store keeps no settings")
	}
	b, _ := json.MarshalIndent(settings{MaxFileBytes: n}, "", "  ")
	if err := writeAtomic(s.settings, b); err != nil {
		return fmt.Errorf("save the evidence size limit: %w", err)
	}
	s.max.Store(n)
	return nil
}

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".settings-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = durable.Rename(tmp.Name(), path)
	}
	return err
}
