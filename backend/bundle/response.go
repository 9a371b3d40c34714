package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"keel/backend/catalog"
	"keel/backend/ims"
)

// ResponseFormat names the auditor's response format.
const ResponseFormat = "keel-bundle-response/1"

// MaxResponse is the largest response file a reader takes.
const MaxResponse = 4 << 20

// Response is the auditor's response to one bundle: sampling notes and findings, signed
// with the auditor's own key and bound to the bundle by its manifest hash.
type Response struct {
	Format             string            `json:"format"`
	BundleManifestHash string            `json:"bundle_manifest_hash"` // hex SHA-256 of the bundle's manifest.json
	Bundle             ResponseBundle    `json:"bundle"`
	Auditor            Auditor           `json:"auditor"`
	SamplingNotes      string            `json:"sampling_notes"`
	Findings           []ResponseFinding `json:"findings"`
	SignedAt           string            `json:"signed_at"` // RFC 3339, UTC
	// Signature is the base64 ed25519 signature, by the auditor's key, of the RFC 8785
	// form of the response without its "signature" member.
	Signature string `json:"signature"`
}

// ResponseBundle repeats what the response answers, for people reading it.
type ResponseBundle struct {
	Organisation string `json:"organisation"`
	GeneratedAt  string `json:"generated_at"`
	Fingerprint  string `json:"fingerprint"` // the bundle's signer
}

// Auditor is who wrote the response and the key that signed it.
type Auditor struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	PublicKey    string `json:"public_key"`  // "ssh-ed25519 AAAA…"
	Fingerprint  string `json:"fingerprint"` // "SHA256:…"
}

// ResponseFinding is one finding: its grade (ims.FindingTypes), the requirement
// (catalogue:id), the records and evidence files sampled, and the auditor's words.
type ResponseFinding struct {
	Grade       string   `json:"grade"`
	Requirement string   `json:"requirement"`
	Records     []string `json:"records"`  // record ids
	Evidence    []string `json:"evidence"` // evidence SHA-256s
	Text        string   `json:"text"`
}

// Bounds of a response's contents.
const (
	maxFindings     = 1000
	maxRefs         = 500
	maxFindingText  = 9000
	maxNotes        = 20000
	maxName         = 200
	maxRequirement  = 120
	maxRefLen       = 200
	responseMaxSkew = 0
)

// Validate checks a response's contents (not its signature).
func (r *Response) Validate() error {
	if r.Format != ResponseFormat {
		return fmt.Errorf("the response is format %q; this Keel reads %q", r.Format, ResponseFormat)
	}
	if len(r.BundleManifestHash) != 64 || !isHex(r.BundleManifestHash) {
		return errors.New("the response names no bundle (its manifest hash is malformed)")
	}
	if strings.TrimSpace(r.Auditor.Name) == "" {
		return errors.New("the response names no auditor")
	}
	for name, s := range map[string]string{"auditor name": r.Auditor.Name, "auditor organisation": r.Auditor.Organisation,
		"bundle organisation": r.Bundle.Organisation} {
		if utf8.RuneCountInString(s) > maxName {
			return fmt.Errorf("the %s is over %d characters", name, maxName)
		}
	}
	if utf8.RuneCountInString(r.SamplingNotes) > maxNotes {
		return fmt.Errorf("the sampling notes are over %d characters", maxNotes)
	}
	if len(r.Findings) > maxFindings {
		return fmt.Errorf("the response has %d findings, over %d", len(r.Findings), maxFindings)
	}
	if _, err := time.Parse(time.RFC3339, r.SignedAt); err != nil {
		return errors.New("the response has no signing time")
	}
	for i, f := range r.Findings {
		n := i + 1
		if !slices.Contains(ims.FindingTypes, f.Grade) {
			return fmt.Errorf("finding %d: grade %q is not one of %s", n, f.Grade, strings.Join(ims.FindingTypes, ", "))
		}
		if f.Requirement != "" {
			if _, _, ok := catalog.SplitRef(f.Requirement); !ok || utf8.RuneCountInString(f.Requirement) > maxRequirement {
				return fmt.Errorf("finding %d: requirement %q is not catalogue:id", n, f.Requirement)
			}
		}
		if strings.TrimSpace(f.Text) == "" {
			return fmt.Errorf("finding %d has no text", n)
		}
		if utf8.RuneCountInString(f.Text) > maxFindingText {
			return fmt.Errorf("finding %d: the text is over %d characters", n, maxFindingText)
		}
		if len(f.Records) > maxRefs || len(f.Evidence) > maxRefs {
			return fmt.Errorf("finding %d samples over %d records or files", n, maxRefs)
		}
		for _, id := range f.Records {
			if id == "" || len(id) > maxRefLen || strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 }) {
				return fmt.Errorf("finding %d: a malformed record id", n)
			}
		}
		for _, h := range f.Evidence {
			if len(h) != 64 || !isHex(h) {
				return fmt.Errorf("finding %d: evidence %q is not a SHA-256", n, h)
			}
		}
	}
	for _, s := range []string{r.Auditor.Name, r.Auditor.Organisation, r.SamplingNotes} {
		if !utf8.ValidString(s) {
			return errors.New("the response is not valid UTF-8")
		}
	}
	return nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// WriteResponse signs the response with the auditor's key (filling in the format, the
