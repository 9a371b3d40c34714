package sync

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"keel/backend/workspace"
)

// ConfigFile is the name of a workspace's sync settings and keys, kept in the workspace's
// own folder (0600), never in the sync folder.
const ConfigFile = "sync.json"

// Config is one workspace's sync settings on this device: the keys, the folder and what
// the last round did.
type Config struct {
	// SyncID names the workspace in every segment; it and Key are the same on every device
	// of the workspace (an invite will carry them).
	SyncID     string `json:"syncId"`
	Key        []byte `json:"key"`        // the workspace key (XChaCha20-Poly1305)
	DeviceSeed []byte `json:"deviceSeed"` // this device's ed25519 private key seed
	// Epoch is the key epoch of Key; OldKeys the keys of earlier epochs (keys.go).
	Epoch   uint32            `json:"epoch,omitempty"`
	OldKeys map[uint32][]byte `json:"oldKeys,omitempty"`
	Invite  string            `json:"invite,omitempty"` // the invite this device joined with
	// Invites are the invites this device wrote: id → the device that used it ("" not yet).
	Invites map[string]string `json:"invites,omitempty"`
	// Interval is how often a watched folder gets a round even without a change (Go
	// duration; "" for DefaultInterval, "off" for never).
	Interval string `json:"interval,omitempty"`
	// FetchAll: each round takes every evidence file this device lacks from the folder
	// (else each when first needed).
	FetchAll bool    `json:"fetchAll,omitempty"`
	Folder   string  `json:"folder,omitempty"`
	LastAt   string  `json:"lastAt,omitempty"` // RFC 3339, when the last round finished
	Last     *Report `json:"last,omitempty"`
}

// NewConfig makes the keys of a workspace that starts syncing on this device.
func NewConfig() (*Config, error) {
	c := &Config{SyncID: uuid.NewString(), Key: make([]byte, KeySize), DeviceSeed: make([]byte, ed25519.SeedSize)}
	if _, err := rand.Read(c.Key); err != nil {
		return nil, err
	}
	if _, err := rand.Read(c.DeviceSeed); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadConfig reads a workspace's sync settings; nil (and no error) when it has none yet.
func LoadConfig(workspaceDir string) (*Config, error) {
	b, err := os.ReadFile(filepath.Join(workspaceDir, ConfigFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", ConfigFile, err)
	}
	if c.SyncID == "" || len(c.Key) != KeySize || len(c.DeviceSeed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s: keys missing or malformed", ConfigFile)
	}
	return &c, nil
}

// Save writes the settings atomically, readable by this user only.
func (c *Config) Save(workspaceDir string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return workspace.WriteFileAtomic(filepath.Join(workspaceDir, ConfigFile), b)
}

// DeviceKey returns this device's signing key.
func (c *Config) DeviceKey() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(c.DeviceSeed) }

// CheckFolder refuses a sync folder that is, or is inside, or contains, Keel's data
// folder: the live database and the keys never go where a cloud drive copies them.
func CheckFolder(folder, dataDir string) (string, error) {
	if strings.TrimSpace(folder) == "" {
		return "", errors.New("choose the sync folder (--folder DIR)")
	}
	abs, err := filepath.Abs(folder)
	if err != nil {
		return "", err
	}
	data, err := filepath.Abs(dataDir)
	if err != nil {
		return "", err
	}
	if within(abs, data) || within(data, abs) {
		return "", fmt.Errorf("the sync folder %s overlaps Keel's data folder %s: choose a folder outside it", abs, data)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", err
	}
	return abs, nil
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// DeviceInfo is one member of the folder and what it has written there.
type DeviceInfo struct {
	Member
	Seq       uint64    // the last seq in its newest segment
	LastHeard time.Time // when its newest segment was written (zero: none yet)
}

// Devices lists the members of the folder (not those removed), in replica order.
func (f *Folder) Devices() ([]DeviceInfo, error) {
	entries, err := readDir(filepath.Join(f.Dir, "members"))
	if err != nil {
		return nil, err
	}
	removed := f.Removed()
	var out []DeviceInfo
	for _, e := range entries {
		r, ok := strings.CutSuffix(e.Name(), ".json")
		if _, gone := removed[r]; !ok || gone || strings.HasPrefix(r, "epoch-") || !replicaName.MatchString(r) {
			continue
		}
		m, err := f.readMember(r)
		if err != nil {
			continue
		}
		d := DeviceInfo{Member: m}
		if segs, err := listSegments(filepath.Join(f.Dir, "ops", r)); err == nil && len(segs) > 0 {
			last := segs[len(segs)-1]
			d.Seq = last.to
			if info, err := os.Stat(last.path); err == nil {
				d.LastHeard = info.ModTime()
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// Pending returns how many of this device's ops are not in the folder yet.
func (f *Folder) Pending(held uint64) (uint64, error) {
	segs, err := listSegments(filepath.Join(f.Dir, "ops", f.Device.Replica))
	if err != nil || len(segs) == 0 {
		return held, err
	}
	return held - min(held, segs[len(segs)-1].to), nil
}
