#!/usr/bin/env bash
# Makes sure a Chrome/Chromium is available. abpd never downloads a browser: it uses one that is
# installed, or Debian's chromium package when it can install it (root with apt-get).
set -euo pipefail
for candidate in "${ABPD_CHROME:-}" "${CHROME_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable /opt/google/chrome/chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then exit 0; fi
done
if [ "$(uname)" = "Darwin" ] && { [ -d "/Applications/Google Chrome.app" ] || [ -d "/Applications/Chromium.app" ]; }; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "abpd setup: no Chrome/Chromium found; installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium fonts-liberation >/dev/null
  exit 0
fi
echo "abpd setup: no Chrome or Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium) or point ABPD_CHROME at its binary." >&2
exit 1
