#!/usr/bin/env bash
# Creates .venv with Python >= 3.12 and installs the pinned dependencies.
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local candidates=("${PYTHON:-}" python3.14 python3.13 python3.12)
    for dir in "$HOME"/.pyenv/versions/3.1[2-9]*/bin /usr/local/bin /usr/bin; do
        [ -x "$dir/python3" ] && candidates+=("$dir/python3")
    done
    candidates+=(python3)
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    if ! PYTHON_BIN=$(find_python); then
        echo "错误：需要 Python 3.12 或更高版本（Django 6 的要求），本机未找到。" >&2
        echo "请安装后重试，例如：pyenv install 3.12 && pyenv local 3.12，或设置 PYTHON=/path/to/python3.12" >&2
        exit 1
    fi
    echo "使用 $PYTHON_BIN 创建虚拟环境 .venv"
    rm -rf .venv
    "$PYTHON_BIN" -m venv .venv
fi

stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi
mkdir -p var
