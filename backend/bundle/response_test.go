package bundle_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"keel/backend/bundle"
	"keel/backend/ims"
)

func sampleResponse(manifestHash string) bundle.Response {
	return bundle.Response{
		BundleManifestHash: manifestHash,
		Bundle:             bundle.ResponseBundle{Organisation: "Fenmore Credit Ltd"},
		Auditor:            bundle.Auditor{Name: "Margaret Hamilton", Organisation: "Certify & Co"},
		SamplingNotes:      "Sampled 2 of 3 policies and every audit finding.",
		SignedAt:           "2026-12-01T10:00:00Z",
		Findings: []bundle.ResponseFinding{
			{Grade: "major nonconformity", Requirement: "iso27001-2022:A.5.18", Records: []string{"r1"}, Text: "Access rights not reviewed for a year.\nNo evidence of any review."},
			{Grade: "observation", Requirement: "iso27001-2022:5.2", Text: "The policy could name its owner."},
			{Grade: "conformity", Text: "Records of processing complete."},
		},
	}
}

func signed(tb testing.TB, resp bundle.Response, key ed25519.PrivateKey) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := bundle.WriteResponse(&buf, resp, key); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestResponseRoundTripAndRefusals(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	hash := strings.Repeat("ab", 32)
	b := signed(t, sampleResponse(hash), key)
	got, err := bundle.ReadResponse(bytes.NewReader(b), hash)
	if err != nil {
		t.Fatal(err)
	}
	if got.Auditor.Fingerprint != bundle.Fingerprint(key.Public().(ed25519.PublicKey)) || len(got.Findings) != 3 {
		t.Fatalf("read back %+v", got)
	}
	if _, err := bundle.ReadResponse(bytes.NewReader(b), strings.Repeat("cd", 32)); err == nil || !strings.Contains(err.Error(), "another bundle") {
		t.Errorf("a response for another bundle: %v", err)
	}
	altered := bytes.Replace(b, []byte("major nonconformity"), []byte("minor nonconformity"), 1)
	if _, err := bundle.ReadResponse(bytes.NewReader(altered), hash); err == nil || !strings.Contains(err.Error(), "altered") {
		t.Errorf("an altered response: %v", err)
	}
	// Re-signing with another key but claiming the first key's fingerprint fails too.
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	forged := bytes.Replace(signed(t, sampleResponse(hash), other),
		[]byte(bundle.Fingerprint(other.Public().(ed25519.PublicKey))), []byte(bundle.Fingerprint(key.Public().(ed25519.PublicKey))), 1)
	if _, err := bundle.ReadResponse(bytes.NewReader(forged), hash); err == nil {
		t.Error("a response whose fingerprint is not its key's was accepted")
	}
	for name, r := range map[string]bundle.Response{
		"bad grade":       func() bundle.Response { r := sampleResponse(hash); r.Findings[0].Grade = "terrible"; return r }(),
		"bad requirement": func() bundle.Response { r := sampleResponse(hash); r.Findings[0].Requirement = "A.5.18"; return r }(),
		"no auditor":      func() bundle.Response { r := sampleResponse(hash); r.Auditor.Name = ""; return r }(),
		"no bundle":       sampleResponse("nope"),
		"empty finding":   func() bundle.Response { r := sampleResponse(hash); r.Findings[1].Text = " "; return r }(),
	} {
		if err := bundle.WriteResponse(&bytes.Buffer{}, r, key); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	if _, err := bundle.ReadResponse(bytes.NewReader(bytes.Repeat([]byte(" "), bundle.MaxResponse+10)), hash); err == nil {
		t.Error("an oversized response was read")
	}
}

func TestImportResponseRaisesNonconformities(t *testing.T) {
	f := newFixture(t)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	hash := strings.Repeat("ab", 32)
	resp, err := bundle.ReadResponse(bytes.NewReader(signed(t, sampleResponse(hash), key)), hash)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, _ := f.st.ListRecords(ctx, ims.ListQuery{Kind: "nonconformity"})
	res, err := bundle.ImportResponse(ctx, f.st, actor, resp)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 3 || len(res.Nonconformity) != 1 {
		t.Fatalf("imported %+v", res)
	}
	after, _ := f.st.ListRecords(ctx, ims.ListQuery{Kind: "nonconformity"})
	if len(after.Records) != len(before.Records)+1 {
		t.Fatalf("nonconformities %d → %d", len(before.Records), len(after.Records))
	}
	nc, err := f.st.GetRecord(ctx, "nonconformity", res.Nonconformity[0])
	if err != nil {
		t.Fatal(err)
	}
	desc, _ := nc.Fields["description"].(string)
	if nc.Fields["source"] != "external audit" || nc.Fields["severity"] != "major" || !strings.Contains(desc, "Access rights not reviewed") ||
		!strings.Contains(desc, resp.Auditor.Fingerprint) || !strings.Contains(nc.Fields["requirement"].(string), "A.5.18") {
		t.Errorf("nonconformity %+v", nc.Fields)
	}
	fd, _ := f.st.GetRecord(ctx, "finding", res.Findings[0])
	if fd.Fields["nonconformity"] != nc.ID || fd.Fields["audit"] != res.Audit || fd.Fields["type"] != "major nonconformity" {
		t.Errorf("finding %+v", fd.Fields)
	}
	au, _ := f.st.GetRecord(ctx, "audit", res.Audit)
	if s, _ := au.Fields["summary"].(string); !strings.Contains(s, hash) || !strings.Contains(s, "Sampled 2 of 3") {
		t.Errorf("audit summary %q", s)
	}
}
