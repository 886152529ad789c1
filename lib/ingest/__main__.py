"""python -m lib.ingest: see lib.ingest.pipeline."""
import sys

from lib.ingest.pipeline import main

sys.exit(main())
