package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termSafe writes user text to a terminal as it reads: control characters (an escape
// sequence in a record title could recolour or rewrite the screen) and bidi overrides
// (U+202E shows "gpj.exe" as "exe.jpg") come out as visible \uXXXX escapes; newlines and
// tabs stay, as the tables need them.
type termSafe struct{ w io.Writer }

func (t termSafe) Write(p []byte) (int, error) {
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		if r != '\n' && r != '\t' && (r != utf8.RuneError || n != 1) && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(p[i : i+n])
		}
		i += n
	}
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
