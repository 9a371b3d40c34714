package bundle_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"testing"

	"keel/backend/bundle"
)

// rawZip builds a ZIP by hand so entries can lie: names, modes, declared sizes.
type rawEntry struct {
	name     string
	data     []byte
	mode     fs.FileMode
	deflate  bool
	declared int64 // uncompressed size claimed; -1: the real one
}

func rawZip(tb testing.TB, entries ...rawEntry) []byte {
	tb.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data), UncompressedSize64: uint64(len(e.data))}
		if e.declared >= 0 {
			h.UncompressedSize64 = uint64(e.declared)
		}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		body := e.data
		if e.deflate {
			h.Method = zip.Deflate
			var c bytes.Buffer
			fw, _ := flate.NewWriter(&c, flate.BestCompression)
			fw.Write(e.data)
			fw.Close()
			body = c.Bytes()
		}
		h.CompressedSize64 = uint64(len(body))
		w, err := zw.CreateRaw(h)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(body)
	}
	zw.Close()
	return out.Bytes()
}

func problems(r *bundle.Report) string {
	var s []string
	for _, p := range r.Problems {
		s = append(s, p.Kind+": "+p.String())
	}
	return strings.Join(s, "\n")
}

func TestReadersRefuseHostileEntries(t *testing.T) {
	good := newFixture(t).export(t)
	base := entries(t, good)
	with := func(extra ...rawEntry) []byte {
		var es []rawEntry
		for name, data := range base {
			es = append(es, rawEntry{name: name, data: data, declared: -1})
		}
		return rawZip(t, append(es, extra...)...)
	}
	zeros := make([]byte, 8<<20)
	cases := []struct {
		name string
		zip  []byte
		want string
	}{
		{"path traversal", with(rawEntry{name: "evidence/../../etc/cron.d/x", data: []byte("x"), declared: -1}), "traversal"},
		{"absolute path", with(rawEntry{name: "/etc/passwd", data: []byte("x"), declared: -1}), "absolute"},
		{"backslash", with(rawEntry{name: `evidence\..\x`, data: []byte("x"), declared: -1}), "backslash"},
		{"symlink", with(rawEntry{name: "evidence/link", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777, declared: -1}), "symbolic link"},
		{"duplicate name", with(rawEntry{name: "records/policy.json", data: []byte("[]"), declared: -1}), "twice"},
		{"declared size smaller than real", with(rawEntry{name: "evidence/lie", data: bytes.Repeat([]byte("a"), 5000), declared: 10}), "more than"},
		{"declared size larger than real", with(rawEntry{name: "evidence/lie", data: []byte("short"), declared: 4000}), "declares"},
		{"zip bomb", with(rawEntry{name: "evidence/bomb", data: zeros, deflate: true, declared: -1}), "zip bomb"},
		{"zip bomb that lies about its size", with(rawEntry{name: "evidence/bomb", data: zeros, deflate: true, declared: 1000}), "more than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyBytes(c.zip, "")
			if rep.OK || !strings.Contains(problems(rep), c.want) {
				t.Errorf("want a problem with %q, got:\n%s", c.want, problems(rep))
			}
		})
	}
	// Totals and the manifest's size are limited too, with a clear problem.
	lim := bundle.DefaultLimits
	lim.MaxManifest = 100
	if rep := bundle.VerifyReaderAt(bytes.NewReader(good), int64(len(good)), "", lim); rep.OK || !strings.Contains(problems(rep), "manifest.json is") {
		t.Errorf("an oversized manifest: %s", problems(rep))
	}
	lim = bundle.DefaultLimits
	lim.MaxTotal = 1000
	if rep := bundle.VerifyReaderAt(bytes.NewReader(good), int64(len(good)), "", lim); rep.OK || !strings.Contains(problems(rep), "over the") {
		t.Errorf("over the total: %s", problems(rep))
	}
	lim = bundle.DefaultLimits
	lim.MaxEntries = 5
	if rep := bundle.VerifyReaderAt(bytes.NewReader(good), int64(len(good)), "", lim); rep.OK || !strings.Contains(problems(rep), "files, over the limit") {
		t.Errorf("too many entries: %s", problems(rep))
	}
	// Not a ZIP at all.
	if rep := verifyBytes([]byte("not a zip"), ""); rep.OK || rep.Problems[0].Kind != "format" {
		t.Errorf("not a zip: %s", problems(rep))
	}
	if _, _, err := bundle.OpenReaderAt(strings.NewReader("not a zip"), 9, bundle.DefaultLimits); err == nil {
		t.Error("a reader opened what is not a ZIP")
	}
}

func TestCanonicalJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"b":1,"a":[true,null,"x"]}`:                           `{"a":[true,null,"x"],"b":1}`,
		`{"\u20ac":1,"\r":2,"1":3,"\ud83d\ude00":4,"\u0080":5}`: `{"\r":2,"1":3,"` + "\u0080" + `":5,"` + "\u20ac" + `":1,"` + "\U0001F600" + `":4}`,
		`"\u0001\b\u00e9</"`:                                    `"\u0001\bé</"`,
		`[1e21, 1e-7, 0.000001, 123.456, -0, 1E2, 4.5e15]`:      `[1e+21,1e-7,0.000001,123.456,0,100,4500000000000000]`,
		` { } `: `{}`,
	} {
		got, err := bundle.CanonicalJSON([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("%s → %s (%v), want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{`{"a":1,"a":2}`, `{"a":1} x`, `[1e400]`, "\"\xff\"", strings.Repeat("[", 100) + strings.Repeat("]", 100)} {
		if _, err := bundle.CanonicalJSON([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzVerify feeds the bundle reader arbitrary bytes: it must never panic, and whatever
// it accepts as intact must be a bundle it can read.
func FuzzVerify(f *testing.F) {
	good := newFixture(f).export(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add(rawZip(f, rawEntry{name: "../x", data: []byte("x"), declared: -1}))
	lim := bundle.DefaultLimits
	lim.MaxTotal, lim.MaxFile, lim.MaxManifest = 8<<20, 4<<20, 1<<20
	f.Fuzz(func(t *testing.T, b []byte) {
		rep := bundle.VerifyReaderAt(bytes.NewReader(b), int64(len(b)), "", lim)
		if rep.OK != (len(rep.Problems) == 0) {
			t.Fatalf("OK %v with %d problems", rep.OK, len(rep.Problems))
		}
		r, _, err := bundle.OpenReaderAt(bytes.NewReader(b), int64(len(b)), lim)
		if err != nil {
			return
		}
		for _, reg := range r.Registers() {
			r.Records(reg)
			r.History(reg)
		}
		for _, e := range r.Evidence() {
			if rc, err := r.Open(r.EvidencePath(e.SHA256)); err == nil {
				io.Copy(io.Discard, rc)
				rc.Close()
			}
		}
	})
}

// FuzzReadResponse: the response reader never panics on any input.
func FuzzReadResponse(f *testing.F) {
	f.Add([]byte(`{"format":"keel-bundle-response/1"}`))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		bundle.ReadResponse(bytes.NewReader(b), "")
	})
}
