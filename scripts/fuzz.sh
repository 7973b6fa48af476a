#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time on stable Rust (no sanitizer:
# `-s none`, since nightly is not needed), for crashes and for slowness. Usage:
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]    # default: 60 s each, every target
#
# Installs cargo-fuzz when it is missing. First the kept inputs in fuzz/regressions/
# TARGET/ are replayed under the same limits (a fixed bug that comes back fails here);
# then each target is fuzzed. An input that panics, takes longer than the target's
# -timeout or makes the process grow past its -rss_limit_mb (or asks for more than
# -malloc_limit_mb at once) stops the script with status 1; it is copied from
# fuzz/artifacts/TARGET/ to fuzz/regressions/TARGET/ (commit it once it is understood)
# and `cargo fuzz run TARGET -s none FILE` replays it.
#
# The limits are the CLI's budget — 1 s and 200 MB per MB of draft — at a -max_len that
# lets the fuzzer reach inputs where a cost that grows with the square of the input
# shows: 16 KB of text costs a linear analysis a few milliseconds in this instrumented
# build (four analyses an input for `analyze`), while a quadratic one (the issue's 68 KB
# Turkey/Turkiye draft took over a minute) passes a second well before 16 KB. libFuzzer
# counts whole seconds, so 1 s is the floor; the RSS limit is the process's, baseline
# included (about 60-100 MB here), so it is the budget's 200 MB plus that baseline.
# The corpus grows in fuzz/corpus/TARGET/ (ignored by git) and is reused next time.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(analyze document_edits framing lsp_requests)
fi

# -max_len, -timeout (s), -rss_limit_mb, -malloc_limit_mb per target.
limits() {
  case "$1" in
    # Text analysed four times an input (fresh, cached before and after an edit, fresh).
    analyze) echo "16384 1 300 64" ;;
    # Edits applied to a rope: no analysis.
    document_edits) echo "16384 1 300 64" ;;
    # Bytes through the frame reader and the input guard.
    framing) echo "65536 1 300 64" ;;
    # A whole in-process server session an input (start-up, several requests): its own
    # answer deadline is 10 s; a request on a fuzz-sized draft answers well within 2.
    lsp_requests) echo "16384 2 400 64" ;;
    *) echo "16384 1 300 64" ;;
  esac
}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd fuzz
echo "== building the fuzz targets"
cargo fuzz build -s none

# Copies what libFuzzer left in artifacts/TARGET/ since the mark into regressions/.
keep_artifacts() {
  local target="$1" mark="$2" kept=0
  mkdir -p "regressions/$target"
  for artifact in "artifacts/$target"/*; do
    [ -f "$artifact" ] && [ "$artifact" -nt "$mark" ] || continue
    cp "$artifact" "regressions/$target/"
    echo "!! kept fuzz/regressions/$target/$(basename "$artifact")"
    kept=1
  done
  [ "$kept" -eq 1 ] || echo "!! no artifact written (see the log above)"
}

status=0
for target in "${targets[@]}"; do
  read -r max_len timeout rss malloc <<<"$(limits "$target")"
  flags=(-max_len="$max_len" -timeout="$timeout" -rss_limit_mb="$rss" -malloc_limit_mb="$malloc")
  mkdir -p "corpus/$target" "artifacts/$target"
  mark="$(mktemp)"
  log="$(mktemp)"

  shopt -s nullglob
  kept=("regressions/$target"/*)
  shopt -u nullglob
  if [ ${#kept[@]} -gt 0 ]; then
    echo "== replay ${#kept[@]} kept input(s) of $target (${flags[*]})"
    if ! cargo fuzz run "$target" -s none "${kept[@]}" -- "${flags[@]}" >"$log" 2>&1; then
      tail -40 "$log"
      status=1
      if grep -qE 'libFuzzer: (timeout|out-of-memory)|malloc\(.*\) exceeds limit' "$log"; then
        echo "!! $target: a kept input is over the budget again"
      else
        echo "!! $target fails on a kept input again"
      fi
    fi
  fi

  echo "== fuzz $target for ${seconds}s (${flags[*]})"
  if cargo fuzz run "$target" -s none -- -max_total_time="$seconds" -print_final_stats=1 \
    "${flags[@]}" >"$log" 2>&1; then
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || tail -3 "$log"
  elif grep -qE 'libFuzzer: (timeout|out-of-memory)|malloc\(.*\) exceeds limit' "$log"; then
    # Slowness and memory are failures like a crash: the pathological drafts meet the
    # budget, so an input that does not is a cost that grows faster than the draft.
    status=1
    tail -30 "$log"
    echo "!! $target: an input over the budget (${timeout} s, ${rss} MB)"
    keep_artifacts "$target" "$mark"
  else
    status=1
    tail -60 "$log"
    echo "!! $target failed (a panic or a crash)"
    keep_artifacts "$target" "$mark"
  fi
  rm -f "$log" "$mark"
done
exit "$status"
