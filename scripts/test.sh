#!/usr/bin/env bash
# Every test copydesk has: formatting and lints, the Rust suites (unit, protocol, CLI,
# property), and the editor end-to-end tests when their tools are installed
# (scripts/install-test-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test --all-targets
cargo test --doc

for suite in editors/*/test.sh; do
  [ -f "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
