#!/usr/bin/env bash
# make release-check: the Windows files are 64-bit PE executables, the .deb names its
# runtime libraries, installs with apt, and the installed /usr/bin/keel passes the desktop
# smoke test and prints the release's version.
set -euo pipefail
cd "$(dirname "$0")/.."
R=build/release
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
fail() { echo "release check: $*"; exit 1; }

for f in keel.exe keel-headless.exe; do
  file "$R/$f" | grep -q 'PE32+ executable (GUI\|PE32+ executable (console' || fail "$f is not a PE32+ executable: $(file -b "$R/$f")"
done
file -b "$R/keel.exe" | grep -q '(GUI)' || fail "keel.exe must be a GUI program (-H windowsgui)"
res=$(mktemp -d)
go run github.com/tc-hib/go-winres@v0.3.3 extract --dir "$res" "$R/keel.exe" >/dev/null
ls "$res"/*.ico >/dev/null 2>&1 || fail "keel.exe has no icon resource"
grep -rqs "$("$R/keel-headless" --version | cut -d' ' -f2)" "$res" || fail "keel.exe's version resource does not carry the release's version"
rm -rf "$res"
setup=$(ls "$R"/keel-setup-*-amd64.exe)
file -b "$setup" | grep -q 'PE32 executable.*Nullsoft' || fail "$setup is not an NSIS installer: $(file -b "$setup")"
(cd "$R" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
echo "release check: Windows files and SHA256SUMS ok"

deb=$(ls "$R"/keel_*_amd64.deb)
dpkg-deb -f "$deb" Depends | grep -q 'libgtk-3-0, libwebkit2gtk-4.1-0' || fail "the .deb does not depend on GTK and WebKitGTK"
files=$(dpkg-deb -c "$deb")
for p in ./usr/bin/keel ./usr/share/applications/keel.desktop ./usr/share/icons/hicolor/256x256/apps/keel.png; do
  grep -q " $p\$" <<<"$files" || fail "the .deb has no $p"
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "./$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq keel >/dev/null' EXIT
want=$("$R/keel-headless" --version)
got=$(/usr/bin/keel --version)
[ "$got" = "$want" ] || fail "/usr/bin/keel says $got, the release is $want"
SMOKE_OUT=build/smoke/installed bash .ci/desktop-smoke.sh /usr/bin/keel
echo "release check: passed ($want)"
