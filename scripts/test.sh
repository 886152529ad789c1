#!/usr/bin/env bash
# Set up, then run the whole test suite (unit, AppTest pages, headless-browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
