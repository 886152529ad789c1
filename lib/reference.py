"""Where the reference data lives: word lists, the gazetteer, the outlet registry
and the other files under data/reference/ (one place, so a module never builds
a data path from its own `__file__`)."""
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """data/reference/<name> parsed (cached: callers must not mutate it)."""
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))
