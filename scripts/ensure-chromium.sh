#!/usr/bin/env bash
# Playwright drives Debian's Chromium; never a downloaded browser. Installs it where it is missing and we may.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "leenet: installing Debian's chromium for the end-to-end tests…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "leenet: the end-to-end tests need Chromium at /usr/bin/chromium (Debian: sudo apt-get install chromium)." >&2
  exit 1
fi
