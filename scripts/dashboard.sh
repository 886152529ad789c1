#!/usr/bin/env bash
# Set up, add the bundled articles to the store, and open the dashboard (which reads the store).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Adds only articles not yet in data/store (a rerun commits nothing new). Articles added to the store
# later, by the same command or the app, show on the next rerun of any page, without a restart.
.venv/bin/python -m lib.ingest data/articles --store data/store
exec .venv/bin/streamlit run dashboard.py --server.address 127.0.0.1 "$@"
