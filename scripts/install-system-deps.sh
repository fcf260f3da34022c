#!/usr/bin/env bash
# Installs what the tests need from Debian: Chromium for the end-to-end tests.
# Playwright's own browser download is not reachable here, so Debian's build is used.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium' (or run this script as root)." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
chromium --version
