#!/usr/bin/env bash
# Make a compressed .dmg with the app and an /Applications link: make_dmg.sh APP VERSION
set -euo pipefail
app="$1"; version="$2"
out="$(dirname "$app")/ScoradDesk-${version}.dmg"
staging="$(mktemp -d)"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "ScoradDesk ${version}" -srcfolder "$staging" -ov -format UDZO "$out"
rm -rf "$staging"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$out"; fi
echo "wrote $out"
