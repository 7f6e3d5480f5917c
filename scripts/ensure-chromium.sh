#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing and we may (root), never download a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2
  exit 1
fi
