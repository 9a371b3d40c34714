package app

import (
	"encoding/base64"
	"io"
	"slices"
	"strings"
	"time"

	"keel/backend/ims"
)

// AttachmentsField is the field of a kind that holds its evidence files.
const AttachmentsField = "attachments"

// Attachment is one evidence file of a record, as the UI lists it.
type Attachment struct {
	SHA256  string           `json:"sha256"`
	Name    string           `json:"name"`
	Size    int64            `json:"size"`
	Missing bool             `json:"missing"` // referenced but not in this workspace's blobs/ (not synced yet?)
	Meta    ims.EvidenceMeta `json:"meta"`
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

// attach stores the bytes of r as evidence and adds the file to the record, noting who
// added it and when. The same bytes are stored once however often they are attached; a
// record that already holds the file keeps its entry.
func (a *App) attach(kindName, id, name string, r io.Reader) (ims.Record, error) {
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
	ref, err := ev.Put(r, name)
	if err != nil {
		return ims.Record{}, err
	}
	if slices.ContainsFunc(refs, func(r string) bool {
		h, n, ok := ims.SplitAttachment(r)
		return ok && h == ref.SHA256 && n == ref.Name
	}) {
		return rec, nil
	}
	entry := ims.AttachmentEntry(ref.SHA256, ref.Name, ims.EvidenceMeta{
		AddedBy: clip(actor.Name, 120), AddedAt: time.Now().UTC().Format(time.RFC3339)})
	return st.UpdateRecord(bg, actor, kind.Name, id, map[string]any{AttachmentsField: append(slices.Clone(refs), entry)})
}

// SetAttachmentMeta describes one of a record's evidence files: type, collected on, valid
// until, source. Who added it and when stay as they were. It is an ordinary write of the
// attachments field, so it syncs and shows in the history.
func (a *App) SetAttachmentMeta(kindName, id, sha256 string, meta ims.EvidenceMeta) (ims.Record, error) {
	st, actor, err := a.writer()
	if err != nil {
		return ims.Record{}, err
	}
	kind, _, refs, err := recordAttachments(st, kindName, id)
	if err != nil {
		return ims.Record{}, err
	}
	if err := meta.Check(); err != nil {
		return ims.Record{}, err
	}
	next, found := slices.Clone(refs), false
	for i, r := range refs { // every entry of the file: the same bytes may be attached under two names
		h, name, old, ok := ims.ParseAttachment(r)
		if !ok || h != sha256 {
			continue
		}
		m := meta
		m.AddedBy, m.AddedAt = old.AddedBy, old.AddedAt
		next[i], found = ims.AttachmentEntry(h, name, m), true
	}
	if !found {
		return ims.Record{}, ims.Errorf(ims.ENOTFOUND, "this %s has no evidence file %s", strings.ToLower(kind.Label), sha256)
	}
	return st.UpdateRecord(bg, actor, kind.Name, id, map[string]any{AttachmentsField: next})
}

// AttachFile stores a file (base64) as evidence and adds it to the record's evidence
// files. The same bytes are stored once however often they are attached.
// Large files go through the upload endpoint instead (evidence_http.go), streamed.
func (a *App) AttachFile(kindName, id, name, contentBase64 string) (ims.Record, error) {
	_, ev, err := a.evidence()
	if err != nil {
		return ims.Record{}, err
	}
	if int64(base64.StdEncoding.DecodedLen(len(contentBase64))) > ev.MaxBytes()+3 {
		return ims.Record{}, ims.Errorf(ims.EINVALID, "%q is too large to attach: the limit is %d MB per file", name, ev.MaxBytes()>>20)
	}
	// Decoded as it is read: the bytes are not held twice.
	return a.attach(kindName, id, name, badBase64{base64.NewDecoder(base64.StdEncoding, strings.NewReader(strings.TrimSpace(contentBase64)))})
}

// badBase64 says what is wrong when the content does not decode, as bad input.
type badBase64 struct{ r io.Reader }

func (b badBase64) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		err = ims.Errorf(ims.EINVALID, "the file content is not base64: %v", err)
	}
	return n, err
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
	keep := slices.DeleteFunc(slices.Clone(refs), func(r string) bool {
		h, _, ok := ims.SplitAttachment(r)
		return ok && h == sha256
	})
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
		h, name, meta, ok := ims.ParseAttachment(r)
		if !ok {
			continue
		}
		at := Attachment{SHA256: h, Name: name, Meta: meta}
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

// EvidenceFileInfo is one evidence file of the workspace for the evidence view.
type EvidenceFileInfo struct {
	ims.EvidenceItem
	Size    int64 `json:"size"`
	Missing bool  `json:"missing"` // referenced but not in this workspace's blobs/
}

// EvidenceList lists every evidence file the workspace's live records refer to, once per
// file, with its metadata, whether it is stale, and the records it supports.
func (a *App) EvidenceList() ([]EvidenceFileInfo, error) {
	st, ev, err := a.evidence()
	if err != nil {
		return nil, err
	}
	var all []ims.Record
	for _, k := range ims.Kinds() {
		if f, ok := k.Field(AttachmentsField); !ok || f.Type != ims.TypeAttachments {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k.Name})
		if err != nil {
			return nil, err
		}
		all = append(all, res.Records...)
	}
	items := ims.IndexEvidence(all, time.Now().Format(time.DateOnly))
	out := make([]EvidenceFileInfo, len(items))
	for i, it := range items {
		out[i] = EvidenceFileInfo{EvidenceItem: it}
		if n, err := ev.Size(it.SHA256); err == nil {
			out[i].Size = n
		} else {
			out[i].Missing = true
		}
	}
	return out, nil
}

// EvidenceSettings is the workspace's evidence size limit.
type EvidenceSettings struct {
	MaxFileMB int64 `json:"maxFileMB"`
}

// limitSetter is an evidence store whose limit the workspace sets (backend/evidence).
type limitSetter interface{ SetMaxBytes(n int64) error }

// EvidenceSettings returns the open workspace's per-file size limit.
func (a *App) EvidenceSettings() (EvidenceSettings, error) {
	_, ev, err := a.evidence()
	if err != nil {
		return EvidenceSettings{}, err
	}
	return EvidenceSettings{MaxFileMB: ev.MaxBytes() >> 20}, nil
}

// SetEvidenceSettings changes the open workspace's per-file size limit (1 MB to 4 GB).
func (a *App) SetEvidenceSettings(s EvidenceSettings) (EvidenceSettings, error) {
	_, ev, err := a.evidence()
	if err != nil {
		return EvidenceSettings{}, err
	}
	ls, ok := ev.(limitSetter)
	if !ok {
		return EvidenceSettings{}, ims.Errorf(ims.EFORBIDDEN, "this build's evidence store has a fixed size limit")
	}
	if s.MaxFileMB < 1 || s.MaxFileMB > 4096 {
		return EvidenceSettings{}, ims.FieldErrorf("maxFileMB", "The evidence size limit must be between 1 and 4096 MB per file")
	}
	if err := ls.SetMaxBytes(s.MaxFileMB << 20); err != nil {
		return EvidenceSettings{}, err
	}
	return EvidenceSettings{MaxFileMB: ev.MaxBytes() >> 20}, nil
}
