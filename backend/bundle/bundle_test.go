package bundle_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keel/backend/bundle"
	"keel/backend/evidence"
	"keel/backend/followup"
	"keel/backend/ims"
	"keel/backend/store"
	"keel/backend/store/storetest"
)

var actor = ims.Actor{Name: "Ada Lovelace", Email: "ada@example.com", Role: "ISMS manager"}

var genTime = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// fixture is a small workspace: two policies with evidence files, an audit with two
// findings (one graded a minor nonconformity, which raises a nonconformity).
type fixture struct {
	st  *store.Store
	ev  *evidence.Store
	src bundle.Source
	key ed25519.PrivateKey
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	st := storetest.Open(tb, store.Options{Rules: ims.Rules{FollowUps: followup.Rules()}})
	ev := evidence.New(tb.TempDir(), 0)
	ctx := context.Background()
	put := func(name, content string) string {
		ref, err := ev.Put(strings.NewReader(content), name)
		if err != nil {
			tb.Fatal(err)
		}
		return ref.String()
	}
	a := put("access-review.pdf", "%PDF-1.4 quarterly access review, signed\n")
	b := put("board minutes.txt", "Board approved the AI policy on 2026-03-02.\n")
	for _, p := range []map[string]any{
		{"title": "Information security policy", "owner": "Ada Lovelace", "status": "approved", "attachments": []string{a}},
		{"title": "AI policy", "owner": "Grace Hopper", "status": "approved", "attachments": []string{b, a}},
		{"title": "Privacy policy", "owner": "Ada Lovelace", "status": "draft"},
	} {
		if _, err := st.CreateRecord(ctx, actor, "policy", p); err != nil {
			tb.Fatal(err)
		}
	}
	au, err := st.CreateRecord(ctx, actor, "audit", map[string]any{"title": "Q3 ISMS audit", "standards": []string{"ISO/IEC 27001"},
		"lead_auditor": "Grace Hopper", "status": "reported"})
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range []map[string]any{
		{"title": "Access reviews late", "audit": au.ID, "type": "minor nonconformity", "ref": "iso27001-2022:A.5.18", "description": "Two quarters late."},
		{"title": "Policy approved", "audit": au.ID, "type": "conformity", "ref": "iso27001-2022:5.2"},
	} {
		if _, err := st.CreateRecord(ctx, actor, "finding", f); err != nil {
			tb.Fatal(err)
		}
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	return &fixture{st: st, ev: ev, key: key, src: bundle.Source{
		Workspace: bundle.Workspace{ID: "ws-1", Name: "Fenmore"}, Organisation: "Fenmore Credit Ltd", Generator: "Keel test",
		Records: st, Evidence: ev,
		Packs: func(ctx context.Context, scope bundle.Scope, add func(string, []byte) error) error {
			return add("soa.pdf", []byte("%PDF-1.4 a statement of applicability for "+strings.Join(scope.Registers, ",")+"\n%%EOF\n"))
		},
	}}
}

func (f *fixture) opts() bundle.Options {
	return bundle.Options{Key: f.key, Now: genTime, Scope: bundle.Scope{Registers: []string{"policy", "audit", "finding", "nonconformity"}}}
}

func (f *fixture) export(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := bundle.Export(context.Background(), &buf, f.src, f.opts(), nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func verifyBytes(b []byte, expect string) *bundle.Report {
	return bundle.VerifyReaderAt(bytes.NewReader(b), int64(len(b)), expect, bundle.DefaultLimits)
}

func entries(tb testing.TB, b []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

// rewrite copies a bundle, letting edit change (or drop, returning nil) each entry, and
// appends extra entries.
func rewrite(tb testing.TB, b []byte, edit func(name string, data []byte) []byte, extra map[string][]byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		if edit != nil {
			data = edit(f.Name, data)
		}
		if data == nil {
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		w.Write(data)
	}
	for name, data := range extra {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

// outside runs README.txt's commands (unzip, sha256sum -c, ssh-keygen -Y verify, the
// listing of files SHA256SUMS misses) on a bundle, expecting the key pub; it returns the
// output and whether they all passed.
func outside(tb testing.TB, b []byte, pub ed25519.PublicKey) (string, bool) {
	tb.Helper()
	for _, tool := range []string{"unzip", "sha256sum", "ssh-keygen", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Fatalf("%s is needed to check bundles the way README.txt says (apt-get install unzip coreutils openssh-client)", tool)
		}
	}
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "BUNDLE.zip"), b, 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("bash", "-o", "pipefail", "-c", strings.Join(bundle.OutsideCommands("BUNDLE.zip", pub), " && "))
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func TestExportVerifiesWithKeelAndWithStandardTools(t *testing.T) {
	f := newFixture(t)
	b := f.export(t)
	pub := f.key.Public().(ed25519.PublicKey)
	rep := verifyBytes(b, bundle.Fingerprint(pub))
	if !rep.OK {
		t.Fatalf("a fresh bundle does not verify: %v", rep.Problems)
	}
	if rep.Fingerprint != bundle.Fingerprint(pub) || !strings.HasPrefix(rep.Fingerprint, "SHA256:") {
		t.Errorf("fingerprint %q, want %q", rep.Fingerprint, bundle.Fingerprint(pub))
	}
	if !strings.HasPrefix(rep.Summary(), "OK: ") {
		t.Errorf("summary %q", rep.Summary())
	}
	files := entries(t, b)
	for _, want := range []string{"manifest.json", "SHA256SUMS", "SHA256SUMS.sig", "README.txt", "packs/soa.pdf",
		"records/policy.json", "records/policy.csv", "history/policy.jsonl", "records/finding.json", "oscal/assessment-results.json"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the bundle has no %s", want)
		}
	}
	var ev []string
	for name := range files {
		if strings.HasPrefix(name, "evidence/") {
			ev = append(ev, name)
		}
	}
	if len(ev) != 2 {
		t.Errorf("evidence files %v, want the two distinct files once each", ev)
	}
	if !bytes.Contains(files["README.txt"], []byte(bundle.Fingerprint(pub))) || !bytes.Contains(files["README.txt"], []byte("sha256sum -c")) {
		t.Errorf("README.txt lacks the fingerprint or the commands:\n%s", files["README.txt"])
	}
	if out, ok := outside(t, b, pub); !ok {
		t.Fatalf("the standard tools refuse a fresh bundle:\n%s", out)
	}
	// The ssh-keygen fingerprint of the key is the one Keel prints.
	cmd := exec.Command("ssh-keygen", "-lf", "-")
	cmd.Stdin = strings.NewReader(bundle.AuthorizedKey(pub) + "\n")
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), bundle.Fingerprint(pub)) {
		t.Errorf("ssh-keygen -lf prints %q (%v), Keel %s", out, err, bundle.Fingerprint(pub))
	}
	// Private fields never leave the device; the manifest lists every file but its own three.
	m := rep.Manifest
	if len(m.Files) != len(files)-3 || m.Organisation != "Fenmore Credit Ltd" || m.GeneratedAt != "2026-11-30T12:00:00Z" {
		t.Errorf("manifest: %d files of %d, %q, %q", len(m.Files), len(files), m.Organisation, m.GeneratedAt)
	}
}

func TestTamperingIsDetectedByKeelAndByTheStandardTools(t *testing.T) {
	f := newFixture(t)
	good := f.export(t)
	pub := f.key.Public().(ed25519.PublicKey)
	flip := func(match func(string) bool) func(string, []byte) []byte {
		done := false
		return func(name string, data []byte) []byte {
			if !done && match(name) && len(data) > 0 {
				done = true
				data = bytes.Clone(data)
				data[len(data)/2] ^= 0x01
			}
			return data
		}
	}
	prefix := func(p, suffix string) func(string) bool {
		return func(n string) bool { return strings.HasPrefix(n, p) && strings.HasSuffix(n, suffix) }
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	resigned := func() []byte {
		var buf bytes.Buffer
		o := f.opts()
		o.Key = other
		if _, err := bundle.Export(context.Background(), &buf, f.src, o, nil); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	cases := map[string][]byte{
		"a byte of a pack":         rewrite(t, good, flip(prefix("packs/", ".pdf")), nil),
		"a byte of records json":   rewrite(t, good, flip(prefix("records/", ".json")), nil),
		"a byte of records csv":    rewrite(t, good, flip(prefix("records/", ".csv")), nil),
		"a byte of history":        rewrite(t, good, flip(prefix("history/", ".jsonl")), nil),
		"a byte of evidence":       rewrite(t, good, flip(prefix("evidence/", "")), nil),
		"a byte of OSCAL":          rewrite(t, good, flip(prefix("oscal/", ".json")), nil),
		"a byte of README.txt":     rewrite(t, good, flip(prefix("README.txt", "")), nil),
		"a byte of manifest.json":  rewrite(t, good, flip(prefix("manifest.json", "")), nil),
		"a byte of SHA256SUMS":     rewrite(t, good, flip(prefix("SHA256SUMS", "SUMS")), nil),
		"a byte of SHA256SUMS.sig": rewrite(t, good, flip(prefix("SHA256SUMS.sig", "")), nil),
		"a dropped evidence file": rewrite(t, good, func(n string, d []byte) []byte {
			return map[bool][]byte{true: nil, false: d}[strings.HasPrefix(n, "evidence/")]
		}, nil),
		"a dropped signature":        rewrite(t, good, func(n string, d []byte) []byte { return map[bool][]byte{true: nil, false: d}[n == "SHA256SUMS.sig"] }, nil),
		"an added file":              rewrite(t, good, nil, map[string][]byte{"evidence/extra.txt": []byte("slipped in\n")}),
		"an edited manifest":         rewrite(t, good, func(n string, d []byte) []byte { return editManifest(n, d) }, nil),
		"re-signed with another key": resigned(),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			rep := verifyBytes(b, bundle.Fingerprint(pub))
			if rep.OK || len(rep.Problems) == 0 {
				t.Errorf("Keel does not see it: %s", rep.Summary())
			}
			if !strings.HasPrefix(rep.Summary(), "FAILED") {
				t.Errorf("summary %q", rep.Summary())
			}
			if out, ok := outside(t, b, pub); ok {
				t.Errorf("sha256sum and ssh-keygen do not see it:\n%s", out)
			}
		})
	}
	// Without --expect-key a bundle signed by another key is intact, and says whose it is.
	if rep := verifyBytes(cases["re-signed with another key"], ""); !rep.OK || rep.Fingerprint != bundle.Fingerprint(other.Public().(ed25519.PublicKey)) {
		t.Errorf("a bundle signed by another key: %s", rep.Summary())
	}
}

// editManifest changes the organisation in manifest.json, keeping it valid JSON.
func editManifest(name string, data []byte) []byte {
	if name != "manifest.json" {
		return data
	}
	return bytes.Replace(data, []byte("Fenmore Credit Ltd"), []byte("Fenmore Credit plc"), 1)
}

func TestEveryProblemIsListed(t *testing.T) {
	f := newFixture(t)
	good := f.export(t)
	b := rewrite(t, good, func(n string, d []byte) []byte {
		switch {
		case n == "records/policy.json", n == "packs/soa.pdf":
			return append(bytes.Clone(d), ' ')
		case strings.HasPrefix(n, "history/policy"):
			return nil
		}
		return d
	}, map[string][]byte{"notes.txt": []byte("x")})
	rep := verifyBytes(b, "")
	kinds := map[string][]string{}
	for _, p := range rep.Problems {
		kinds[p.Kind] = append(kinds[p.Kind], p.Path)
	}
	for _, want := range []struct{ kind, path string }{{"altered", "records/policy.json"}, {"altered", "packs/soa.pdf"},
		{"missing", "history/policy.jsonl"}, {"extra", "notes.txt"}} {
		if !strings.Contains(strings.Join(kinds[want.kind], " "), want.path) {
			t.Errorf("no %s problem for %s in %v", want.kind, want.path, rep.Problems)
		}
	}
}

func TestReaderReadsRecordsHistoryAndEvidence(t *testing.T) {
	f := newFixture(t)
	b := f.export(t)
	r, rep, err := bundle.OpenReaderAt(bytes.NewReader(b), int64(len(b)), bundle.DefaultLimits)
	if err != nil || !rep.OK {
		t.Fatalf("open: %v %v", err, rep.Problems)
	}
	defer r.Close()
	recs, err := r.Records("policy")
	if err != nil || len(recs) != 3 {
		t.Fatalf("policies: %d, %v", len(recs), err)
	}
	hist, err := r.History("policy")
	if err != nil || len(hist) == 0 || hist[0].Actor.Name != actor.Name {
		t.Fatalf("history: %v, %v", hist, err)
	}
	ev := r.Evidence()
	if len(ev) != 2 {
		t.Fatalf("evidence %v", ev)
	}
	rc, err := r.Open(r.EvidencePath(ev[0].SHA256))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || bundle.HashBytes(data) != ev[0].SHA256 {
		t.Fatalf("evidence read back: %v", err)
	}
	if _, err := r.Open("../etc/passwd"); err == nil {
		t.Error("the reader opened a file the manifest does not list")
	}
	// An altered file still opens the bundle (the report says what is wrong), but reading
	// that file fails.
	bad := rewrite(t, b, func(n string, d []byte) []byte {
		if n == "records/policy.json" {
			d = bytes.Replace(d, []byte("AI policy"), []byte("AI polite"), 1)
		}
		return d
	}, nil)
	r2, rep2, err := bundle.OpenReaderAt(bytes.NewReader(bad), int64(len(bad)), bundle.DefaultLimits)
	if err != nil || rep2.OK {
		t.Fatalf("open altered: %v, ok=%v", err, rep2.OK)
	}
	if _, err := r2.Records("policy"); err == nil || !strings.Contains(err.Error(), "altered") {
		t.Errorf("reading an altered file: %v", err)
	}
}

func TestCancelledExportLeavesNoFile(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.zip")
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := bundle.ExportFile(ctx, path, f.src, f.opts(), func(done, total int64) {
		if calls++; calls == 3 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("a cancelled export succeeded")
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("a cancelled export left %v", left)
	}
	// Done through, it leaves exactly the bundle.
	var last, total int64
	if _, err := bundle.ExportFile(context.Background(), path, f.src, f.opts(), func(d, tot int64) { last, total = d, tot }); err != nil {
		t.Fatal(err)
	}
	if left, _ = os.ReadDir(dir); len(left) != 1 || last != total {
		t.Errorf("after export: %v, progress %d of %d", left, last, total)
	}
	if rep, err := bundle.Verify(path, ""); err != nil || !rep.OK {
		t.Errorf("verify the file: %v %v", err, rep.Problems)
	}
}

func TestScopeNarrowsRegistersAndPeriod(t *testing.T) {
	f := newFixture(t)
	o := f.opts()
	o.Scope = bundle.Scope{Registers: []string{"finding"}, From: "2030-01-01"}
	var buf bytes.Buffer
	m, err := bundle.Export(context.Background(), &buf, f.src, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	files := entries(t, buf.Bytes())
	if _, ok := files["records/policy.json"]; ok {
		t.Error("a register out of scope is in the bundle")
	}
	for name := range files {
		if strings.HasPrefix(name, "evidence/") {
			t.Errorf("evidence of records out of scope: %s", name)
		}
	}
	if len(files["history/finding.jsonl"]) != 0 {
		t.Errorf("history outside the period: %s", files["history/finding.jsonl"])
	}
	if m.Scope.From != "2030-01-01" || len(m.Scope.Registers) != 1 {
		t.Errorf("scope %+v", m.Scope)
	}
	for _, bad := range []bundle.Scope{{Registers: []string{"nope"}}, {From: "2026-13-01"}, {From: "2026-02-01", To: "2026-01-01"}} {
		o.Scope = bad
		if _, err := bundle.Export(context.Background(), io.Discard, f.src, o, nil); err == nil {
			t.Errorf("scope %+v accepted", bad)
		}
	}
}

func TestKeyIsMadeOnceAndKeptPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), bundle.KeyFile)
	k1, err := bundle.LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := bundle.LoadOrCreateKey(path)
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("the key changed on the second load: %v", err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", fi.Mode().Perm())
	}
	// ssh-keygen reads it: the same fingerprint.
	out, err := exec.Command("ssh-keygen", "-lf", path).Output()
	if err != nil || !strings.Contains(string(out), bundle.Fingerprint(k1.Public().(ed25519.PublicKey))) {
		t.Errorf("ssh-keygen -lf %s: %s %v", path, out, err)
	}
}
