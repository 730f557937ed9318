#!/usr/bin/env bash
# Creates this installation's own SECRET_KEY file (var/secret_key) once, readable by its owner only.
# Settings read it when the SECRET_KEY variable is not set; production may set SECRET_KEY instead.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${SECRET_KEY_FILE:-${CHUANGWEN_VAR_DIR:-var}/secret_key}"
if [ -z "${SECRET_KEY:-}" ] && [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$file")
    echo "已生成本机密钥 $file（请勿提交或外传）"
fi
