package tabular_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"keel/backend/tabular"
)

// CSV as Excel and LibreOffice save it: UTF-8 with or without a byte-order mark,
// Windows-1252 (converted, with a note), UTF-16; comma, semicolon or tab.
func TestImportEncodingsAndSeparators(t *testing.T) {
	text := func(sep string) string {
		return strings.ReplaceAll("title;owner;status;description\nRenew DPA;José Núñez;open;\"a; b\"\n", ";", sep)
	}
	encode := func(e interface{ String(string) (string, error) }, s string) string {
		out, err := e.String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tc := range []struct{ name, sep, data, note string }{
		{"utf-8 semicolons", ";", text(";"), ""},
		{"utf-8 bom commas", ",", "\uFEFF" + text(","), ""},
		{"tabs crlf", "\t", strings.ReplaceAll(text("\t"), "\n", "\r\n"), ""},
		{"windows-1252", ",", encode(charmap.Windows1252.NewEncoder(), text(",")), "Windows-1252"},
		{"utf-16 tabs", "\t", encode(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), text("\t")), "UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			res, err := tabular.Import(ctx, st, zoe, "action", tabular.CSV, strings.NewReader(tc.data), tabular.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.note == "" && res.Note != "" || !strings.Contains(res.Note, tc.note) {
				t.Errorf("note %q, want %q", res.Note, tc.note)
			}
			r, _ := st.GetRecord(ctx, "action", res.IDs[0])
			if r.Fields["owner"] != "José Núñez" || r.Fields["description"] != "a"+tc.sep+" b" {
				t.Errorf("record %+v", r.Fields)
			}
		})
	}
}
