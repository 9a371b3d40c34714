package bundle

import (
	"crypto/ed25519"
	"fmt"
	"io"
	"strings"
)

// writeReadme writes README.txt: what the bundle is and both ways to check it.
func writeReadme(w io.Writer, m Manifest, pub ed25519.PublicKey) error {
	fp := Fingerprint(pub)
	period := "all dates"
	if m.Scope.From != "" || m.Scope.To != "" {
		period = fmt.Sprintf("%s to %s", orDash(m.Scope.From), orDash(m.Scope.To))
	}
	standards := "all"
	if len(m.Scope.Standards) > 0 {
		standards = strings.Join(m.Scope.Standards, ", ")
	}
	_, err := fmt.Fprintf(w, `Keel evidence bundle
====================

Organisation: %s
Workspace:    %s
Period:       %s
Standards:    %s
Registers:    %s
Generated:    %s by %s

Signed by the workspace's bundle key, fingerprint:

    %s

Ask the organisation for this fingerprint by another channel (phone, letter, a
meeting) and check it matches: a bundle signed by anyone else fails both checks below.

What is inside
--------------
packs/             the audit packs (PDF) for the period
records/*.json     every record of each register in scope (and .csv, for spreadsheets)
history/*.jsonl    who changed what, when: one line per change, from the change log
evidence/<sha256>/ each evidence file, in a folder named by the SHA-256 of its bytes
%s  OSCAL assessment results (findings and evidence of the internal audits)
manifest.json      every file with its SHA-256 and size, signed (ed25519, RFC 8785)
SHA256SUMS         the same hashes in sha256sum format, plus manifest.json's
SHA256SUMS.sig     an SSH signature of SHA256SUMS (namespace keel-bundle)

Way 1: with Keel (keel or keel-headless, any platform)
------------------------------------------------------
    keel bundle verify BUNDLE.zip --expect-key %s

It exits 0 with a one-line summary when every file is intact and the signatures are
the expected key's, and lists every problem otherwise.

Way 2: without Keel (unzip, sha256sum and OpenSSH 8.1 or newer)
-----------------------------------------------------------------
In a shell (bash or sh), in the folder that holds BUNDLE.zip:

%s
The sha256sum line checks every file against SHA256SUMS and prints only what fails;
ssh-keygen checks that SHA256SUMS was signed by the key above and prints
Good "keel-bundle" signature; the last line prints any file that is in the bundle but
not in SHA256SUMS (nothing when there is none). Each exits non-zero on a problem.
Check that the key in allowed_signers is the one whose fingerprint you were told:
echo '%s' | ssh-keygen -lf - prints its fingerprint.
`, m.Organisation, m.Workspace.Name, period, standards, strings.Join(m.Scope.Registers, ", "),
		m.GeneratedAt, m.Generator, fp, padRight(OSCALName, 17), fp, indent(OutsideCommands("BUNDLE.zip", pub)), AuthorizedKey(pub))
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}

// OutsideCommands are the shell commands that check a bundle without Keel, as README.txt
// gives them (the tests run exactly these): unzip into a fresh folder, sha256sum -c,
// ssh-keygen -Y verify against the signer's key, and a listing of files SHA256SUMS misses.
func OutsideCommands(zipPath string, pub ed25519.PublicKey) []string {
	return []string{
		"mkdir keel-bundle && cd keel-bundle && unzip -q " + shellQuote("../"+zipPath),
		"sha256sum -c --quiet SHA256SUMS",
		"echo 'keel-bundle " + AuthorizedKey(pub) + "' > ../allowed_signers",
		"ssh-keygen -Y verify -f ../allowed_signers -I keel-bundle -n keel-bundle -s SHA256SUMS.sig < SHA256SUMS",
		"cut -c67- SHA256SUMS | sort > ../listed.txt",
		"find . -type f | sed 's|^[.]/||' | grep -vx -e SHA256SUMS -e SHA256SUMS.sig | sort | diff ../listed.txt -",
	}
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
