#!/usr/bin/env bash
# Set up, add the bundled articles to the store, and open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Adds only articles not yet in data/store (a rerun commits nothing new).
.venv/bin/python -m lib.ingest data/articles --store data/store
# Until the dashboard reads the store itself, it loads the plain tables exported to data/tables.
.venv/bin/python -m lib.store export data/store --to data/tables
exec .venv/bin/streamlit run dashboard.py --server.address 127.0.0.1 "$@"
