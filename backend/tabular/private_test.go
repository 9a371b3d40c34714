package tabular_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"keel/backend/tabular"
)

// A user's licensed copy of standards text is private: it stays on the device and no
// export carries it, while the rest of the record round-trips.
func TestExportLeavesPrivateFieldsOut(t *testing.T) {
	s := openStore(t)
	secret := "Licensed wording pasted by the user"
	if _, err := s.CreateRecord(ctx, zoe, "control_status", map[string]any{
		"item": "iso27001-2022:A.5.19", "status": "implemented", "licensed_text": secret}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		var buf bytes.Buffer
		if _, err := tabular.Export(ctx, s, "control_status", f, &buf); err != nil {
			t.Fatal(err)
		}
		// XLSX is zipped, so read it back rather than search its bytes.
		back := [][]string{{buf.String()}}
		if f == tabular.XLSX {
			x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if back, err = x.GetRows(x.GetSheetName(0)); err != nil || len(back) != 2 {
				t.Fatalf("read back: %d rows, %v", len(back), err)
			}
		}
		for _, row := range back {
			for _, cell := range row {
				if strings.Contains(cell, secret) {
					t.Errorf("%s export carries the private licensed text", f)
				}
			}
		}
		if f == tabular.CSV && (!strings.Contains(buf.String(), "A.5.19") || strings.Contains(buf.String(), "licensed_text")) {
			t.Errorf("CSV export: want the item without a licensed_text column, got %q", buf.String())
		}
	}
}
