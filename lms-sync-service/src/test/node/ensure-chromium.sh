#!/usr/bin/env bash
# The browser tests (BridgeBrowserIT) drive Debian's Chromium with playwright-core; test tools cannot
# download browsers of their own here. Installs it when it is missing and the build runs as root on
# Debian; otherwise says what to install. Run by the Maven build before the tests (skipped with
# -DskipTests); CHROMIUM names another executable.
set -euo pipefail
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium: install Debian's 'chromium' package" \
  "(sudo apt-get install chromium) or set CHROMIUM to a Chromium executable." >&2
exit 1
