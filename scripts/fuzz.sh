#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time on stable Rust (no sanitizer:
# `-s none`, since nightly is not needed). Usage:
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]    # default: 60 s each, every target
#
# Installs cargo-fuzz when it is missing. A crash stops the script with status 1; its
# input is in fuzz/artifacts/TARGET/ and `cargo fuzz run TARGET -s none FILE` replays it.
# The corpus grows in fuzz/corpus/TARGET/ (ignored by git) and is reused next time.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(analyze document_edits framing lsp_requests)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
echo "== building the fuzz targets"
cargo fuzz build -s none

status=0
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  if cargo fuzz run "$target" -s none -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || tail -3 "$log"
  else
    status=1
    tail -60 "$log"
    echo "!! $target crashed; the input is in fuzz/artifacts/$target/"
  fi
  rm -f "$log"
done
exit "$status"
