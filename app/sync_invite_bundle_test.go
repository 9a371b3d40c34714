package app_test

import (
	"testing"

	"keel/backend/ims"
)

// A device that joins by invite signs evidence bundles with the workspace's one bundle
// key (the fingerprint the client gave the auditor), and prints the same legal name on
// its packs: the invite carries both.
func TestJoinCarriesBundleKeyAndOrganisation(t *testing.T) {
	a := ready(t)
	org := ims.Organisation{LegalName: "Harbour Freight Ltd", RegisteredNumber: "01234567", Address: "1 Quay Street, Hull"}
	if _, err := a.app.SetOrganisation(org); err != nil {
		t.Fatal(err)
	}
	want, err := a.app.BundleKey()
	if err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	if _, err := a.app.SyncFolder(folder); err != nil {
		t.Fatal(err)
	}
	b, joined := joinedDevice(t, a, folder, "Bea")
	got, err := b.app.BundleKey()
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint != want.Fingerprint {
		t.Fatalf("the joined device signs with %s, the workspace's key is %s", got.Fingerprint, want.Fingerprint)
	}
	if joined.Workspace.Organisation != org {
		t.Fatalf("the joined workspace's organisation is %+v, want %+v", joined.Workspace.Organisation, org)
	}
}
