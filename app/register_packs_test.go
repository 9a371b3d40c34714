package app_test

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func TestRegisterPacks(t *testing.T) {
	// The demo workspace: its risks, AI systems and audits fill the packs.
	e := newEnv(t)
	if _, err := e.app.SetIdentity(ada); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateWorkspace("Fenmore Credit", true); err != nil {
		t.Fatal(err)
	}
	// Pages beyond the cover, document control and contents: the sections with records in them.
	for kind, min := range map[string]int{"risk": 8, "ai-inventory": 6, "audit": 5} {
		t.Run(kind, func(t *testing.T) {
			res, err := e.app.GeneratePack(kind, "", "")
			if err != nil {
				t.Fatal(err)
			}
			b, err := base64.StdEncoding.DecodeString(res.PDF)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || res.Pages < min || res.Kind != kind ||
				len(res.FileName) != len("keel-"+kind+"-2026-11-27.pdf") {
				t.Fatalf("result: kind %q, file %q, %d pages (want ≥ %d), %d bytes", res.Kind, res.FileName, res.Pages, min, len(b))
			}
		})
	}
}
