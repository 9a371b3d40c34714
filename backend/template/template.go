// Package template is a consultant's template: chosen registers of a workspace saved as one
// ZIP (a manifest naming the Keel version and the registers, and the records as JSON), read
// back with every damage refused, and turned into new records for another workspace: new
// ids, links remapped, people left for the client, dates moved relative to today. Pure: the
// app reads and writes the records.
package template

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
)

// FormatVersion is the template format this build writes and reads; a later one is refused.
const FormatVersion = 1

// Ext is a template file's extension.
const Ext = ".keeltemplate"

// Placeholder fills a required person field: the client names the person.
const Placeholder = "(to be assigned)"

// Manifest describes a template.
type Manifest struct {
	Format    int            `json:"format"`
	Keel      string         `json:"keel"` // the Keel version that saved it
	Name      string         `json:"name"`
	From      string         `json:"from"`  // the workspace it was saved from
	Saved     string         `json:"saved"` // YYYY-MM-DD: dates move by the days since
	Registers []string       `json:"registers"`
	Counts    map[string]int `json:"counts"`
}

// Item is one record of a template: its id in the template and its fields.
type Item struct {
	ID     string         `json:"id"`
	Fields map[string]any `json:"fields"`
}

// Template is a manifest and its records by register.
type Template struct {
	Manifest Manifest          `json:"manifest"`
	Records  map[string][]Item `json:"records"`
}

// New makes a template of the live records of the registers chosen.
func New(name, from, keel string, saved time.Time, registers []string, records map[string][]ims.Record) (*Template, error) {
	if strings.TrimSpace(name) == "" {
		return nil, ims.FieldErrorf("name", "a template needs a name")
	}
	if len(registers) == 0 {
		return nil, ims.FieldErrorf("registers", "choose at least one register")
	}
	t := &Template{Manifest: Manifest{Format: FormatVersion, Keel: keel, Name: name, From: from,
		Saved: saved.Format(time.DateOnly), Registers: registers, Counts: map[string]int{}}, Records: map[string][]Item{}}
	for _, reg := range registers {
		if _, err := ims.KindByName(reg); err != nil {
			return nil, ims.FieldErrorf("registers", "%q is not a register", reg)
		}
		items := []Item{}
		for _, r := range records[reg] {
			if !r.Deleted {
				items = append(items, Item{ID: r.ID, Fields: r.Fields})
			}
		}
		t.Records[reg], t.Manifest.Counts[reg] = items, len(items)
	}
	return t, nil
}

// Write writes t as a ZIP: manifest.json and records.json.
func Write(w io.Writer, t *Template) error {
	z := zip.NewWriter(w)
	for name, v := range map[string]any{"manifest.json": t.Manifest, "records.json": t.Records} {
		f, err := z.Create(name)
		if err != nil {
			return err
		}
		if err := json.NewEncoder(f).Encode(v); err != nil {
			return err
		}
	}
	return z.Close()
}

