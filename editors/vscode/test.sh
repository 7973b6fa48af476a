#!/usr/bin/env bash
# The VS Code extension's tests: type check, bundle, .vsix, settings drift, the server
# driven over stdio as the extension drives it, then the extension in the real VS Code
# (e2e/run.sh: code-server and headless Chromium). Run by scripts/test.sh;
# scripts/install-test-deps.sh installs node_modules (npm ci), code-server and Chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

(cd "$root" && cargo build --quiet)
export COPYDESK_BIN="${COPYDESK_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/copydesk}"

cd "$here"
if [ ! -d node_modules/vscode-languageclient ]; then
  echo "editors/vscode: node_modules missing; run scripts/install-test-deps.sh (npm ci) first" >&2
  exit 1
fi
npx --no-install tsc --noEmit -p .
node esbuild.mjs --tests
node --test --test-force-exit --test-timeout=120000 --test-reporter=spec out/test/

bash "$here/e2e/run.sh"
