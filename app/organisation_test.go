package app_test

import (
	"strings"
	"testing"

	"keel/app"
	"keel/backend/ims"
)

// The demo's packs carry Fenmore Credit Ltd's legal name, kept through a rename; the
// setting is checked; the SoA's warnings name the excluded control the demo's records cite.
func TestOrganisationAndSoAWarnings(t *testing.T) {
	e := readyDemo(t)
	snap, err := app.PackSnapshot(e.app, "soa")
	if err != nil {
		t.Fatal(err)
	}
	if snap.LegalName != "Fenmore Credit Ltd" || snap.Registered == "" || snap.Address == "" {
		t.Errorf("legal name %q, number %q, address %q", snap.LegalName, snap.Registered, snap.Address)
	}
	cur := e.app.CurrentWorkspace()
	if info, err := e.app.RenameWorkspace(cur.ID, "Fenmore"); err != nil || info.Organisation.LegalName != "Fenmore Credit Ltd" {
		t.Errorf("rename lost the organisation: %+v, %v", info.Organisation, err)
	}
	if _, err := e.app.SetOrganisation(ims.Organisation{LegalName: strings.Repeat("x", 161)}); ims.ErrorCode(err) != ims.EINVALID {
		t.Errorf("a 161-character legal name: %v, want invalid", err)
	}
	info, err := e.app.SetOrganisation(ims.Organisation{LegalName: "  Fenmore   Credit Ltd ", RegisteredNumber: " 1 ", Address: "Leeds"})
	if err != nil || info.Organisation != (ims.Organisation{LegalName: "Fenmore Credit Ltd", RegisteredNumber: "1", Address: "Leeds"}) {
		t.Errorf("set: %+v, %v", info.Organisation, err)
	}
	if cur := e.app.CurrentWorkspace(); cur.Organisation.RegisteredNumber != "1" {
		t.Errorf("the open workspace's organisation is not updated: %+v", cur.Organisation)
	}

	w, err := e.app.SoAWarnings()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, x := range w {
		if x.Ref != "iso27001-2022:A.8.28" {
			t.Errorf("warning on %s: %s", x.Ref, x.Text)
		}
		texts = append(texts, x.Record.Kind)
	}
	// The demo's chatbot risk cites A.8.28 and two of its AI systems are built in-house.
	if strings.Join(texts, ",") != "risk,ai_system,ai_system" {
		t.Errorf("warnings %+v", w)
	}
}
