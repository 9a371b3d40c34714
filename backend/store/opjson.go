package store

import (
	"encoding/json"
	"strconv"

	"keel/backend/ims"
)

// decodeOp decodes one op of the log. Replay and the as-of fold decode every op there is,
// so the shape the write path writes (json.Marshal of ims.Op: plain strings, a number, a
// bool, a list of strings or null as the value) is read without reflection; anything else
// (an escaped string, a nested value, an unexpected key) goes to encoding/json, so the
// result is always what json.Unmarshal gives.
func decodeOp(b []byte, op *ims.Op) error { return decodeOpInterned(b, op, nil) }

// decodeOpInterned is decodeOp sharing one copy of the strings many ops repeat (replica,
// actor, type, kind, field) through intern, when it is not nil.
func decodeOpInterned(b []byte, op *ims.Op, intern map[string]string) error {
	if (&opScanner{b: b, intern: intern}).op(op) {
		return nil
	}
	*op = ims.Op{}
	return json.Unmarshal(b, op)
}

type opScanner struct {
	b      []byte
	i      int
	intern map[string]string
}

func (p *opScanner) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\n' || p.b[p.i] == '\t' || p.b[p.i] == '\r') {
		p.i++
	}
}

// eat skips white space and one expected byte.
func (p *opScanner) eat(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *opScanner) peek() byte {
	p.ws()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// common reads a string many ops share, keeping one copy of it.
func (p *opScanner) common() (string, bool) {
	if p.intern == nil {
		return p.str()
	}
	start := p.i
	if _, ok := p.str(); !ok {
		return "", false
	}
	raw := p.b[start:p.i]
	if s, ok := p.intern[string(raw)]; ok {
		return s, true
	}
	s, _ := (&opScanner{b: raw}).str()
	if len(p.intern) < 4096 {
		p.intern[string(raw)] = s
	}
	return s, true
}

// str reads a string without escapes; one with a backslash is left to encoding/json.
func (p *opScanner) str() (string, bool) {
	if !p.eat('"') {
		return "", false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			s := string(p.b[start:p.i])
			p.i++
			return s, true
		case c == '\\' || c < 0x20:
			return "", false
		}
		p.i++
	}
	return "", false
}

func (p *opScanner) number() (string, bool) {
	p.ws()
	start := p.i
	for p.i < len(p.b) && (p.b[p.i] >= '0' && p.b[p.i] <= '9' || p.b[p.i] == '-' || p.b[p.i] == '+' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
	}
	return string(p.b[start:p.i]), p.i > start
}

func (p *opScanner) uint() (uint64, bool) {
	s, ok := p.number()
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

func (p *opScanner) literal(word string) bool {
	p.ws()
	if len(p.b)-p.i >= len(word) && string(p.b[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		return true
	}
	return false
}

// strs reads a list of strings, or null.
func (p *opScanner) strs() ([]string, bool) {
	if p.literal("null") {
		return nil, true
	}
	if !p.eat('[') {
		return nil, false
	}
	out := []string{}
	if p.eat(']') {
		return out, true
	}
	for {
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		if p.eat(']') {
			return out, true
		}
		if !p.eat(',') {
			return nil, false
		}
	}
}

// value reads a field value: a string, a number, a bool, null or a list of strings (the
// list as the store normalises it, a []string).
func (p *opScanner) value() (any, bool) {
	switch c := p.peek(); {
	case c == '"':
		return p.str()
	case c == '[':
		return p.strs()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		s, ok := p.number()
		if !ok {
			return nil, false
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return nil, false
}

// object reads {"key": value, ...}, calling field for each key to read its value.
func (p *opScanner) object(field func(key string) bool) bool {
	if !p.eat('{') {
		return false
	}
	if p.eat('}') {
		return true
	}
	for {
		key, ok := p.str()
		if !ok || !p.eat(':') || !field(key) {
			return false
		}
		if p.eat('}') {
			return true
		}
		if !p.eat(',') {
			return false
		}
	}
}

func (p *opScanner) op(op *ims.Op) bool {
	ok := p.object(func(key string) bool {
		var ok bool
		switch key {
		case "id":
			op.ID, ok = p.str()
		case "replica":
			op.Replica, ok = p.common()
		case "seq":
			op.Seq, ok = p.uint()
		case "hlc":
			op.HLC, ok = p.uint()
		case "type":
			var t string
			t, ok = p.common()
			op.Type = ims.OpType(t)
		case "kind":
			op.Kind, ok = p.common()
		case "entity":
			op.Entity, ok = p.str()
		case "field":
			op.Field, ok = p.common()
		case "value":
			op.Value, ok = p.value()
		case "pred":
			op.Pred, ok = p.strs()
		case "actor":
			ok = p.object(func(key string) bool {
				var ok bool
				switch key {
				case "name":
					op.Actor.Name, ok = p.common()
				case "email":
					op.Actor.Email, ok = p.common()
				case "role":
					op.Actor.Role, ok = p.common()
				}
				return ok
			})
		}
		return ok
	})
	p.ws()
	return ok && p.i == len(p.b)
}
