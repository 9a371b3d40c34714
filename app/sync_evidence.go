package app

import (
	"bytes"
	"errors"
	"io"

	"keel/backend/ims"
	"keel/backend/sync"
)

// pushEvidence adds to the sync folder, encrypted, every evidence file this workspace's
// records attach and this device holds that the folder lacks (each content once); with
// fetchAll it also takes from the folder every one this device lacks (else each is
// fetched when first needed). It returns how many it added.
func (a *App) pushEvidence(f *sync.Folder, fetchAll bool) (int, error) {
	st, _, err := a.s.Current()
	if err != nil {
		return 0, err
	}
	ev := st.Evidence()
	if ev == nil {
		return 0, nil
	}
	added := 0
	for _, k := range ims.Kinds() {
		if fd, ok := k.Field(AttachmentsField); !ok || fd.Type != ims.TypeAttachments {
			continue
		}
		res, err := st.ListRecords(bg, ims.ListQuery{Kind: k.Name})
		if err != nil {
			return added, err
		}
		for _, r := range res.Records {
			refs, _ := r.Fields[AttachmentsField].([]string)
			for _, ref := range refs {
				h, _, ok := ims.SplitAttachment(ref)
				if !ok {
					continue
				}
				if _, err := ev.Size(h); err != nil {
					if fetchAll {
						if b, err := f.GetBlob(h, ev.MaxBytes()); err == nil {
							ev.Put(bytes.NewReader(b), "")
						}
					}
					continue // not on this device (yet): another device will add it
				}
				if f.HasBlob(h) {
					continue
				}
				b, err := readEvidence(ev, h)
				if err != nil {
					return added, err
				}
				wrote, err := f.PutBlob(h, b)
				if err != nil {
					return added, err
				}
				if wrote {
					added++
				}
			}
		}
	}
	return added, nil
}

func readEvidence(ev ims.EvidenceService, sha string) ([]byte, error) {
	r, err := ev.Open(sha)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, ev.MaxBytes()+1))
}

// SyncFetchAllEvidence sets whether each round takes every evidence file this device lacks
// from the sync folder (true), or each only when first needed (false, the default).
func (a *App) SyncFetchAllEvidence(all bool) error {
	rounds.Lock()
	defer rounds.Unlock()
	_, info, cfg, err := a.syncTarget(true)
	if err != nil {
		return err
	}
	cfg.FetchAll = all
	return cfg.Save(info.Path)
}

// fetchEvidence takes an evidence file this device lacks from the sync folder, the first
// time it is needed, and keeps it with the workspace's evidence.
func (a *App) fetchEvidence(ev ims.EvidenceService, sha string) error {
	log, info, cfg, err := a.syncTarget(false)
	if err != nil || cfg == nil {
		return errors.New("this workspace does not sync")
	}
	b, err := a.folder(log, cfg, currentFolder(info, cfg)).GetBlob(sha, ev.MaxBytes())
	if err != nil {
		return err
	}
	_, err = ev.Put(bytes.NewReader(b), "")
	return err
}