// auditor's key and fingerprint, and the signing time when empty) and writes it.
func WriteResponse(w io.Writer, resp Response, key ed25519.PrivateKey) error {
	if len(key) != ed25519.PrivateKeySize {
		return errors.New("no auditor key to sign the response")
	}
	pub := key.Public().(ed25519.PublicKey)
	resp.Format = ResponseFormat
	resp.Auditor.PublicKey, resp.Auditor.Fingerprint = AuthorizedKey(pub), Fingerprint(pub)
	if resp.SignedAt == "" {
		resp.SignedAt = time.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	if resp.Findings == nil {
		resp.Findings = []ResponseFinding{}
	}
	for i := range resp.Findings {
		if resp.Findings[i].Records == nil {
			resp.Findings[i].Records = []string{}
		}
		if resp.Findings[i].Evidence == nil {
			resp.Findings[i].Evidence = []string{}
		}
	}
	if err := resp.Validate(); err != nil {
		return ims.Errorf(ims.EINVALID, "%v", err)
	}
	resp.Signature = ""
	b, err := Canonical(resp)
	if err != nil {
		return err
	}
	msg, err := signingBytes(b)
	if err != nil {
		return err
	}
	resp.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg))
	out, err := Canonical(resp)
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// ReadResponse reads a response (at most MaxResponse bytes), checks its signature by the
// key it names, its contents, and that it answers the bundle whose manifest hash is given
// (any, when manifestHash is ""). It refuses an altered response or one for another bundle.
func ReadResponse(r io.Reader, manifestHash string) (*Response, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxResponse+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxResponse {
		return nil, ims.Errorf(ims.EINVALID, "the response file is over %s: not a Keel response", humanBytes(MaxResponse))
	}
	var resp Response
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		return nil, ims.Errorf(ims.EINVALID, "the response file does not parse: %v", err)
	}
	if err := resp.Validate(); err != nil {
		return nil, ims.Errorf(ims.EINVALID, "%v", err)
	}
	msg, err := signingBytes(bytes.TrimSpace(b))
	if err != nil {
		return nil, ims.Errorf(ims.EINVALID, "the response file does not parse: %v", err)
	}
	pub, err := ParseAuthorizedKey(resp.Auditor.PublicKey)
	if err != nil {
		return nil, ims.Errorf(ims.EINVALID, "the auditor's key: %v", err)
	}
	if !SameFingerprint(Fingerprint(pub), resp.Auditor.Fingerprint) {
		return nil, ims.Errorf(ims.EINVALID, "the auditor's fingerprint is not that of the auditor's key")
	}
	sig, err := base64.StdEncoding.DecodeString(resp.Signature)
	if err != nil || !ed25519.Verify(pub, msg, sig) {
		return nil, ims.Errorf(ims.EINVALID, "the response has been altered: its signature does not match (signed by %s)", resp.Auditor.Fingerprint)
	}
	if manifestHash != "" && resp.BundleManifestHash != strings.ToLower(manifestHash) {
		return nil, ims.Errorf(ims.ECONFLICT, "the response answers another bundle (manifest %s…, not %s…)",
			resp.BundleManifestHash[:12], strings.ToLower(manifestHash)[:min(12, len(manifestHash))])
	}
	return &resp, nil
}
