#!/usr/bin/env bash
# Sign the .app for the hardened runtime (with the camera entitlement) and notarise it.
# Needs: MACOS_SIGN_IDENTITY ("Developer ID Application: ..."), and for notarisation
# MACOS_NOTARY_PROFILE (a keychain profile made with `xcrun notarytool store-credentials`).
set -euo pipefail
app="$1"
here="$(cd "$(dirname "$0")" && pwd)"
codesign --force --deep --options runtime --timestamp \
  --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY" "$app"
codesign --verify --strict --verbose=2 "$app"
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  zip="$(mktemp -d)/ScoradDesk.zip"
  ditto -c -k --keepParent "$app" "$zip"
  xcrun notarytool submit "$zip" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$app"
fi
