"""Small corpora for the store tests: the seed articles made distinct by a closing
sentence carrying a number (so each copy has its own id and its claims)."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from conftest import SEEDS_DIR

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


def story(i: int) -> str:
    """The i-th distinct article (a seed story and a numbered closing sentence)."""
    return (SEED_TEXTS[i % len(SEED_TEXTS)]
            + f"\nوقال مصدر محلي إن التقرير رقم {i} صدر صباح اليوم وتناول الأوضاع الأمنية في المنطقة الشرقية.")


def write_feed(path: Path, numbers: range | list[int]) -> Path:
    """A JSONL feed of the stories `numbers`, each with a publication date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    start = date(2024, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for i in numbers:
            rec = {"text": story(i), "published": (start + timedelta(days=i)).isoformat(), "source": "Enab Baladi"}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def write_txt_folder(folder: Path, numbers: range | list[int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"{i:05d}.txt").write_text(story(i), encoding="utf-8")
    return folder


def sorted_frame(df: pd.DataFrame, key: str) -> pd.DataFrame:
    return df.sort_values(key).reset_index(drop=True)
