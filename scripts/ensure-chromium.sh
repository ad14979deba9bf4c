#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests if it is missing. Browser builds are never
# downloaded by npm packages: playwright-core drives this system Chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed at /usr/bin/chromium; install the Debian package 'chromium' to run the browser tests." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
