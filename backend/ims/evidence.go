package ims

import (
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// EvidenceRef is one stored evidence file as a record refers to it.
type EvidenceRef struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
}

// String is the form stored in an attachments field: "<sha256>/<name>".
func (r EvidenceRef) String() string { return AttachmentRef(r.SHA256, r.Name) }

// EvidenceMeta describes one evidence file as a record holds it: what it is, when it was
// collected and until when it is valid, where it came from, and who added it when. It is
// kept inside the attachment entry ("<sha256>;<meta>/<name>"), so it is written, synced and
// kept in the history like any field value.
type EvidenceMeta struct {
	Type       string `json:"type,omitempty"`       // e.g. certificate, report, log, screenshot
	Collected  string `json:"collected,omitempty"`  // YYYY-MM-DD
	ValidUntil string `json:"validUntil,omitempty"` // YYYY-MM-DD; stale after it
	Source     string `json:"source,omitempty"`     // where it came from: a system, a supplier, a person
	AddedBy    string `json:"addedBy,omitempty"`    // the person who attached it
	AddedAt    string `json:"addedAt,omitempty"`    // RFC 3339, UTC
}

// metaKeys are the short keys of EvidenceMeta in an attachment entry, with their limits.
var metaKeys = []struct {
	key string
	max int
	get func(*EvidenceMeta) *string
}{
	{"type", 60, func(m *EvidenceMeta) *string { return &m.Type }},
	{"collected", 10, func(m *EvidenceMeta) *string { return &m.Collected }},
	{"valid", 10, func(m *EvidenceMeta) *string { return &m.ValidUntil }},
	{"source", 200, func(m *EvidenceMeta) *string { return &m.Source }},
	{"by", 120, func(m *EvidenceMeta) *string { return &m.AddedBy }},
	{"at", 40, func(m *EvidenceMeta) *string { return &m.AddedAt }},
}

// Check returns a field error naming what is wrong with m, or nil.
func (m EvidenceMeta) Check() error {
	for _, k := range metaKeys {
		v := *k.get(&m)
		if utf8.RuneCountInString(v) > k.max || strings.ContainsAny(v, "\r\n\x00") {
			return FieldErrorf("attachments", "Evidence %s: at most %d characters on one line", k.key, k.max)
		}
	}
	for _, d := range []struct{ label, v string }{{"collected on", m.Collected}, {"valid until", m.ValidUntil}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return FieldErrorf("attachments", "Evidence %s: %q is not a date; use YYYY-MM-DD", d.label, d.v)
		}
	}
	if m.AddedAt != "" {
		if _, err := time.Parse(time.RFC3339, m.AddedAt); err != nil {
			return FieldErrorf("attachments", "Evidence added at: %q is not an RFC 3339 time", m.AddedAt)
		}
	}
	if m.Collected != "" && m.ValidUntil != "" && m.ValidUntil < m.Collected {
		return FieldErrorf("attachments", "Evidence valid until %s is before it was collected (%s)", m.ValidUntil, m.Collected)
	}
	return nil
}

// encode is the canonical text of m in an entry: URL query form, keys sorted, so it holds
// no "/" or "," (the entry's and CSV's separators).
func (m EvidenceMeta) encode() string {
	q := url.Values{}
	for _, k := range metaKeys {
		if v := strings.TrimSpace(*k.get(&m)); v != "" {
			q.Set(k.key, v)
		}
	}
	return q.Encode()
}

func decodeMeta(s string) (EvidenceMeta, bool) {
	var m EvidenceMeta
	q, err := url.ParseQuery(s)
	if err != nil {
		return m, false
	}
	for key, vs := range q {
		found := false
		for _, k := range metaKeys {
			if k.key == key && len(vs) == 1 {
				*k.get(&m) = vs[0]
				found = true
			}
		}
		if !found {
			return m, false
		}
	}
	return m, m.Check() == nil
}

// AttachmentEntry builds the stored form of an attachment with its metadata:
// "<sha256>/<name>" when m is empty, else "<sha256>;<meta>/<name>".
func AttachmentEntry(sha256Hex, name string, m EvidenceMeta) string {
	if q := m.encode(); q != "" {
		return sha256Hex + ";" + q + "/" + name
	}
	return AttachmentRef(sha256Hex, name)
}

// ParseAttachment splits a stored attachment into its hash, file name and metadata.
func ParseAttachment(ref string) (sha256Hex, name string, meta EvidenceMeta, ok bool) {
	head, n, found := strings.Cut(ref, "/")
	if !found || n == "" {
		return "", "", meta, false
	}
	h, q, hasMeta := strings.Cut(head, ";")
	if !validHash(h) {
		return "", "", meta, false
	}
	if hasMeta {
		if meta, ok = decodeMeta(q); !ok {
			return "", "", EvidenceMeta{}, false
		}
	}
	return h, n, meta, true
}

// EvidenceService keeps a workspace's evidence files: content-addressed, deduplicated,
// immutable (decision 4). backend/evidence implements it.
type EvidenceService interface {
	Put(r io.Reader, name string) (EvidenceRef, error)
	Open(sha256 string) (io.ReadCloser, error)
	Size(sha256 string) (int64, error)
	Verify(sha256 string) error
	MaxBytes() int64
}
