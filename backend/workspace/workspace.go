// Package workspace keeps what a data folder holds besides the databases: the workspace
// folders and their names, the device identity, the workspace used last, and the atomic
// file writes all of these (and packs and exports) use.
package workspace

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"keel/backend/durable"
	"keel/backend/ims"
)

// Workspaces manages the workspace folders under a data directory:
//
//	<root>/identity.json                 who uses Keel on this device
//	<root>/workspaces/<id>/workspace.json {id, name, createdAt}
//	<root>/workspaces/<id>/db/            Badger
//	<root>/workspaces/<id>/blobs/         evidence files by SHA-256
//	<root>/workspaces/<id>/backups/       backups, newest kept
type Workspaces struct{ Root string }

type workspaceFile struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	CreatedAt    string            `json:"createdAt"`
	Organisation *ims.Organisation `json:"organisation,omitempty"`
}

func (w Workspaces) dir(id string) string { return filepath.Join(w.Root, "workspaces", id) }

// DBDir is where a workspace's database lives.
func (w Workspaces) DBDir(id string) string { return filepath.Join(w.dir(id), "db") }

// BackupDir is where a workspace's backups live.
func (w Workspaces) BackupDir(id string) string { return filepath.Join(w.dir(id), "backups") }

// List returns every workspace, sorted by name.
func (w Workspaces) List() ([]ims.WorkspaceInfo, error) {
	entries, err := os.ReadDir(filepath.Join(w.Root, "workspaces"))
	if os.IsNotExist(err) {
		return []ims.WorkspaceInfo{}, nil
	} else if err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	out := []ims.WorkspaceInfo{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		info, err := w.read(e.Name())
		if err != nil {
			continue // a half-created or foreign folder is not a workspace
		}
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b ims.WorkspaceInfo) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out, nil
}

func (w Workspaces) read(id string) (ims.WorkspaceInfo, error) {
	b, err := os.ReadFile(filepath.Join(w.dir(id), "workspace.json"))
	if err != nil {
		return ims.WorkspaceInfo{}, err
	}
	var f workspaceFile
	if err := json.Unmarshal(b, &f); err != nil || f.ID != id {
		return ims.WorkspaceInfo{}, fmt.Errorf("workspace %s: bad workspace.json", id)
	}
	info := ims.WorkspaceInfo{ID: f.ID, Name: f.Name, CreatedAt: f.CreatedAt, Path: w.dir(id)}
	if f.Organisation != nil {
		info.Organisation = *f.Organisation
	}
	return info, nil
}

// fileOf is the workspace.json of a workspace as read.
func fileOf(info ims.WorkspaceInfo) workspaceFile {
	f := workspaceFile{ID: info.ID, Name: info.Name, CreatedAt: info.CreatedAt}
	if info.Organisation != (ims.Organisation{}) {
		org := info.Organisation
		f.Organisation = &org
	}
	return f
}

// Organisation limits: a legal name and number as Companies House writes them, an address
// of a few lines.
const (
	maxLegalName = 160
	maxRegNumber = 40
	maxAddress   = 500
)

// SetOrganisation records the legal entity of a workspace (legal name, registered number,
// address), trimmed; an empty value clears it.
func (w Workspaces) SetOrganisation(id string, org ims.Organisation) (ims.WorkspaceInfo, error) {
	info, err := w.Get(id)
	if err != nil {
		return info, err
	}
	org.LegalName = strings.Join(strings.Fields(org.LegalName), " ")
	org.RegisteredNumber = strings.TrimSpace(org.RegisteredNumber)
	org.Address = strings.TrimSpace(strings.ReplaceAll(org.Address, "\r\n", "\n"))
	for _, c := range []struct {
		field, label, v string
		max             int
	}{{"legalName", "Legal name", org.LegalName, maxLegalName}, {"registeredNumber", "Registered number", org.RegisteredNumber, maxRegNumber},
		{"address", "Address", org.Address, maxAddress}} {
		if utf8.RuneCountInString(c.v) > c.max {
			return info, ims.FieldErrorf(c.field, "%s: at most %d characters", c.label, c.max)
		}
	}
	info.Organisation = org
	if err := w.write(fileOf(info)); err != nil {
		return info, fmt.Errorf("set the organisation: %w", err)
	}
	return w.read(id)
}

func (w Workspaces) write(f workspaceFile) error {
	b, _ := json.MarshalIndent(f, "", "  ")
	return WriteFileAtomic(filepath.Join(w.dir(f.ID), "workspace.json"), b)
}

func (w Workspaces) checkName(name, exceptID string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", ims.FieldErrorf("name", "A workspace needs a name, usually the organisation's")
	}
	if utf8.RuneCountInString(name) > 80 {
		return "", ims.FieldErrorf("name", "Workspace names are at most 80 characters")
	}
	all, err := w.List()
	if err != nil {
		return "", err
	}
	for _, ws := range all {
		if ws.ID != exceptID && strings.EqualFold(ws.Name, name) {
			return "", ims.FieldErrorf("name", "There is already a workspace called %q", ws.Name)
		}
	}
	return name, nil
}

