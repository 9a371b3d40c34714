package app_test

import (
	"bytes"
	"encoding/base64"
	"testing"

	"keel/backend/ims"
)

func TestGeneratePack(t *testing.T) {
	t.Run("no workspace", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.app.GeneratePack("soa", "", "")
		wantCode(t, err, ims.EFORBIDDEN, "no workspace is open")
	})
	e := ready(t)
	if _, err := e.app.SetStatuses([]string{"iso27001-2022:A.5.1", "iso42001-2023:A.2.2"}, "implemented"); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"soa", "gap"} {
		t.Run(kind, func(t *testing.T) {
			res, err := e.app.GeneratePack(kind, "2026-01-01", "2026-12-31")
			if err != nil {
				t.Fatal(err)
			}
			b, err := base64.StdEncoding.DecodeString(res.PDF)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || res.Pages < 5 || res.Kind != kind ||
				len(res.FileName) != len("keel-"+kind+"-2026-11-27.pdf") {
				t.Fatalf("result: kind %q, file %q, %d pages, %d bytes", res.Kind, res.FileName, res.Pages, len(b))
			}
		})
	}
	t.Run("bad input", func(t *testing.T) {
		_, err := e.app.GeneratePack("risks", "", "")
		wantCode(t, err, ims.EINVALID, "not a pack")
		_, err = e.app.GeneratePack("soa", "2026-13-01", "")
		wantCode(t, err, ims.EINVALID, "not a date")
	})
}
