package ims

import "io"

// EvidenceRef is one stored evidence file as a record refers to it.
type EvidenceRef struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
}

// String is the form stored in an attachments field: "<sha256>/<name>".
func (r EvidenceRef) String() string { return AttachmentRef(r.SHA256, r.Name) }

// EvidenceService keeps a workspace's evidence files: content-addressed, deduplicated,
// immutable (decision 4). backend/evidence implements it.
type EvidenceService interface {
	Put(r io.Reader, name string) (EvidenceRef, error)
	Open(sha256 string) (io.ReadCloser, error)
	Size(sha256 string) (int64, error)
	Verify(sha256 string) error
	MaxBytes() int64
}
