package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"slices"
	"strings"

	"keel/backend/ims"
)

// AttachmentsField is the field of a kind that holds its evidence files.
const AttachmentsField = "attachments"

// Attachment is one evidence file of a record, as the UI lists it.
type Attachment struct {
	SHA256  string `json:"sha256"`
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	Missing bool   `json:"missing"` // referenced but not in this workspace's blobs/ (not synced yet?)
}

// EvidenceContent is one evidence file's bytes for a download.
type EvidenceContent struct {
	SHA256        string `json:"sha256"`
	Size          int64  `json:"size"`
	ContentBase64 string `json:"contentBase64"`
}

func (a *App) evidence() (WorkspaceStore, ims.EvidenceService, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return nil, nil, err
	}
	ev := st.Evidence()
	if ev == nil {
		return nil, nil, ims.Errorf(ims.EFORBIDDEN, "evidence files are not available in this build")
	}
	return st, ev, nil
}

// recordAttachments reads a record and its evidence files, refusing a kind that takes none.
func recordAttachments(st WorkspaceStore, kindName, id string) (*ims.Kind, ims.Record, []string, error) {
	kind, err := ims.KindByName(kindName)
	if err != nil {
		return nil, ims.Record{}, nil, err
	}
	rec, err := st.GetRecord(bg, kind.Name, id)
	if err != nil {
		return nil, ims.Record{}, nil, err
	}
	if f, ok := kind.Field(AttachmentsField); !ok || f.Type != ims.TypeAttachments {
		return nil, ims.Record{}, nil, ims.Errorf(ims.EINVALID, "%s records do not take evidence files", kind.Label)
	}
	refs, _ := rec.Fields[AttachmentsField].([]string)
	return kind, rec, refs, nil
}

// AttachFile stores a file (base64) as evidence and adds it to the record's evidence
// files. The same bytes are stored once however often they are attached.
func (a *App) AttachFile(kindName, id, name, contentBase64 string) (ims.Record, error) {
	st, ev, err := a.evidence()
	if err != nil {
		return ims.Record{}, err
	}
	actor, err := a.s.Actor()
	if err != nil {
		return ims.Record{}, err
	}
	kind, rec, refs, err := recordAttachments(st, kindName, id)
	if err != nil {
		return ims.Record{}, err
	}
	if int64(base64.StdEncoding.DecodedLen(len(contentBase64))) > ev.MaxBytes()+3 {
		return ims.Record{}, ims.Errorf(ims.EINVALID, "%q is too large to attach: the limit is %d MB per file", name, ev.MaxBytes()>>20)
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(contentBase64))
	if err != nil {
		return ims.Record{}, ims.Errorf(ims.EINVALID, "the file content is not base64: %v", err)
	}
	ref, err := ev.Put(bytes.NewReader(data), name)
	if err != nil {
		return ims.Record{}, err
	}
	s := ref.String()
	if slices.Contains(refs, s) {
		return rec, nil
	}
	return st.UpdateRecord(bg, actor, kind.Name, id, map[string]any{AttachmentsField: append(slices.Clone(refs), s)})
}

// DetachFile removes an evidence file from a record. The file itself stays in blobs/:
// it is immutable and other records, backups or bundles may refer to it.
func (a *App) DetachFile(kindName, id, sha256 string) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	kind, _, refs, err := recordAttachments(st, kindName, id)
	if err != nil {
		return ims.Record{}, err
	}
	keep := slices.DeleteFunc(slices.Clone(refs), func(r string) bool { return strings.HasPrefix(r, sha256+"/") })
	if len(keep) == len(refs) {
		return ims.Record{}, ims.Errorf(ims.ENOTFOUND, "this %s has no evidence file %s", strings.ToLower(kind.Label), sha256)
	}
	var v any = keep
	if len(keep) == 0 {
		v = nil
	}
	return st.UpdateRecord(bg, actor, kind.Name, id, map[string]any{AttachmentsField: v})
}

// Attachments lists a record's evidence files with their sizes.
func (a *App) Attachments(kindName, id string) ([]Attachment, error) {
	st, ev, err := a.evidence()
	if err != nil {
		return nil, err
	}
	_, _, refs, err := recordAttachments(st, kindName, id)
	if err != nil {
		return nil, err
	}
	out := make([]Attachment, 0, len(refs))
	for _, r := range refs {
		h, name, ok := ims.SplitAttachment(r)
		if !ok {
			continue
		}
		at := Attachment{SHA256: h, Name: name}
		if n, err := ev.Size(h); err == nil {
			at.Size = n
		} else {
			at.Missing = true
		}
		out = append(out, at)
	}
	return out, nil
}

// EvidenceFile returns the bytes of an evidence file (base64) for a download.
func (a *App) EvidenceFile(sha256 string) (EvidenceContent, error) {
	_, ev, err := a.evidence()
	if err != nil {
		return EvidenceContent{}, err
	}
	f, err := ev.Open(sha256)
	if ims.ErrorCode(err) == ims.ENOTFOUND && a.fetchEvidence(ev, sha256) == nil { // synced, not fetched yet
		f, err = ev.Open(sha256)
	}
	if err != nil {
		return EvidenceContent{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, ev.MaxBytes()+1))
	if err != nil {
		return EvidenceContent{}, err
	}
	return EvidenceContent{SHA256: sha256, Size: int64(len(b)), ContentBase64: base64.StdEncoding.EncodeToString(b)}, nil
}

// VerifyEvidence re-hashes an evidence file; it fails with a conflict when the file was
// altered and not-found when it is missing.
func (a *App) VerifyEvidence(sha256 string) error {
	_, ev, err := a.evidence()
	if err != nil {
		return err
	}
	return ev.Verify(sha256)
}
