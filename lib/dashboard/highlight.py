"""The article reader's HTML: the text, escaped, with each claim's evidence highlighted.

Article text comes from the web; it may contain anything, including markup.
Every character of it is escaped before it reaches the page, so nothing in an
article can run or restyle the dashboard; the only tags in the output are the
ones this module writes. Evidence spans are character offsets into the text
(`claims.span_start`/`span_end`); spans that overlap (two figures in one
sentence) are merged into one highlight whose tooltip lists both claims.

The other blocks of the reader that carry an article's strings (its title, outlet
and date line, a claim card's evidence) are built here too, escaped the same way:
Streamlit's own text elements (st.subheader, st.caption, st.markdown) render
Markdown, so a title "[Read this](https://evil.example)" would be a live link
there. Every block breaks a line anywhere when it must (`overflow-wrap: anywhere`),
so a 100,000-character run with no space stays inside its box.
"""
from __future__ import annotations

import html
import re
from typing import Sequence

from lib import settings

__all__ = ["reader_html", "Span", "title_html", "line_html", "evidence_html", "FOCUS_ID"]

Span = tuple[int, int, str]  # (start, end, label)

# Long runs with no space (a URL, a hostile 100,000-character line) wrap inside their box
# instead of running across the page.
_WRAP = "overflow-wrap: anywhere; word-break: break-word; min-width: 0; max-width: 100%;"

_STYLE = ("font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', serif; font-size: 1.1rem; "
          "line-height: 1.9; text-align: right; unicode-bidi: plaintext; max-height: 70vh; overflow-y: auto; "
          "padding: 0.5rem 1rem; border: 1px solid #e6e6e6; border-radius: 0.5rem; background: #fff; " + _WRAP)
_MARK_STYLE = "background: #ffe08a; padding: 0 2px; border-radius: 3px;"
# The claim a chart click opened: a stronger highlight, and the id the page scrolls to.
_FOCUS_STYLE = "background: #ffb347; padding: 0 2px; border-radius: 3px; outline: 2px solid #d9480f;"
FOCUS_ID = "reader-focus"


def reader_html(text: str, spans: Sequence[Span] = (), *, lang: str = "ar",
                focus: tuple[int, int] | None = None) -> str:
    """`text` as right-to-left HTML with `spans` wrapped in <mark> (title = their labels).

    `focus`, a (start, end) span, is marked more strongly and its first piece carries the
    id FOCUS_ID, for the page to scroll to."""
    text = text or ""
    n = len(text)
    clean = [(max(0, int(s)), min(n, int(e)), str(lbl)) for s, e, lbl in spans
             if s is not None and e is not None and int(e) > int(s) and int(s) < n]
    # Cut the text at every span boundary; each piece is covered by a set of spans.
    cuts = sorted({0, n, *[s for s, _, _ in clean], *[e for _, e, _ in clean]})
    if focus is not None:
        focus = (max(0, int(focus[0])), min(n, int(focus[1])))
        cuts = sorted({*cuts, *focus})
    focus_done = False
    pieces: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        chunk = _escape(text[a:b])
        covering = [lbl for s, e, lbl in clean if s <= a and b <= e]
        focused = focus is not None and focus[0] <= a and b <= focus[1]
        if covering or focused:
            title = html.escape(" | ".join(dict.fromkeys(covering)), quote=True)
            if focused:
                anchor = f' id="{FOCUS_ID}"' if not focus_done else ""
                focus_done = True
                pieces.append(f'<mark title="{title}" class="focus"{anchor} style="{_FOCUS_STYLE}">{chunk}</mark>')
            else:
                pieces.append(f'<mark title="{title}" style="{_MARK_STYLE}">{chunk}</mark>')
        else:
            pieces.append(chunk)
    body = "".join(pieces)
    return f'<div class="article-reader" dir="rtl" lang="{html.escape(lang)}" style="{_STYLE}">{body}</div>'


def title_html(title: str, meta: Sequence[str] = (), *, lang: str = "en", level: int = 3) -> str:
    """The reader's heading: the article's title as literal text (never Markdown or HTML), and
    under it `meta` (outlet, date ...) joined by " · ". `dir="auto"`: an Arabic title reads
    right to left in the English UI too."""
    tag = f"h{min(max(int(level), 1), 6)}"
    cls = "reader-title" if level == 3 else "claim-title"
    head = f'<{tag} dir="auto" class="{cls}" style="margin: 0.2rem 0; {_WRAP}">{_escape(title)}</{tag}>'
    line = line_html(" · ".join(m for m in meta if m)) if meta else ""
    return f'<div class="reader-head" lang="{html.escape(lang)}" style="{_WRAP}">{head}{line}</div>'


def line_html(text: str, *, muted: bool = True) -> str:
    """One line of escaped text (a caption: an outlet and date, a file path, a URL shown as text)."""
    colour = "color: #6b6b6b; font-size: 0.9rem;" if muted else ""
    return f'<div dir="auto" class="reader-line" style="{colour} {_WRAP}">{_escape(text)}</div>'


def evidence_html(text: str, *, small: bool = True) -> str:
    """An evidence sentence in «», escaped, right to left, wrapped inside its card."""
    size = "0.9rem" if small else "1rem"
    return (f'<div dir="rtl" lang="ar" class="claim-evidence" style="text-align: right; color: #555; '
            f'font-size: {size}; line-height: 1.7; {_WRAP}">«{_escape(text)}»</div>')


def _escape(chunk: str) -> str:
    """Escaped text, line breaks as <br>, and a <wbr> every settings.READER_BREAK_RUN_CHARS
    characters of a run with no space (a browser lays a very long joined run out slowly)."""
    out = html.escape(chunk, quote=True)
    step = settings.READER_BREAK_RUN_CHARS
    if len(chunk) > step and re.search(rf"\S{{{step + 1}}}", chunk):
        out = "".join(_broken(piece, step) for piece in re.split(r"(\s+)", chunk))
    return out.replace("\n", "<br>")


def _broken(piece: str, step: int) -> str:
    if len(piece) <= step or piece[:1].isspace():
        return html.escape(piece, quote=True)
    return "<wbr>".join(html.escape(piece[i:i + step], quote=True) for i in range(0, len(piece), step))
