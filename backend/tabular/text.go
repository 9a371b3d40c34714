package tabular

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns a CSV file's bytes into UTF-8 as Excel and LibreOffice write them:
// UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), or
// else Windows-1252 (Excel's "CSV" on a Western Windows), which is converted. note says
// what was converted, "" for UTF-8.
func decodeText(data []byte) (text []byte, note string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte("\uFEFF")):
		return data[3:], "", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return out, "the file was UTF-16 text and was read as such", err
	case utf8.Valid(data):
		return data, "", nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	return out, "the file was not UTF-8, so it was read as Windows-1252 (Western European), as Excel saves CSV on Windows: check accented letters came through", err
}

// separator finds the field separator from the header line: the most frequent of comma,
// semicolon (Excel and LibreOffice where the decimal mark is a comma) and tab, outside
// quotes; comma when none appears.
func separator(text []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(firstLine(text)) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func firstLine(text []byte) []byte {
	if i := bytes.IndexAny(text, "\r\n"); i >= 0 {
		return text[:i]
	}
	return text
}
