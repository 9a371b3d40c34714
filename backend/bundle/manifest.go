// Package bundle is the auditor's evidence bundle (docs/bundle.md): a ZIP of packs,
// records, history and evidence with a signed manifest, SHA256SUMS and its SSH signature,
// so an auditor can check it with Keel (Verify, Open) or with sha256sum and ssh-keygen. It
// also holds the auditor's signed response and what importing it writes. Nothing here
// reads the clock or a workspace except through what it is handed.
package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// Format names the bundle format; a reader refuses any other.
const Format = "keel-bundle/1"

// Names of the files every bundle has at its root.
const (
	ManifestName = "manifest.json"
	SumsName     = "SHA256SUMS"
	SumsSigName  = "SHA256SUMS.sig"
	ReadmeName   = "README.txt"
	OSCALName    = "oscal/assessment-results.json"
)

// Manifest is manifest.json: what the bundle is and every file in it (all but
// manifest.json, SHA256SUMS and SHA256SUMS.sig), signed by the workspace's bundle key.
type Manifest struct {
	Format       string    `json:"format"`
	Workspace    Workspace `json:"workspace"`
	Organisation string    `json:"organisation"`
	Scope        Scope     `json:"scope"`
	GeneratedAt  string    `json:"generated_at"` // RFC 3339, UTC
	Generator    string    `json:"generator"`    // "Keel <version>"
	Files        []File    `json:"files"`
	Signer       Signer    `json:"signer"`
	// Signature is the base64 ed25519 signature of the RFC 8785 form of the manifest
	// without its "signature" member.
	Signature string `json:"signature"`
}

// Workspace names the workspace the bundle came from.
type Workspace struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Scope is what the bundle covers: catalogue IDs (empty: all), registers (kind names;
// empty: all), and the period (YYYY-MM-DD, either may be empty).
type Scope struct {
	Standards []string `json:"standards"`
	Registers []string `json:"registers"`
	From      string   `json:"from"`
	To        string   `json:"to"`
}

// File is one file in the bundle.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Signer is the key that signed the manifest and SHA256SUMS.
type Signer struct {
	Algorithm   string `json:"algorithm"`   // "ed25519"
	PublicKey   string `json:"public_key"`  // "ssh-ed25519 AAAA…"
	Fingerprint string `json:"fingerprint"` // "SHA256:…"
}

// signingBytes is the RFC 8785 form of the manifest text without its signature member.
func signingBytes(manifestJSON []byte) ([]byte, error) {
	v, err := parseJSON(manifestJSON)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(object)
	if !ok {
		return nil, errors.New("the manifest is not a JSON object")
	}
	var rest object
	for _, m := range obj {
		if m.name != "signature" {
			rest = append(rest, m)
		}
	}
	var out bytes.Buffer
	if err := writeCanonical(&out, rest); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// signManifest fills in the signer and signature and returns manifest.json's bytes (the
// canonical form of the whole manifest).
func signManifest(m *Manifest, key ed25519.PrivateKey) ([]byte, error) {
	pub := key.Public().(ed25519.PublicKey)
	m.Signer = Signer{Algorithm: "ed25519", PublicKey: AuthorizedKey(pub), Fingerprint: Fingerprint(pub)}
	m.Signature = ""
	b, err := Canonical(m)
	if err != nil {
		return nil, err
	}
	msg, err := signingBytes(b)
	if err != nil {
		return nil, err
	}
	m.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg))
	return Canonical(m)
}

// parseManifest reads manifest.json strictly and checks its signature against the key it
// names. The manifest is returned even when the signature fails (with the error), so a
// report can still list the files.
func parseManifest(b []byte) (*Manifest, ed25519.PublicKey, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, nil, fmt.Errorf("manifest.json does not parse: %v", err)
	}
	if m.Format != Format {
		return nil, nil, fmt.Errorf("manifest.json is format %q; this Keel reads %q", m.Format, Format)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if err := checkName(f.Path); err != nil {
			return nil, nil, fmt.Errorf("manifest.json lists %q: %v", f.Path, err)
		}
		if seen[f.Path] || reserved(f.Path) {
			return nil, nil, fmt.Errorf("manifest.json lists %q twice or as a reserved name", f.Path)
		}
		seen[f.Path] = true
		if _, err := hex.DecodeString(f.SHA256); err != nil || len(f.SHA256) != 64 || f.Size < 0 {
			return nil, nil, fmt.Errorf("manifest.json has a malformed entry for %q", f.Path)
		}
	}
	msg, err := signingBytes(b)
	if err != nil {
		return nil, nil, fmt.Errorf("manifest.json does not parse: %v", err)
	}
	pub, err := ParseAuthorizedKey(m.Signer.PublicKey)
	if err != nil {
		return &m, nil, fmt.Errorf("manifest.json: the signer's key: %v", err)
	}
	if !SameFingerprint(Fingerprint(pub), m.Signer.Fingerprint) {
		return &m, pub, fmt.Errorf("manifest.json: the signer's fingerprint %s is not that of its key (%s)", m.Signer.Fingerprint, Fingerprint(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || !ed25519.Verify(pub, msg, sig) {
		return &m, pub, errors.New("manifest.json: the signature does not match the manifest (edited, or signed by another key)")
	}
	return &m, pub, nil
}

func reserved(name string) bool {
	return name == ManifestName || name == SumsName || name == SumsSigName
}

// HashBytes is the lower-case hex SHA-256 of b.
func HashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ManifestHash is the hex SHA-256 of manifest.json as Export writes it (the RFC 8785 form
// of the signed manifest): what a response binds to, Report.ManifestHash on reading.
func ManifestHash(m Manifest) (string, error) {
	b, err := Canonical(m)
	if err != nil {
		return "", err
	}
	return HashBytes(b), nil
}
