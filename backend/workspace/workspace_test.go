package workspace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keel/backend/ims"
	"keel/backend/workspace"
)

func TestWorkspaces(t *testing.T) {
	w := workspace.Workspaces{Root: t.TempDir()}
	all, err := w.List()
	if err != nil || len(all) != 0 {
		t.Fatalf("List on an empty data folder = %v, %v", all, err)
	}
	_, err = w.Find("Acme")
	wantError(t, err, ims.ENOTFOUND, "", "there are none yet")

	acme, err := w.Create("  Acme Ltd ")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("create trims the name and makes the folders", func(t *testing.T) {
		if acme.Name != "Acme Ltd" || acme.ID == "" || acme.CreatedAt == "" {
			t.Errorf("info = %+v", acme)
		}
		for _, sub := range []string{"db", "blobs", "backups", "workspace.json"} {
			if _, err := os.Stat(filepath.Join(acme.Path, sub)); err != nil {
				t.Errorf("%s: %v", sub, err)
			}
		}
		if w.DBDir(acme.ID) != filepath.Join(acme.Path, "db") || w.BackupDir(acme.ID) != filepath.Join(acme.Path, "backups") {
			t.Errorf("DBDir %s, BackupDir %s", w.DBDir(acme.ID), w.BackupDir(acme.ID))
		}
	})
	if _, err := w.Create("Åland Bank"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Create("beta"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, input, msg string
	}{
		{"empty", "   ", "needs a name"},
		{"too long", strings.Repeat("ł", 81), "at most 80 characters"},
		{"duplicate ignoring case", "ACME LTD", `already a workspace called "Acme Ltd"`},
	}
	for _, tt := range tests {
		t.Run("create refuses a name: "+tt.name, func(t *testing.T) {
			_, err := w.Create(tt.input)
			wantError(t, err, ims.EINVALID, "name", tt.msg)
		})
	}
	t.Run("list sorted by name ignoring case; foreign folders skipped", func(t *testing.T) {
		if err := os.MkdirAll(filepath.Join(w.Root, "workspaces", "not-a-workspace"), 0o700); err != nil {
			t.Fatal(err)
		}
		all, err := w.List()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, ws := range all {
			names = append(names, ws.Name)
		}
		if strings.Join(names, "|") != "Acme Ltd|beta|Åland Bank" {
			t.Errorf("names = %q", names)
		}
	})
	t.Run("find by name or id", func(t *testing.T) {
		for _, q := range []string{"acme ltd", acme.ID} {
			got, err := w.Find(q)
			if err != nil || got.ID != acme.ID {
				t.Errorf("Find(%q) = %+v, %v", q, got, err)
			}
		}
		_, err := w.Find("Nope")
		wantError(t, err, ims.ENOTFOUND, "", "there are: Acme Ltd, beta, Åland Bank")
	})
	t.Run("get refuses ids that are paths", func(t *testing.T) {
		for _, id := range []string{"", "..", "../etc", "a/b", `a\b`, "not-a-workspace"} {
			if _, err := w.Get(id); ims.ErrorCode(err) != ims.ENOTFOUND {
				t.Errorf("Get(%q) = %v, want not found", id, err)
			}
		}
	})
	t.Run("rename", func(t *testing.T) {
		got, err := w.Rename(acme.ID, "Acme Group")
		if err != nil || got.Name != "Acme Group" || got.CreatedAt != acme.CreatedAt || got.Path != acme.Path {
			t.Fatalf("Rename = %+v, %v", got, err)
		}
		if _, err := w.Rename(acme.ID, "acme group"); err != nil {
			t.Errorf("renaming to its own name in another case: %v", err)
		}
		_, err = w.Rename(acme.ID, "BETA")
		wantError(t, err, ims.EINVALID, "name", "already a workspace")
		_, err = w.Rename("nope", "x")
		wantError(t, err, ims.ENOTFOUND, "", "nope")
	})
	t.Run("last workspace", func(t *testing.T) {
		if got := w.Last(); got != "" {
			t.Errorf("Last before any open = %q", got)
		}
		if err := w.SetLast(acme.ID); err != nil {
			t.Fatal(err)
		}
		if got := w.Last(); got != acme.ID {
			t.Errorf("Last = %q, want %q", got, acme.ID)
		}
	})
	t.Run("delete removes the folder", func(t *testing.T) {
		if err := w.Delete(acme.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(acme.Path); !os.IsNotExist(err) {
			t.Errorf("folder still there: %v", err)
		}
		if _, err := w.Get(acme.ID); ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("Get after delete = %v", err)
		}
		if err := w.Delete(acme.ID); ims.ErrorCode(err) != ims.ENOTFOUND {
			t.Errorf("second delete = %v", err)
		}
	})
}

func TestIdentityFile(t *testing.T) {
	w := workspace.Workspaces{Root: filepath.Join(t.TempDir(), "fresh")}
	if a, err := w.Identity(); err != nil || a != nil {
		t.Fatalf("Identity before set = %+v, %v", a, err)
	}
	t.Run("invalid identity is refused and not saved", func(t *testing.T) {
		err := w.SetIdentity(ims.Actor{Name: " A "})
		wantError(t, err, ims.EINVALID, "name", "at least 2 characters")
		if a, _ := w.Identity(); a != nil {
			t.Errorf("saved %+v", a)
		}
	})
	t.Run("saved trimmed, read back", func(t *testing.T) {
		if err := w.SetIdentity(ims.Actor{Name: " Zoë Łukasiewicz ", Email: " zoe@example.com ", Role: " DPO "}); err != nil {
			t.Fatal(err)
		}
		a, err := w.Identity()
		if err != nil || a == nil || *a != (ims.Actor{Name: "Zoë Łukasiewicz", Email: "zoe@example.com", Role: "DPO"}) {
			t.Errorf("Identity = %+v, %v", a, err)
		}
	})
	t.Run("a damaged identity file is an error, not a silent reset", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(w.Root, "identity.json"), []byte("{not json"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Identity(); err == nil {
			t.Error("Identity read a damaged file without error")
		}
	})
}

func TestWriteFileAtomicPerm(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		write func(string, []byte) error
		want  os.FileMode
	}{
		{"private", workspace.WriteFileAtomic, 0o600},
		{"document", func(p string, b []byte) error { return workspace.WriteFileAtomicPerm(p, b, 0o644) }, 0o644},
	} {
		path := filepath.Join(dir, "sub", tc.name)
		if err := tc.write(path, []byte("Zoë")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != "Zoë" || fi.Mode().Perm() != tc.want {
			t.Errorf("%s: %q, mode %v, want %v", tc.name, b, fi.Mode().Perm(), tc.want)
		}
	}
}

func wantError(tb testing.TB, err error, code, field, msg string) {
	tb.Helper()
	e := ims.AsError(err)
	if err == nil || e.Code != code || e.Field != field || !strings.Contains(e.Message, msg) {
		tb.Errorf("error = %+v (%v), want code %q, field %q, a message with %q", e, err, code, field, msg)
	}
}
