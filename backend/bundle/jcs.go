package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Canonical JSON, RFC 8785 (JCS), written out because no Go library for it is on offer:
//
//   - objects: members sorted by their names compared as UTF-16 code units, no duplicate
//     names, no whitespace anywhere;
//   - strings: UTF-8 as is, except `"` and `\` escaped, \b \f \n \r \t as those two-character
//     escapes, other code points below U+0020 as \u00xx (lower-case hex); invalid UTF-8 is
//     an error;
//   - numbers: as ECMAScript's Number.prototype.toString prints the IEEE 754 double
//     (shortest round-trip digits; integers without a fraction; exponent from 1e21 and
//     below 1e-6); NaN and infinities are errors;
//   - true, false, null as such; arrays keep their order.
//
// Keel's manifests and responses only hold strings, integers, booleans, arrays and objects.

// Canonical returns the RFC 8785 form of v (anything encoding/json marshals).
func Canonical(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return CanonicalJSON(b)
}

// CanonicalJSON returns the RFC 8785 form of a JSON text; it refuses duplicate member
// names and anything after the value.
func CanonicalJSON(b []byte) ([]byte, error) {
	v, err := parseJSON(b)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := writeCanonical(&out, v); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// member is an object member, keeping the order of the text until it is sorted.
type member struct {
	name  string
	value any
}

type object []member

// parseJSON reads one JSON value into nil, bool, json.Number, string, []any or object.
func parseJSON(b []byte) (any, error) {
	if !utf8.Valid(b) {
		return nil, errors.New("canonical JSON: not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("canonical JSON: data after the value")
	}
	return v, nil
}

const maxDepth = 64

func parseValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("canonical JSON: nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var obj object
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("canonical JSON: %w", err)
				}
				name, ok := kt.(string)
				if !ok {
					return nil, errors.New("canonical JSON: member name is not a string")
				}
				if seen[name] {
					return nil, fmt.Errorf("canonical JSON: member %q appears twice", name)
				}
				seen[name] = true
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				obj = append(obj, member{name, v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("canonical JSON: %w", err)
			}
			if obj == nil {
				obj = object{}
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("canonical JSON: %w", err)
			}
			return arr, nil
		}
		return nil, fmt.Errorf("canonical JSON: unexpected %v", t)
	default:
		return t, nil
	}
}

func writeCanonical(w *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case nil:
		w.WriteString("null")
	case bool:
		w.WriteString(strconv.FormatBool(t))
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("canonical JSON: number %s is out of range", t)
		}
		w.WriteString(es6Number(f))
	case string:
		writeString(w, t)
	case []any:
		w.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := writeCanonical(w, e); err != nil {
				return err
			}
		}
		w.WriteByte(']')
	case object:
		sorted := slices.Clone(t)
		slices.SortFunc(sorted, func(a, b member) int { return compareUTF16(a.name, b.name) })
		w.WriteByte('{')
		for i, m := range sorted {
			if i > 0 {
				w.WriteByte(',')
			}
			writeString(w, m.name)
			w.WriteByte(':')
			if err := writeCanonical(w, m.value); err != nil {
				return err
			}
		}
		w.WriteByte('}')
	default:
		return fmt.Errorf("canonical JSON: unexpected %T", v)
	}
	return nil
}

func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func writeString(w *bytes.Buffer, s string) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(w, `\u%04x`, r)
			} else {
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}

// es6Number prints a finite double as ECMAScript's Number.prototype.toString does.
func es6Number(f float64) string {
	if f == 0 {
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	// Shortest round-trip digits and the decimal exponent: d.ddde±x.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	s := digits[:1]
	if k > 1 {
		s += "." + digits[1:]
	}
	if n-1 >= 0 {
		return sign + s + "e+" + strconv.Itoa(n-1)
	}
	return sign + s + "e-" + strconv.Itoa(1-n)
}
