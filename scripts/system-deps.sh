#!/usr/bin/env bash
# System packages: Debian's Chromium (browser tests), CJK fonts (screenshots and PDFs show Chinese),
# LibreOffice headless (old .doc/.xls/.wps/.et tables, DOCX → PDF dossiers) and poppler-utils
# (PDF pages to PNG). Installed only when missing, and only when we may (root with apt-get).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK\|WenQuanYi" || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装系统软件包：${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "提示：缺少 ${missing[*]}，浏览器端到端测试将跳过（以 root 运行或手动安装：apt-get install ${missing[*]}）。" >&2
fi
