package ims_test

import (
	"strings"
	"testing"

	"keel/backend/ims"
)

func TestAttachmentEntryRoundTrip(t *testing.T) {
	h := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		meta ims.EvidenceMeta
	}{
		{"no metadata", ims.EvidenceMeta{}},
		{"all of it", ims.EvidenceMeta{Type: "certificate", Collected: "2026-01-05", ValidUntil: "2027-01-04",
			Source: "Acme Ltd, HR / payroll & more", AddedBy: "Zoë Łódź", AddedAt: "2026-01-06T10:00:00Z"}},
		{"a comma and a slash in the source", ims.EvidenceMeta{Source: "a,b/c;d"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ref := ims.AttachmentEntry(h, "minutes.pdf", tc.meta)
			if strings.Count(ref, "/") != 1 || strings.Contains(ref, ",") {
				t.Fatalf("entry %q must hold one / and no comma", ref)
			}
			if !ims.ValidAttachment(ref) {
				t.Fatalf("%q is not valid", ref)
			}
			gh, gn, gm, ok := ims.ParseAttachment(ref)
			if !ok || gh != h || gn != "minutes.pdf" || gm != tc.meta {
				t.Errorf("ParseAttachment(%q) = %s %s %+v %v", ref, gh, gn, gm, ok)
			}
			if sh, sn, ok := ims.SplitAttachment(ref); !ok || sh != h || sn != "minutes.pdf" {
				t.Errorf("SplitAttachment(%q) = %s %s %v", ref, sh, sn, ok)
			}
		})
	}
}

func TestAttachmentMetaRefused(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for _, ref := range []string{
		h + ";colour=red/a.pdf",                            // unknown key
		h + ";collected=yesterday/a.pdf",                   // not a date
		h + ";collected=2026-02-01&valid=2026-01-01/a.pdf", // valid before collected
		h + ";type=a&type=b/a.pdf",                         // twice
		h + ";source=" + strings.Repeat("x", 201) + "/a.pdf",
		h + ";at=noon/a.pdf",
	} {
		if ims.ValidAttachment(ref) {
			t.Errorf("%q was accepted", ref)
		}
	}
	if err := (ims.EvidenceMeta{Collected: "2026-13-01"}).Check(); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("Check of a bad date = %v", err)
	}
}
