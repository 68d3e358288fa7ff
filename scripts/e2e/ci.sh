#!/usr/bin/env bash
# The editor integration tests as CI runs them: the end-to-end suite in VS Code (npm run test:e2e),
# then Neovim and Emacs (npm run test:editors). Both run even when the first fails; the closing
# "N passed, N failed" line adds up the two, and the exit status is non-zero if either failed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ -d node_modules ] || npm ci --no-audit --no-fund

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
started=$(date +%s)
status=0
passed=0
failed=0

for suite in test:e2e test:editors; do
  suite_started=$(date +%s)
  npm run --silent "$suite" 2>&1 | tee "$logs/$suite.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/$suite.log" | tail -n 1)
  if [ -z "$counts" ]; then
    echo "$suite printed no result line"
    status=1
    failed=$((failed + 1))
  else
    passed=$((passed + $(echo "$counts" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$counts" | cut -d' ' -f3)))
  fi
  echo "$suite: $(( $(date +%s) - suite_started )) s"
done

echo "editor integration tests: $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
exit $status
