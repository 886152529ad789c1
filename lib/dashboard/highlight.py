"""The article reader's HTML: the text, escaped, with each claim's evidence highlighted.

Article text comes from the web; it may contain anything, including markup.
Every character of it is escaped before it reaches the page, so nothing in an
article can run or restyle the dashboard; the only tags in the output are the
ones this module writes. Evidence spans are character offsets into the text
(`claims.span_start`/`span_end`); spans that overlap (two figures in one
sentence) are merged into one highlight whose tooltip lists both claims.
"""
from __future__ import annotations

import html
from typing import Sequence

__all__ = ["reader_html", "Span"]

Span = tuple[int, int, str]  # (start, end, label)

_STYLE = ("font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', serif; font-size: 1.1rem; "
          "line-height: 1.9; text-align: right; unicode-bidi: plaintext; max-height: 70vh; overflow-y: auto; "
          "padding: 0.5rem 1rem; border: 1px solid #e6e6e6; border-radius: 0.5rem; background: #fff;")
_MARK_STYLE = "background: #ffe08a; padding: 0 2px; border-radius: 3px;"


def reader_html(text: str, spans: Sequence[Span] = (), *, lang: str = "ar") -> str:
    """`text` as right-to-left HTML with `spans` wrapped in <mark> (title = their labels)."""
    text = text or ""
    n = len(text)
    clean = [(max(0, int(s)), min(n, int(e)), str(lbl)) for s, e, lbl in spans
             if s is not None and e is not None and int(e) > int(s) and int(s) < n]
    # Cut the text at every span boundary; each piece is covered by a set of spans.
    cuts = sorted({0, n, *[s for s, _, _ in clean], *[e for _, e, _ in clean]})
    pieces: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        chunk = _escape(text[a:b])
        covering = [lbl for s, e, lbl in clean if s <= a and b <= e]
        if covering:
            title = html.escape(" | ".join(dict.fromkeys(covering)), quote=True)
            pieces.append(f'<mark title="{title}" style="{_MARK_STYLE}">{chunk}</mark>')
        else:
            pieces.append(chunk)
    body = "".join(pieces)
    return f'<div class="article-reader" dir="rtl" lang="{html.escape(lang)}" style="{_STYLE}">{body}</div>'


def _escape(chunk: str) -> str:
    return html.escape(chunk, quote=True).replace("\n", "<br>")
