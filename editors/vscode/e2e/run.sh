#!/usr/bin/env bash
# The real-VS Code test: packages the extension as a linux-x64 .vsix carrying the
# server, installs it in code-server and drives it in headless Chromium (vscode.test.mjs).
# Opens the project's own draft (drafts/grain-talks.txt) and, when the shared examples
# sit beside the repository, ../shared/examples/iran-talks.txt as well.
# Screenshots: $E2E_SHOTS, default target/e2e-screenshots.
#
#   COPYDESK_BIN   the server to bundle (default: target/debug/copydesk)
#   E2E_DRAFTS     "grain" or "iran" to run one draft only
#
# Each draft opens in a workspace with drafts/copydesk.toml, which raises
# inconsistent-spelling (a hint by default) to a warning, as a desk that wants spelling
# squiggles does: hints are not listed in the Problems panel.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
extension="$(cd "$here/.." && pwd)"
root="$(cd "$extension/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

install="$(bash "$here/install.sh" --dir)"
if [ ! -f "$install/.complete" ]; then
  echo "editors/vscode/e2e: code-server is not installed; run scripts/install-test-deps.sh" >&2
  exit 1
fi
chromium="${E2E_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "editors/vscode/e2e: no Chromium at $chromium; run scripts/install-test-deps.sh" >&2
  exit 1
fi
binary="${COPYDESK_BIN:-$target/debug/copydesk}"
[ -x "$binary" ] || { echo "editors/vscode/e2e: no server at $binary (cargo build)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$extension"
node esbuild.mjs --production
node tools/package-target.mjs --target linux-x64 --binary "$binary" --out "$work/copydesk-linux-x64.vsix" >/dev/null

export E2E_INSTALL="$install" E2E_VSIX="$work/copydesk-linux-x64.vsix" E2E_CHROMIUM="$chromium"
export E2E_SHOTS="${E2E_SHOTS:-$target/e2e-screenshots}"
mkdir -p "$E2E_SHOTS"

run() { # name draft expectations
  echo "== real VS Code: $2"
  E2E_NAME="$1" E2E_DRAFT="$2" E2E_EXPECT="$3" E2E_CONFIG="$here/drafts/copydesk.toml" \
    node --test --test-force-exit --test-timeout=240000 --test-reporter=spec "$here/vscode.test.mjs"
}

if [ "${E2E_DRAFTS:-grain}" != iran ]; then
  run grain "$here/drafts/grain-talks.txt" '{
    "warnings": 1,
    "problems": ["“Turkey” is also written “Turkiye”", "“Western officials say” names no one"],
    "hover": { "word": "Fidan said", "shows": "Hakan Fidan" },
    "inlay": { "line": "Every week the ports", "hint": "Kubrakov" },
    "fix": { "word": "Turkey has", "title": "Change to Turkiye", "becomes": "Turkiye has" }
  }'
fi
iran="$root/../shared/examples/iran-talks.txt"
if [ "${E2E_DRAFTS:-iran}" != grain ] && [ -f "$iran" ]; then
  run iran "$iran" '{
    "warnings": 1,
    "problems": ["“Turkey” is also written “Turkiye”", "“Iranian officials say” names no one", "“many civilians across Iran fear”"],
    "hover": { "word": "Fidan said", "shows": "Hakan Fidan" },
    "inlay": { "line": "Iran’s defensive", "hint": "Araghchi" },
    "fix": { "word": "Turkey and", "title": "Change to Turkiye", "becomes": "Turkiye and" }
  }'
fi
echo "editors/vscode/e2e: screenshots in $E2E_SHOTS"
