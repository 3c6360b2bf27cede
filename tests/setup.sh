#!/usr/bin/env bash
# Sets up a fresh machine for the test suite: the venv with pocdoc and its test extras, and
# Debian's chromium (browser tests) and tesseract (OCR). Idempotent; the README's test command runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# torch is pinned (==2.13.0, a CPU wheel) in pyproject.toml; an unpinned torch pulls CUDA.
.venv/bin/pip install --quiet -e ".[test,multilingual]"
# Debian packages: chromium for the browser tests, tesseract (English and French) for OCR.
MISSING=""
command -v chromium >/dev/null 2>&1 || MISSING="$MISSING chromium"
command -v tesseract >/dev/null 2>&1 || MISSING="$MISSING tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra"
if [ -n "$MISSING" ]; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $MISSING >/dev/null
fi
