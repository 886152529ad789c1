#!/usr/bin/env bash
# Set up everything the dashboard and the tests need, on a fresh Debian machine:
# a virtualenv with the pinned Python packages, lib's ingest hot path compiled
# (lib/compiled.py; skipped when nothing changed), and Debian's chromium (kaleido's
# PNG/SVG export and the browser tests drive it) with fonts that have Arabic.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# Without a C compiler the build fails and lib runs as plain Python: slower, the same results.
.venv/bin/python scripts/compile_lib.py || echo "setup: lib not compiled; it runs as plain Python" >&2

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "arabic"; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi
