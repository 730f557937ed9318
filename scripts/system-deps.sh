#!/usr/bin/env bash
# System packages the browser tests need: Debian's Chromium and CJK fonts (so screenshots show
# Chinese). Installed only when missing, and only when we may (root with apt-get).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK\|WenQuanYi" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装系统软件包：${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "提示：缺少 ${missing[*]}，浏览器端到端测试将跳过（以 root 运行或手动安装：apt-get install ${missing[*]}）。" >&2
fi
