#!/usr/bin/env bash
# The browser lane's browser: Debian's chromium, installed with apt when missing.
# Never `playwright install` (no browser download): the tests launch this binary.
set -euo pipefail
for b in "${COURSE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$b" ] && [ -x "$b" ]; then echo "== chromium: $b ($("$b" --version 2>/dev/null || true))"; exit 0; fi
done
echo "== installing chromium (Debian's package) for the browser lane"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "== chromium: $(/usr/bin/chromium --version)"
