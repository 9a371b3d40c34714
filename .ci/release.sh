#!/usr/bin/env bash
# make release: every artifact into build/release/ from build/bin (make build) and a
# cross-build for Windows: the Linux .deb and keel-headless, keel.exe, keel-headless.exe,
# the NSIS installer, SHA256SUMS. Usage: release.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:?version}
GO=${GO:-go}
OUT=build/release
rm -rf "$OUT" && mkdir -p "$OUT"
LDFLAGS="-s -w -X main.version=$VERSION"

# Numbers for the package managers: 1.2.3 from v1.2.3[-4-gabc], else 0.0.0 and the commit.
num=$(sed -nE 's/^v?([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' <<<"$VERSION")
debver=${num:-0.0.0}; [ "${VERSION#v}" = "$debver" ] || debver="$debver+${VERSION//-/.}"
debver=${debver/+v/+}

# keel.exe's icon (resource 3, which Wails loads for the window and the task bar), manifest
# and version, as a .syso that go build links for Windows (removed afterwards).
echo "release: Windows resources"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; rm -f rsrc_windows_amd64.syso' EXIT
cp build/windows/icon.ico "$tmp/"
sed -e "s/\"ProductName\": \"Keel\"/\"ProductName\": \"Keel\", \"ProductVersion\": \"$VERSION\", \"FileVersion\": \"$VERSION\"/" \
  -e "s/0\.0\.0\.0/${num:-0.0.0}.0/g" build/windows/winres.json >"$tmp/winres.json"
$GO run github.com/tc-hib/go-winres@v0.3.3 make --in "$tmp/winres.json" --arch amd64 --out rsrc

echo "release: Windows binaries"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $GO build -tags desktop,production -ldflags "$LDFLAGS -H windowsgui" -o "$OUT/keel.exe" .
rm rsrc_windows_amd64.syso # keel.exe's only
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $GO build -tags headless -ldflags "$LDFLAGS" -o "$OUT/keel-headless.exe" .

echo "release: NSIS installer"
makensis -V2 -DVERSION="$VERSION" -DVIVERSION="${num:-0.0.0}.0" -DDIST="$(realpath "$OUT")" \
  -DDOCS="$(realpath docs)" -DICON="$(realpath build/windows/icon.ico)" \
  -DOUTFILE="$(realpath "$OUT")/keel-setup-$VERSION-amd64.exe" build/windows/installer.nsi

echo "release: Debian package $debver"
cp build/bin/keel-headless "$OUT/keel-headless"
pkg=$tmp/deb
install -Dm755 build/bin/keel "$pkg/usr/bin/keel"
install -Dm644 build/linux/keel.desktop "$pkg/usr/share/applications/keel.desktop"
for s in 48 128 256 512; do
  mkdir -p "$pkg/usr/share/icons/hicolor/${s}x$s/apps"
  convert build/appicon.png -resize ${s}x$s "$pkg/usr/share/icons/hicolor/${s}x$s/apps/keel.png"
done
install -Dm644 -t "$pkg/usr/share/doc/keel" README.md docs/*.md
mkdir -p "$pkg/DEBIAN"
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: keel
Version: $debver
Architecture: amd64
Maintainer: Keel <keel@localhost>
Depends: libgtk-3-0, libwebkit2gtk-4.1-0
Section: office
Priority: optional
Installed-Size: $(du -sk "$pkg/usr" | cut -f1)
Description: one management system for ISO/IEC 42001, 27001 and 27701
 Keel keeps an organisation's registers, evidence and history on this device.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$OUT/keel_${debver}_amd64.deb" >/dev/null

(cd "$OUT" && sha256sum -- * >SHA256SUMS)
echo "release: $OUT"
ls -l "$OUT"
