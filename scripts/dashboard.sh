#!/usr/bin/env bash
# Set up, build the tables from the bundled articles, and open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m lib.ingest data/articles --out data/tables
exec .venv/bin/streamlit run dashboard.py --server.address 127.0.0.1 "$@"
