#!/usr/bin/env bash
# Set up everything the dashboard and the tests need, on a fresh Debian machine:
# a virtualenv with the pinned Python packages; Debian's chromium (kaleido's PNG/SVG
# export and the browser tests drive it) with fonts that have Arabic, and a C compiler
# with Python's headers; then lib's ingest hot path compiled (lib/compiled.py; skipped
# when nothing changed).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "arabic" || missing+=(fonts-noto-core)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
.venv/bin/python -c "import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
  || missing+=(python3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Without a C compiler the build fails and lib runs as plain Python: slower, the same results.
.venv/bin/python scripts/compile_lib.py || echo "setup: lib not compiled; it runs as plain Python" >&2