// Read reads a template file, refusing a damaged file, one from a newer Keel and one that
// names registers this build does not know, with a clear error.
func Read(b []byte) (*Template, error) {
	bad := func(format string, a ...any) error {
		return ims.Errorf(ims.EINVALID, "not a Keel template: "+format, a...)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, bad("the file is damaged or not a ZIP (%v)", err)
	}
	var t Template
	for name, v := range map[string]any{"manifest.json": &t.Manifest, "records.json": &t.Records} {
		f, err := z.Open(name)
		if err != nil {
			return nil, bad("%s is missing", name)
		}
		err = json.NewDecoder(f).Decode(v)
		f.Close()
		if err != nil {
			return nil, bad("%s is damaged (%v)", name, err)
		}
	}
	m := t.Manifest
	if m.Format > FormatVersion {
		return nil, ims.Errorf(ims.EINVALID, "template %q was made by a newer Keel (%s, format %d): update Keel to use it", m.Name, m.Keel, m.Format)
	}
	if m.Format < 1 || m.Name == "" {
		return nil, bad("the manifest has no format or name")
	}
	if _, err := time.Parse(time.DateOnly, m.Saved); err != nil {
		return nil, bad("the manifest's saved date %q is not a date", m.Saved)
	}
	var unknown []string
	for _, reg := range m.Registers {
		if _, err := ims.KindByName(reg); err != nil {
			unknown = append(unknown, reg)
		}
	}
	for reg := range t.Records {
		if !slices.Contains(m.Registers, reg) {
			unknown = append(unknown, reg)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, ims.Errorf(ims.EINVALID, "template %q names registers this Keel does not know: %s", m.Name, strings.Join(slices.Compact(unknown), ", "))
	}
	return &t, nil
}

// NewRecord is one record to create: its kind, its new id and its fields.
type NewRecord struct {
	Kind   string
	ID     string
	Fields map[string]any
}

// OnePerWorkspace are the registers a workspace holds one record of (ims: the risk method);
// applying a template to a workspace that has one leaves the template's out.
var OnePerWorkspace = []string{"risk_method"}

// Without is t without the registers skip, for adding to a workspace that has them already.
func (t *Template) Without(skip []string) *Template {
	out := &Template{Manifest: t.Manifest, Records: t.Records}
	out.Manifest.Registers = slices.DeleteFunc(slices.Clone(t.Manifest.Registers), func(r string) bool { return slices.Contains(skip, r) })
	return out
}

// Instantiate turns the template into new records for a workspace: every record gets an id
// from newID; a link to a record in the template points to its new id, a link to a record
// outside it is dropped; person fields are blank (required ones Placeholder); dates and
// datetimes move by the days from the template's saved date to today; evidence files are
// not carried. Records come in the manifest's register order, each register in file order.
func Instantiate(t *Template, today time.Time, newID func() string) ([]NewRecord, error) {
	saved, err := time.Parse(time.DateOnly, t.Manifest.Saved)
	if err != nil {
		return nil, err
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	shift := day.Sub(saved)
	ids := map[string]string{}
	for _, reg := range t.Manifest.Registers {
		for _, it := range t.Records[reg] {
			ids[it.ID] = newID()
		}
	}
	var out []NewRecord
	for _, reg := range t.Manifest.Registers {
		k, err := ims.KindByName(reg)
		if err != nil {
			return nil, err
		}
		for _, it := range t.Records[reg] {
			fields := map[string]any{}
			for _, f := range k.Fields {
				v, ok := it.Fields[f.Name]
				if !ok {
					continue
				}
				if v, ok = remap(f, v, ids, shift); ok {
					fields[f.Name] = v
				}
			}
			out = append(out, NewRecord{Kind: reg, ID: ids[it.ID], Fields: fields})
		}
	}
	return out, nil
}

// remap is one field's value in the new workspace, and whether it is kept.
func remap(f ims.Field, v any, ids map[string]string, shift time.Duration) (any, bool) {
	switch f.Type {
	case ims.TypePerson:
		if f.Required {
			return Placeholder, true
		}
		return nil, false
	case ims.TypeAttachments:
		return nil, false
	case ims.TypeLink:
		s, _ := v.(string)
		id, ok := ids[s]
		return id, ok
	case ims.TypeLinks:
		var out []any
		var list []any
		switch l := v.(type) {
		case []any:
			list = l
		case []string:
			for _, x := range l {
				list = append(list, x)
			}
		}
		for _, x := range list {
			if id, ok := ids[fmt.Sprint(x)]; ok {
				out = append(out, id)
			}
		}
		return out, len(out) > 0
	case ims.TypeDate:
		s, _ := v.(string)
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return v, s != ""
		}
		return d.Add(shift).Format(time.DateOnly), true
	case ims.TypeDateTime:
		s, _ := v.(string)
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return v, s != ""
		}
		return d.Add(shift).Format(time.RFC3339), true
	}
	return v, true
}
