package ims

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const defaultMaxLen = 100000

// Normalize checks one value against its field and returns the canonical value stored in
// the op log: string, float64, bool, []string, or nil for "cleared". Link targets are
// checked for existence by the service, not here.
func (f *Field) Normalize(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case TypeText, TypeLongText, TypePerson, TypeLink:
		s, ok := v.(string)
		if !ok {
			return nil, FieldErrorf(f.Name, "%s must be text", f.Label)
		}
		if f.Type != TypeLongText {
			s = strings.TrimSpace(s)
		}
		max := f.MaxLen
		if max == 0 {
			max = defaultMaxLen
		}
		if !utf8.ValidString(s) {
			return nil, FieldErrorf(f.Name, "%s is not valid UTF-8 text", f.Label)
		}
		if f.Refs != "" {
			var err error
			if s, err = f.normalizeRefs(s); err != nil {
				return nil, err
			}
		}
		if n := utf8.RuneCountInString(s); n > max {
			return nil, FieldErrorf(f.Name, "%s is too long: %d characters, at most %d", f.Label, n, max)
		}
		if f.Type != TypeLongText && strings.ContainsAny(s, "\n\r") {
			return nil, FieldErrorf(f.Name, "%s must be a single line", f.Label)
		}
		if s == "" {
			return nil, nil
		}
		return s, nil
	case TypeEnum:
		s, ok := v.(string)
		if !ok {
			return nil, FieldErrorf(f.Name, "%s must be one of: %s", f.Label, strings.Join(f.Options, ", "))
		}
		if s == "" {
			return nil, nil
		}
		if !slices.Contains(f.Options, s) {
			return nil, FieldErrorf(f.Name, "%s: %q is not allowed; choose one of: %s", f.Label, s, strings.Join(f.Options, ", "))
		}
		return s, nil
	case TypeMultiEnum, TypeLinks:
		out, err := f.cleanList(v, "a list", func(s string) error {
			if f.Type == TypeMultiEnum && !slices.Contains(f.Options, s) {
				return FieldErrorf(f.Name, "%s: %q is not allowed; choose from: %s", f.Label, s, strings.Join(f.Options, ", "))
			}
			return nil
		})
		if err != nil || len(out) == 0 {
			return nil, err
		}
		if f.Type == TypeMultiEnum {
			// Keep the declared order so that equal sets are equal values.
			slices.SortFunc(out, func(a, b string) int { return slices.Index(f.Options, a) - slices.Index(f.Options, b) })
		}
		return out, nil
	case TypeDate:
		s, err := f.trimmedText(v, "a date like 2026-03-31")
		if err != nil || s == "" {
			return nil, err
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return nil, FieldErrorf(f.Name, "%s: %q is not a date; use YYYY-MM-DD, e.g. 2026-03-31", f.Label, s)
		}
		return s, nil
	case TypeDateTime:
		s, err := f.trimmedText(v, "a date and time like 2026-03-31T14:05")
		if err != nil || s == "" {
			return nil, err
		}
		t, err := ParseDateTime(s)
		if err != nil {
			return nil, FieldErrorf(f.Name, "%s: %q is not a date and time; use YYYY-MM-DDTHH:MM (local time) or RFC 3339, e.g. 2026-03-31T14:05:00Z", f.Label, s)
		}
		return t.UTC().Format(time.RFC3339), nil
	case TypeAttachments:
		out, err := f.cleanList(v, "a list of files", func(s string) error {
			if !ValidAttachment(s) {
				return FieldErrorf(f.Name, "%s: %q is not an attachment reference (SHA-256/file name); attach files through Keel", f.Label, s)
			}
			return nil
		})
		if err != nil || len(out) == 0 {
			return nil, err
		}
		return out, nil
	case TypeNumber:
		switch n := v.(type) {
		case float64:
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, FieldErrorf(f.Name, "%s must be a finite number", f.Label)
			}
			return n, nil
		case int:
			return float64(n), nil
		case string:
			s := strings.TrimSpace(n)
			if s == "" {
				return nil, nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, FieldErrorf(f.Name, "%s: %q is not a number", f.Label, n)
			}
			return x, nil
		}
		return nil, FieldErrorf(f.Name, "%s must be a number", f.Label)
	case TypeBool:
		switch b := v.(type) {
		case bool:
			return b, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(b)) {
			case "true", "yes", "y", "1":
				return true, nil
			case "false", "no", "n", "0":
				return false, nil
			case "":
				return nil, nil
			}
		}
		return nil, FieldErrorf(f.Name, "%s must be yes or no", f.Label)
	}
	return nil, FieldErrorf(f.Name, "%s has an unknown type %q", f.Label, f.Type)
}