// Create makes a new, empty workspace folder.
func (w Workspaces) Create(name string) (ims.WorkspaceInfo, error) {
	name, err := w.checkName(name, "")
	if err != nil {
		return ims.WorkspaceInfo{}, err
	}
	f := workspaceFile{ID: uuid.NewString(), Name: name, CreatedAt: time.Now().UTC().Format(time.RFC3339)}
	for _, sub := range []string{"db", "blobs", "backups"} {
		if err := os.MkdirAll(filepath.Join(w.dir(f.ID), sub), 0o700); err != nil {
			return ims.WorkspaceInfo{}, fmt.Errorf("create workspace %q: %w", name, err)
		}
	}
	if err := w.write(f); err != nil {
		return ims.WorkspaceInfo{}, fmt.Errorf("create workspace %q: %w", name, err)
	}
	return w.read(f.ID)
}

// Rename changes a workspace's name; its folder stays where it is.
func (w Workspaces) Rename(id, name string) (ims.WorkspaceInfo, error) {
	info, err := w.Get(id)
	if err != nil {
		return info, err
	}
	if name, err = w.checkName(name, id); err != nil {
		return info, err
	}
	info.Name = name
	if err := w.write(fileOf(info)); err != nil {
		return info, fmt.Errorf("rename workspace: %w", err)
	}
	return w.read(id)
}

// Delete removes a workspace folder with everything in it. The caller closes it first.
func (w Workspaces) Delete(id string) error {
	if _, err := w.Get(id); err != nil {
		return err
	}
	// Remove the marker first so a half-deleted folder is never listed as a workspace.
	if err := os.Remove(filepath.Join(w.dir(id), "workspace.json")); err != nil {
		return fmt.Errorf("delete workspace: %w", err)
	}
	return os.RemoveAll(w.dir(id))
}

// Get returns one workspace by id.
func (w Workspaces) Get(id string) (ims.WorkspaceInfo, error) {
	if id == "" || strings.ContainsAny(id, `/\.`) {
		return ims.WorkspaceInfo{}, ims.Errorf(ims.ENOTFOUND, "there is no workspace with id %q", id)
	}
	info, err := w.read(id)
	if err != nil {
		return info, ims.Errorf(ims.ENOTFOUND, "there is no workspace with id %q", id)
	}
	return info, nil
}

// Find returns a workspace by name (case-insensitive) or id.
func (w Workspaces) Find(nameOrID string) (ims.WorkspaceInfo, error) {
	all, err := w.List()
	if err != nil {
		return ims.WorkspaceInfo{}, err
	}
	for _, ws := range all {
		if ws.ID == nameOrID || strings.EqualFold(ws.Name, nameOrID) {
			return ws, nil
		}
	}
	names := make([]string, len(all))
	for i, ws := range all {
		names[i] = ws.Name
	}
	if len(names) == 0 {
		return ims.WorkspaceInfo{}, ims.Errorf(ims.ENOTFOUND, "there is no workspace %q; there are none yet (try `keel workspace create NAME` or `keel demo`)", nameOrID)
	}
	return ims.WorkspaceInfo{}, ims.Errorf(ims.ENOTFOUND, "there is no workspace %q; there are: %s", nameOrID, strings.Join(names, ", "))
}

// Identity returns who uses Keel on this device, or nil before they have said.
func (w Workspaces) Identity() (*ims.Actor, error) {
	b, err := os.ReadFile(filepath.Join(w.Root, "identity.json"))
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var a ims.Actor
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("read identity: %w", err)
	}
	return &a, nil
}

// SetIdentity saves who uses Keel on this device.
func (w Workspaces) SetIdentity(a ims.Actor) error {
	a.Name, a.Email, a.Role = strings.TrimSpace(a.Name), strings.TrimSpace(a.Email), strings.TrimSpace(a.Role)
	if err := a.Validate(); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(a, "", "  ")
	return WriteFileAtomic(filepath.Join(w.Root, "identity.json"), b)
}

// WriteFileAtomic writes a private file (0600) via a temp file, rename and a sync of the
// folder, so a crash leaves the old or the new file, never half of one.
func WriteFileAtomic(path string, b []byte) error { return WriteFileAtomicPerm(path, b, 0o600) }

// WriteFileAtomicPerm is WriteFileAtomic with the file's permissions: 0644 for documents a
// user hands on (packs, exports), 0600 for Keel's own state.
func WriteFileAtomicPerm(path string, b []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	stallIfAsked(tmp, path, b)
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return durable.Rename(tmp.Name(), path)
}

// Last returns the id of the workspace opened most recently on this device, if any.
func (w Workspaces) Last() string {
	b, err := os.ReadFile(filepath.Join(w.Root, "last-workspace"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// SetLast remembers the workspace opened most recently, so the next start reopens it.
func (w Workspaces) SetLast(id string) error {
	return WriteFileAtomic(filepath.Join(w.Root, "last-workspace"), []byte(id+"\n"))
}
