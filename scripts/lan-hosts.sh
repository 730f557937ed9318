#!/usr/bin/env bash
# Prints the host names the app answers to when it listens on every interface: localhost and
# this machine's own addresses (what a phone on the office network types), comma-separated.
set -euo pipefail
addresses=$(hostname -I 2>/dev/null || true)
echo "127.0.0.1,localhost,$(hostname)$(for a in $addresses; do printf ',%s' "$a"; done)"
