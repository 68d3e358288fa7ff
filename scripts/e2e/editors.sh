#!/usr/bin/env bash
# npm run test:editors: the language server driven by Neovim's and Emacs's own LSP clients.
# Installs the editors from Debian when missing, builds the server when it is not built, and closes
# with an "N passed, N failed" line.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

packages=()
command -v nvim >/dev/null 2>&1 || packages+=(neovim)
command -v emacs >/dev/null 2>&1 || packages+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa-src ] && ls /usr/share/emacs/site-lisp/elpa-src | grep -q '^eglot-' || packages+=(elpa-eglot)
bash scripts/e2e/apt-install.sh "${packages[@]}"

[ -f dist/server.js ] || npm run --silent build

SSL_LENS_E2E_REQUIRED=1 node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/summary-reporter.mjs --test-reporter-destination=stdout \
  server/test/editors-*.test.ts
