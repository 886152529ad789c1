"""A plain-text summary of the store for a terminal, with Arabic that reads right.

Most terminals neither join Arabic letters nor lay them out right-to-left:
printed as stored, "عنب بلدي" shows as separate letters in the wrong order.
For these outputs (and only these - browsers, plotly, kaleido and matplotlib
shape Arabic themselves, and pre-shaped text garbles there) each Arabic cell is
shaped with arabic-reshaper (contextual letter forms) and put in visual order
with python-bidi. Cells are laid out left to right in an English frame, so
every Arabic run is ordered on its own and never mixes with the frame's text.

python-bidi's Rust implementation orders brackets but does not mirror them,
so `visual()` mirrors bracket pairs that end up reversed.

    python -m lib.dashboard.terminal [STORE] [--logical]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import arabic_reshaper
import pandas as pd
from bidi import get_display

__all__ = ["visual", "summary_lines", "main"]

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def visual(text: str) -> str:
    """`text` shaped and in left-to-right display order, if it contains Arabic; else unchanged."""
    if not text or not _ARABIC.search(text):
        return text
    out = get_display(arabic_reshaper.reshape(text))
    return _mirror_reversed_pairs(out)


def _mirror_reversed_pairs(s: str) -> str:
    """Swap bracket pairs that read ")...(" left to right (they sat in a right-to-left run)."""
    chars = list(s)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch not in _PAIRS and ch not in _CLOSERS:
            continue
        if stack:
            top = chars[stack[-1]]
            if _PAIRS.get(top) == ch:  # "(" ... ")": already reads right
                stack.pop()
                continue
            if _CLOSERS.get(top) == ch:  # ")" ... "(": a reversed pair
                j = stack.pop()
                chars[j], chars[i] = ch, top
                continue
        stack.append(i)
    return "".join(chars)


def _pad(cell: str, width: int) -> str:
    return cell + " " * max(0, width - len(cell))


def summary_lines(articles: pd.DataFrame, claims: pd.DataFrame, *, shape: bool = True) -> list[str]:
    """Lines describing the tables: totals, then one row per outlet (Arabic and English names)."""
    show = visual if shape else (lambda s: s)
    pub = articles["published"].dropna()
    span = f"{pub.min():%Y-%m-%d} .. {pub.max():%Y-%m-%d}" if len(pub) else "no dates"
    lines = [f"{len(articles)} articles, {articles['source_id'].nunique()} outlets, {len(claims)} claims, {span}"]
    kinds = claims["kind"].value_counts() if len(claims) else pd.Series(dtype=int)
    if len(kinds):
        lines.append("claims by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    per_claims = claims["source_id"].astype("object").value_counts() if len(claims) else pd.Series(dtype=int)
    rows = []
    for sid, grp in articles.groupby(articles["source_id"].astype("object"), sort=False):
        name_ar = grp["source_name"].dropna().astype(str)
        name_en = grp["source_name_en"].dropna().astype(str)
        rows.append((str(sid), name_en.iloc[0] if len(name_en) else "", show(name_ar.iloc[0]) if len(name_ar) else "",
                     len(grp), int(per_claims.get(sid, 0))))
    rows.sort(key=lambda r: (-r[3], r[0]))
    header = ("outlet", "name", "الاسم", "articles", "claims")
    cells = [(r[0], r[1], r[2], str(r[3]), str(r[4])) for r in rows]
    head = (header[0], header[1], show(header[2]), header[3], header[4])
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(5)]
    for c in [head, *cells]:
        lines.append("  ".join(_pad(c[i], widths[i]) if i < 3 else c[i].rjust(widths[i]) for i in range(5)))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.dashboard.terminal", description="Summarise the store in a terminal.")
    parser.add_argument("store", nargs="?", default="data/store", type=Path)
    parser.add_argument("--logical", action="store_true",
                        help="print Arabic unshaped, in logical order (for terminals that shape it themselves)")
    args = parser.parse_args(argv)
    from lib.store.delta import StoreError, open_store

    try:
        store = open_store(args.store)
    except StoreError:
        print(f"{args.store}: no store (build it with: python -m lib.ingest data/articles --store {args.store})",
              file=sys.stderr)
        return 2
    articles = store.articles(columns=["source_id", "source_name", "source_name_en", "published"])
    claims = store.claims(columns=["source_id", "kind"])
    print("\n".join(summary_lines(articles, claims, shape=not args.logical)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
