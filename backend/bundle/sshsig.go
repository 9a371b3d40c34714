package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// SSH signatures (OpenSSH's PROTOCOL.sshsig), the `ssh-keygen -Y sign` format, so an auditor
// can check SHA256SUMS with `ssh-keygen -Y verify` and no Keel. Only ed25519 keys and the
// sha512 hash are made or accepted.

// Namespace is the SSH signature namespace of bundles.
const Namespace = "keel-bundle"

const (
	sigMagic   = "SSHSIG"
	sigVersion = 1
	sigHash    = "sha512"
	armorBegin = "-----BEGIN SSH SIGNATURE-----"
	armorEnd   = "-----END SSH SIGNATURE-----"
	maxArmored = 16 << 10
)

// signedData is what an SSH signature signs: magic, namespace, reserved, hash algorithm
// and the message's hash.
func signedData(namespace string, digest []byte) []byte {
	return append([]byte(sigMagic), ssh.Marshal(struct {
		Namespace string
		Reserved  string
		Hash      string
		Digest    string
	}{namespace, "", sigHash, string(digest)})...)
}

type sigBlob struct {
	Version   uint32
	PublicKey string
	Namespace string
	Reserved  string
	Hash      string
	Signature string
}

// SSHSign returns the armoured SSH signature of message by key in namespace.
func SSHSign(key ed25519.PrivateKey, namespace string, message []byte) ([]byte, error) {
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		return nil, err
	}
	digest := sha512.Sum512(message)
	sig, err := signer.Sign(nil, signedData(namespace, digest[:]))
	if err != nil {
		return nil, err
	}
	blob := append([]byte(sigMagic), ssh.Marshal(sigBlob{
		Version: sigVersion, PublicKey: string(signer.PublicKey().Marshal()), Namespace: namespace,
		Hash: sigHash, Signature: string(ssh.Marshal(sig)),
	})...)
	enc := base64.StdEncoding.EncodeToString(blob)
	var out bytes.Buffer
	out.WriteString(armorBegin + "\n")
	for len(enc) > 70 {
		out.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	out.WriteString(enc + "\n" + armorEnd + "\n")
	return out.Bytes(), nil
}

// SSHVerify checks an armoured SSH signature of message in namespace and returns the
// signer's public key. It does not say whether that key is the expected one.
func SSHVerify(armored []byte, namespace string, message []byte) (ed25519.PublicKey, error) {
	if len(armored) > maxArmored {
		return nil, errors.New("the signature file is too large to be an SSH signature")
	}
	s := strings.TrimSpace(string(armored))
	if !strings.HasPrefix(s, armorBegin) || !strings.HasSuffix(s, armorEnd) {
		return nil, errors.New("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
	}
	body := strings.Join(strings.Fields(s[len(armorBegin):len(s)-len(armorEnd)]), "")
	blob, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("the SSH signature is not base64: %w", err)
	}
	if !bytes.HasPrefix(blob, []byte(sigMagic)) {
		return nil, errors.New("not an SSH signature (no SSHSIG magic)")
	}
	var sb sigBlob
	if err := ssh.Unmarshal(blob[len(sigMagic):], &sb); err != nil {
		return nil, fmt.Errorf("the SSH signature cannot be read: %w", err)
	}
	if sb.Version != sigVersion {
		return nil, fmt.Errorf("SSH signature version %d is not supported", sb.Version)
	}
	if sb.Namespace != namespace {
		return nil, fmt.Errorf("the SSH signature is for namespace %q, not %q", sb.Namespace, namespace)
	}
	if sb.Hash != sigHash {
		return nil, fmt.Errorf("the SSH signature uses hash %q; Keel accepts sha512", sb.Hash)
	}
	pk, err := ssh.ParsePublicKey([]byte(sb.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("the SSH signature's key cannot be read: %w", err)
	}
	pub, err := edPublic(pk)
	if err != nil {
		return nil, err
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal([]byte(sb.Signature), &sig); err != nil {
		return nil, fmt.Errorf("the SSH signature cannot be read: %w", err)
	}
	digest := sha512.Sum512(message)
	if err := pk.Verify(signedData(namespace, digest[:]), &sig); err != nil {
		return nil, errors.New("the SSH signature does not match the signed file")
	}
	return pub, nil
}