// Targets are the IDs of the records a normalised value of the field links to: the one of a
// link, each of a list of links, none for any other field.
func (f *Field) Targets(v any) []string {
	switch t := v.(type) {
	case string:
		if f.Type == TypeLink {
			return []string{t}
		}
	case []string:
		if f.Type == TypeLinks {
			return t
		}
	}
	return nil
}

// trimmedText is a text value without its surrounding white space ("" for a blank one);
// a value that is not text is refused: the field must be what.
func (f *Field) trimmedText(v any, what string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", FieldErrorf(f.Name, "%s must be %s", f.Label, what)
	}
	return strings.TrimSpace(s), nil
}

// cleanList reads a list value (a list must be what), trims each entry, drops the blank and
// repeated ones and checks the others with check.
func (f *Field) cleanList(v any, what string, check func(string) error) ([]string, error) {
	list, err := stringList(v)
	if err != nil {
		return nil, FieldErrorf(f.Name, "%s must be %s", f.Label, what)
	}
	out := make([]string, 0, len(list))
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if err := check(s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// NumberText is the text form of a number value, the shortest that reads back as the same
// number: 3, 0.25, 1200000.
func NumberText(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ParseText turns the text form of a value (CLI arguments, CSV cells) into the value
// Normalize accepts: lists are comma-separated.
func (f *Field) ParseText(s string) any {
	switch f.Type {
	case TypeMultiEnum, TypeLinks, TypeAttachments:
		if strings.TrimSpace(s) == "" {
			return []string{}
		}
		return strings.Split(s, ",")
	}
	return s
}

func stringList(v any) ([]string, error) {
	switch l := v.(type) {
	case []string:
		return l, nil
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, Errorf(EINVALID, "not a list of text")
			}
			out = append(out, s)
		}
		return out, nil
	case string:
		if l == "" {
			return nil, nil
		}
		return strings.Split(l, ","), nil
	}
	return nil, Errorf(EINVALID, "not a list")
}

// ValidateFields normalises a set of field values for a kind. With create set, required
// fields must be present. It returns the normalised values; nothing is written.
func (k *Kind) ValidateFields(in map[string]any, create bool) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for name, v := range in {
		f, ok := k.Field(name)
		if !ok {
			return nil, FieldErrorf(name, "%s has no field %q", k.Label, name)
		}
		nv, err := f.Normalize(v)
		if err != nil {
			return nil, err
		}
		if nv == nil && f.Required {
			return nil, FieldErrorf(name, "%s is required", f.Label)
		}
		out[name] = nv
	}
	if create {
		for _, f := range k.Fields {
			if f.Required && out[f.Name] == nil {
				return nil, FieldErrorf(f.Name, "%s is required", f.Label)
			}
		}
	}
	return out, nil
}

// dateTimeLayouts are the forms a date and time may be typed in; those without a zone are
// the local time of the device that enters them (what an HTML datetime-local input gives).
var dateTimeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02T15:04Z07:00", true},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02 15:04", false},
}

// ParseDateTime reads an instant in one of the accepted forms.
func ParseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateTimeLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, time.Local)
		}
		if err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EINVALID, "%q is not a date and time", s)
}

// AttachmentRef builds the stored form of an attachment: "<sha256 hex>/<file name>".
func AttachmentRef(sha256Hex, name string) string { return sha256Hex + "/" + name }

// SplitAttachment returns the hash and file name of a stored attachment reference (its
// metadata, if any, is left out: ParseAttachment).
func SplitAttachment(ref string) (sha256Hex, name string, ok bool) {
	h, n, _, ok := ParseAttachment(ref)
	return h, n, ok
}

// ValidAttachment reports whether ref is "<64 lowercase hex>[;<metadata>]/<name>" with a
// name that is one line, holds no path separator or comma (lists are comma-separated in
// CSV), and is at most 255 characters, and metadata that EvidenceMeta accepts.
func ValidAttachment(ref string) bool {
	_, n, ok := SplitAttachment(ref)
	if !ok || utf8.RuneCountInString(n) > 255 || !utf8.ValidString(n) {
		return false
	}
	return !strings.ContainsAny(n, "/\\,\r\n\x00")
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Clip shortens s to at most n characters, marking the cut: for text a rule writes into a
// field with a MaxLen.
func Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
