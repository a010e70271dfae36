#!/usr/bin/env bash
# What the tests drive besides Node, from Debian's packages: Chromium for the
# browser tests (playwright-core downloads no browser) and Dovecot for the IMAP
# end-to-end test (test/channels/imap.test.ts starts its own private instance;
# the package's service is not used). Installs whichever is missing, with one
# apt-get update; needs root or sudo. Run by `npm test` (pretest).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
echo "== installing ${missing[*]} (apt-get)"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
