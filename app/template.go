package app

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"keel/backend/ims"
	"keel/backend/template"
	"keel/backend/workspace"
)

// TemplateInfo is a saved template as Settings lists it.
type TemplateInfo struct {
	template.Manifest
	File string `json:"file"`
}

// TemplatePreview is what applying a template would add: records per register.
type TemplatePreview struct {
	Name   string         `json:"name"`
	Counts map[string]int `json:"counts"`
	Total  int            `json:"total"`
	// Skipped are registers the workspace holds one record of and has already.
	Skipped []string `json:"skipped"`
}

func (a *App) templateDir() (string, error) {
	root, err := a.dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "templates"), nil
}

// templatePath is the file of the template named name (any case).
func (a *App) templatePath(name string) (string, error) {
	dir, err := a.templateDir()
	if err != nil {
		return "", err
	}
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if clean == "" || clean == "." || clean == ".." {
		return "", ims.FieldErrorf("name", "a template needs a name")
	}
	return filepath.Join(dir, strings.ToLower(clean)+template.Ext), nil
}

// SaveTemplate saves the chosen registers of the open workspace as the template name in the
// data folder (replacing one of that name).
func (a *App) SaveTemplate(name string, registers []string) (TemplateInfo, error) {
	st, info, err := a.s.Current()
	if err != nil {
		return TemplateInfo{}, err
	}
	records := map[string][]ims.Record{}
	for _, reg := range registers {
		if _, err := ims.KindByName(reg); err != nil {
			return TemplateInfo{}, ims.FieldErrorf("registers", "%q is not a register", reg)
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: reg})
		if err != nil {
			return TemplateInfo{}, err
		}
		records[reg] = res.Records
	}
	t, err := template.New(name, info.Name, a.s.version, time.Now().UTC(), registers, records)
	if err != nil {
		return TemplateInfo{}, err
	}
	path, err := a.templatePath(name)
	if err != nil {
		return TemplateInfo{}, err
	}
	var buf bytes.Buffer
	if err := template.Write(&buf, t); err != nil {
		return TemplateInfo{}, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return TemplateInfo{}, err
	}
	if err := workspace.WriteFileAtomic(path, buf.Bytes()); err != nil {
		return TemplateInfo{}, err
	}
	return TemplateInfo{Manifest: t.Manifest, File: path}, nil
}

// Templates lists the templates in the data folder, by name; a damaged file is left out.
func (a *App) Templates() ([]TemplateInfo, error) {
	dir, err := a.templateDir()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"+template.Ext))
	if err != nil {
		return nil, err
	}
	out := []TemplateInfo{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if t, err := template.Read(b); err == nil {
			out = append(out, TemplateInfo{Manifest: t.Manifest, File: f})
		}
	}
	slices.SortFunc(out, func(x, y TemplateInfo) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	return out, nil
}

func (a *App) loadTemplate(name string) (*template.Template, error) {
	path, err := a.templatePath(name)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ims.Errorf(ims.ENOTFOUND, "no template %q: `keel template list` shows those there are", name)
	} else if err != nil {
		return nil, err
	}
	return template.Read(b)
}

// ExportTemplate returns the template's file as base64, to share it.
func (a *App) ExportTemplate(name string) (string, error) {
	path, err := a.templatePath(name)
	if err != nil {
		return "", err
	}
	if _, err := a.loadTemplate(name); err != nil {
		return "", err
	}
	b, err := os.ReadFile(path)
	return base64.StdEncoding.EncodeToString(b), err
}

// ImportTemplate checks a template file (base64) and keeps it in the data folder; a
// damaged file, one from a newer Keel or one naming unknown registers is refused and
// nothing is written.
func (a *App) ImportTemplate(data string) (TemplateInfo, error) {
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return TemplateInfo{}, ims.Errorf(ims.EINVALID, "not a Keel template: the upload is not base64")
	}
	t, err := template.Read(b)
	if err != nil {
		return TemplateInfo{}, err
	}
	path, err := a.templatePath(t.Manifest.Name)
	if err != nil {
		return TemplateInfo{}, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return TemplateInfo{}, err
	}
	if err := workspace.WriteFileAtomic(path, b); err != nil {
		return TemplateInfo{}, err
	}
	return TemplateInfo{Manifest: t.Manifest, File: path}, nil
}

// PreviewTemplate says what applying the template to the open workspace would add.
func (a *App) PreviewTemplate(name string) (TemplatePreview, error) {
	t, skipped, err := a.templateFor(name)
	if err != nil {
		return TemplatePreview{}, err
	}
	p := TemplatePreview{Name: t.Manifest.Name, Counts: map[string]int{}, Skipped: skipped}
	for _, reg := range t.Manifest.Registers {
		p.Counts[reg] = len(t.Records[reg])
		p.Total += len(t.Records[reg])
	}
	return p, nil
}

// templateFor is the template as the open workspace would take it: without the registers
// it holds one record of and has already (those skipped).
func (a *App) templateFor(name string) (*template.Template, []string, error) {
	t, err := a.loadTemplate(name)
	if err != nil {
		return nil, nil, err
	}
	st, _, err := a.s.Current()
	if err != nil {
		return nil, nil, err
	}
	skipped := []string{}
	for _, reg := range template.OnePerWorkspace {
		if !slices.Contains(t.Manifest.Registers, reg) {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: reg})
		if err != nil {
			return nil, nil, err
		}
		if len(res.Records) > 0 {
			skipped = append(skipped, reg)
		}
	}
	return t.Without(skipped), skipped, nil
}

// ApplyTemplate adds the template's records to the open workspace as new records (never
// overwriting one), all or nothing; their history names the template.
func (a *App) ApplyTemplate(name string) (TemplatePreview, error) {
	preview, err := a.PreviewTemplate(name)
	if err != nil {
		return TemplatePreview{}, err
	}
	t, _, err := a.templateFor(name)
	if err != nil {
		return TemplatePreview{}, err
	}
	st, actor, err := a.writer()
	if err != nil {
		return TemplatePreview{}, err
	}
	recs, err := template.Instantiate(t, time.Now().UTC(), uuid.NewString)
	if err != nil {
		return TemplatePreview{}, err
	}
	writes := make([]ims.RecordWrite, len(recs))
	for i, r := range recs {
		writes[i] = ims.RecordWrite{Kind: r.Kind, ID: r.ID, Create: true, Fields: r.Fields}
	}
	actor.Role = strings.TrimSpace(actor.Role + " · from template " + t.Manifest.Name)
	if len(writes) > 0 {
		if _, err := st.WriteRecords(bg, actor, "", writes); err != nil {
			return TemplatePreview{}, err
		}
	}
	return preview, nil
}

// CreateWorkspaceFromTemplate creates a workspace, opens it and fills it from the template.
// A template that cannot be read is refused before the workspace is made.
func (a *App) CreateWorkspaceFromTemplate(name, tmpl string) (ims.WorkspaceInfo, error) {
	if _, err := a.loadTemplate(tmpl); err != nil {
		return ims.WorkspaceInfo{}, err
	}
	if _, err := a.s.Actor(); err != nil {
		return ims.WorkspaceInfo{}, err
	}
	info, err := a.CreateWorkspace(name, false)
	if err != nil {
		return info, err
	}
	if _, err := a.ApplyTemplate(tmpl); err != nil {
		return info, err
	}
	return info, nil
}
