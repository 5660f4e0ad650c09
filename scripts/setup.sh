#!/usr/bin/env bash
# One-time set-up on a Debian machine: system packages, uv, the Python environment.
# Called by `make run` / `make test`; quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the review app's end-to-end test drives Debian's browser (no downloaded one)
APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core fonts-liberation2 fonts-noto-core python3 python3-venv
              chromium)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""
  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
  else
    echo "setup: error: need root or sudo to install: ${missing[*]}" >&2
    echo "setup: ask an administrator to run: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# uv: use the one on PATH, else install it into .tools/ from PyPI.
if command -v uv >/dev/null 2>&1; then UV=uv
else
  if [ ! -x .tools/bin/uv ]; then
    echo "setup: installing uv into .tools/"
    python3 -m venv .tools
    .tools/bin/pip install -q uv
  fi
  UV=.tools/bin/uv
fi

"$UV" sync --frozen --quiet
echo "setup: ready"
