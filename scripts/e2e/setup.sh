#!/usr/bin/env bash
# Installs what the end-to-end tests need and is not part of the project's own dependencies:
# Debian's Chromium (and the Kerberos headers one of code-server's native modules compiles against),
# and, in folders of their own, Node 24 and code-server, whose bundled VS Code server hosts the tests.
# The project itself stays on the Node it was installed with. Everything present is reused.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Outside the work tree: vsce would walk it, and a fresh clone (as in CI) can reuse it.
tools="${SSL_LENS_E2E_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/ssl-lens-e2e}"
code_server_version="4.139.1"

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
dpkg -s fonts-liberation >/dev/null 2>&1 || apt_packages+=(fonts-liberation)
dpkg -s libkrb5-dev >/dev/null 2>&1 || apt_packages+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || apt_packages+=(g++)
command -v make >/dev/null 2>&1 || apt_packages+=(make)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
bash "$root/scripts/e2e/apt-install.sh" "${apt_packages[@]}"

[ -f "$tools/code-server/.installed-$code_server_version" ] && exit 0

# Node 24 gets its own folder: were it a dependency next to code-server, its `node` link would sit
# first on the PATH of code-server's install scripts.
echo "e2e setup: installing Node 24 and code-server@$code_server_version into $tools (a few minutes, once)"
mkdir -p "$tools/node" "$tools/code-server"
cd "$tools/node"
[ -f package.json ] || echo '{ "name": "ssl-lens-e2e-node", "private": true }' > package.json
[ -x node_modules/node/bin/node ] || npm install --no-audit --no-fund --save-exact node@24 >/dev/null
node24_bin="$tools/node/node_modules/node/bin"
# The headers come with the platform package that node@24 installs beside its binary.
gypi="$(find "$tools/node/node_modules" -path '*/include/node/common.gypi' | head -n 1)"
node24_headers="$(dirname "$(dirname "$(dirname "$gypi")")")"

# Native modules are compiled from source against Node 24: their prebuilt downloads cannot be fetched.
cd "$tools/code-server"
[ -f package.json ] || echo '{ "name": "ssl-lens-e2e-code-server", "private": true }' > package.json
PATH="$node24_bin:$PATH" npm_config_nodedir="$node24_headers" \
  npm install --no-audit --no-fund --save-exact "code-server@$code_server_version"
test -f node_modules/code-server/lib/vscode/out/server-main.js
touch ".installed-$code_server_version"
echo "e2e setup: done"
