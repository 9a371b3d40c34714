package bundle

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"

	"keel/backend/workspace"
)

// KeyFile is the name of a workspace's bundle key in its folder: an OpenSSH private key
// (0600), made once, so `ssh-keygen -Y sign -f bundle-key` would sign as Keel does.
const KeyFile = "bundle-key"

// LoadOrCreateKey returns the ed25519 key kept at path, making it (atomically, 0600) the
// first time. The workspace's bundle key lives at <workspace folder>/bundle-key; an
// auditor's response key at a file of the auditor's choosing.
func LoadOrCreateKey(path string) (ed25519.PrivateKey, error) {
	key, err := LoadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	_, key, err = ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := ssh.MarshalPrivateKey(key, "keel bundle key")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := workspace.WriteFileAtomic(path, pem.EncodeToMemory(block)); err != nil {
		return nil, fmt.Errorf("save the bundle key: %w", err)
	}
	return LoadKey(path) // what the next start will read
}

// LoadKey reads an ed25519 key in OpenSSH form.
func LoadKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("the key %s cannot be read: %w", path, err)
	}
	switch k := raw.(type) {
	case *ed25519.PrivateKey:
		return *k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, fmt.Errorf("the key %s is not an ed25519 key", path)
}

// Fingerprint is a public key's SSH SHA-256 fingerprint, "SHA256:…" as ssh-keygen -l prints.
func Fingerprint(pub ed25519.PublicKey) string {
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		return ""
	}
	return ssh.FingerprintSHA256(k)
}

// AuthorizedKey is a public key as one line of authorized_keys or allowed_signers:
// "ssh-ed25519 AAAA…" without a newline.
func AuthorizedKey(pub ed25519.PublicKey) string {
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
}

// ParseAuthorizedKey reads "ssh-ed25519 AAAA…" back into an ed25519 public key.
func ParseAuthorizedKey(s string) (ed25519.PublicKey, error) {
	k, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("not an SSH public key: %w", err)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, errors.New("not one SSH public key")
	}
	return edPublic(k)
}

func edPublic(k ssh.PublicKey) (ed25519.PublicKey, error) {
	ck, ok := k.(ssh.CryptoPublicKey)
	if !ok {
		return nil, errors.New("the key is not an ed25519 key")
	}
	pub, ok := ck.CryptoPublicKey().(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("the key is not an ed25519 key")
	}
	return pub, nil
}

// SameFingerprint compares two fingerprints, ignoring case of the "SHA256:" prefix and
// surrounding space (the base64 part is compared exactly).
func SameFingerprint(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		if len(s) > 7 && strings.EqualFold(s[:7], "SHA256:") {
			s = "SHA256:" + s[7:]
		}
		return strings.TrimRight(s, "=")
	}
	return norm(a) == norm(b)
}
