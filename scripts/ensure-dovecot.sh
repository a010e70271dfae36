#!/usr/bin/env bash
# The IMAP end-to-end test (test/channels/imap.test.ts) runs a private Debian
# Dovecot on 127.0.0.1 (IMAP only, no TLS, passwd-file user). Install
# dovecot-imapd when /usr/sbin/dovecot is missing; needs root or sudo. The
# package's own service is not started (the test starts its own instance).
set -euo pipefail
[ -x /usr/sbin/dovecot ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
echo "== installing dovecot-imapd (apt-get)"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q dovecot-imapd
