#!/usr/bin/env bash
# The tests use real programs from Debian (Chromium for Playwright, redis-server for the queue), never downloads.
# Usage: ensure-debian.sh BINARY PACKAGE WHAT — installs PACKAGE where BINARY is missing and we may (root, apt).
set -euo pipefail
binary=$1 package=$2 what=$3
if [ -x "$binary" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "leenet: installing Debian's $package for $what…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
else
  echo "leenet: $what need $binary (Debian: sudo apt-get install $package)." >&2
  exit 1
fi
