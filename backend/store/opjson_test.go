package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"keel/backend/ims"
)

// TestDecodeOpIsJSONUnmarshal: the log's fast op decoder gives exactly what
// json.Unmarshal (with the store's list normalisation) gives, for every op the write path
// can write: escapes, non-ASCII text, numbers, bools, lists and null values, preds.
func TestDecodeOpIsJSONUnmarshal(t *testing.T) {
	text := rapid.SampledFrom([]string{"", "risk", "Zoë Łukasiewicz", `say "hi"`, "a\\b", "line\nbreak", "<&>", "tab\t", "€ ≥ —", "\u2028"})
	value := rapid.OneOf(
		rapid.Map(text, func(s string) any { return s }),
		rapid.Map(rapid.Float64(), func(f float64) any { return f }),
		rapid.Map(rapid.IntRange(-5000, 5000), func(n int) any { return float64(n) / 4 }),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Just[any](nil),
		rapid.Map(rapid.SliceOfN(text, 0, 3), func(l []string) any { return l }),
	)
	rapid.Check(t, func(rt *rapid.T) {
		op := ims.Op{ID: text.Draw(rt, "id"), Replica: text.Draw(rt, "replica"), Seq: rapid.Uint64().Draw(rt, "seq"),
			HLC: rapid.Uint64().Draw(rt, "hlc"), Actor: ims.Actor{Name: text.Draw(rt, "name"), Email: text.Draw(rt, "email"), Role: text.Draw(rt, "role")},
			Type: ims.OpType(text.Draw(rt, "type")), Kind: text.Draw(rt, "kind"), Entity: text.Draw(rt, "entity"),
			Field: text.Draw(rt, "field"), Value: value.Draw(rt, "value")}
		if rapid.Bool().Draw(rt, "has pred") {
			op.Pred = rapid.SliceOfN(text, 0, 3).Draw(rt, "pred")
		}
		b, err := json.Marshal(op)
		if err != nil {
			rt.Skip("not encodable")
		}
		var want, got ims.Op
		if err := json.Unmarshal(b, &want); err != nil {
			rt.Fatal(err)
		}
		want.Value = normalizeJSON(want.Value)
		if err := decodeOp(b, &got); err != nil {
			rt.Fatal(err)
		}
		got.Value = normalizeJSON(got.Value)
		if !reflect.DeepEqual(got, want) {
			rt.Fatalf("decodeOp(%s):\n got  %#v\n want %#v", b, got, want)
		}
	})
	for _, bad := range []string{`{"id":"x"`, `{"id":1}`, `{"seq":-1}`, `[]`, `{"id":"x"} junk`} {
		var op ims.Op
		if err := decodeOp([]byte(bad), &op); err == nil {
			t.Errorf("decodeOp(%s) = %+v, want an error as json.Unmarshal gives", bad, op)
		}
	}
}
