#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core downloads no
# browser). Install it when /usr/bin/chromium is missing; needs root or sudo.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
echo "== installing chromium (apt-get)"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
