"""Stories across outlets (being built): articles reporting the same event or statement."""
from __future__ import annotations

from pathlib import Path

STORY_TABLE_COLUMNS = ["article_id", "story_id", "story_rule", "story_date", "story_basis"]


def update_stories(store: str | Path) -> None:
    """Regroup the store's articles into stories (not yet implemented: nothing is grouped)."""
    return None
