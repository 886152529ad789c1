"""Cleaning scraped article text of page furniture.

Text scraped from news sites carries everything around the story: logos,
section labels, datelines, share bars, photo captions, "اقرأ أيضاً" blocks of
other headlines, subscription prompts and copyright footers. Left in, they
put foreign figures into extraction: a caption dated "أيلول 2023" or a related
headline about another year would become claims of this article. So before
sentences are split and figures extracted, `clean_article` keeps only story
paragraphs.

Design choices, and why:
* Line-based. Scrapers put furniture on lines of its own; a story paragraph is
  never split across furniture. Each kept paragraph is kept *character for
  character* (only surrounding whitespace is trimmed): span offsets of
  evidence sentences are computed on this text later, and users see it.
* Phrase lists live in `data/reference/boilerplate.json`, not in code, and
  every rule is about the *shape* of furniture (short, no sentence
  punctuation, a credit in parentheses, position before the first paragraph or
  after the last one), not about the five seed files.
* Everything is precompiled at import: ingest must clean >1,000 articles/s.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from lib.ingest.limits import Refusal
from lib.ingest.outlets import has_copyright_hint
from lib.reference import REFERENCE_DIR, load_json
from lib.text.textnorm import normalize, normalize_lines

BOILERPLATE_PATH = REFERENCE_DIR / "boilerplate.json"


@dataclass(frozen=True)
class CleanedArticle:
    """The story text, its headline, and what was dropped (for debugging/tests)."""

    text: str  # the story: kept paragraphs joined by "\n", each unchanged
    title: str | None  # the headline if one is found (first substantial line), else None
    removed: tuple[str, ...]  # the lines (or line prefixes) dropped, in order


# ------------------------------------------------------------------ helpers
_EDGE_PUNCT = " \t\u00a0.:;،,؛!?؟-–—_|•·*>«»\"'()[]{}/\\…+=~#"
_NON_WORD = re.compile(r"[\W_]+")
_HAS_ALNUM = re.compile(r"[^\W_]")
_SENT_END = (".", "!", "?", "؟", "…")
_SENT_PUNCT = re.compile(r"[!?؟؛…]|\.(?=\s|$)")  # a dot inside "أ.ف.ب" is not a full stop
_CLOSERS = " \t\"'”’»)]}"


def _core(norm: str) -> str:
    """Comparable form of an already-normalised line: casefolded, punctuation
    trimmed at both ends, single spaces."""
    return " ".join(norm.casefold().strip(_EDGE_PUNCT).split()).strip(_EDGE_PUNCT)


def _phrase(p: str) -> str:
    return _core(normalize(p))


def _alt(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted({p for p in phrases if p}, key=len, reverse=True))


def _ends_sentence(raw: str) -> bool:
    return raw.rstrip(_CLOSERS).endswith(_SENT_END)


def _ends_statement(raw: str) -> bool:
    """Ends in a full stop (not "..", "…": teasers under related headlines do)."""
    r = raw.rstrip(_CLOSERS)
    return r.endswith(".") and not r.endswith("..")


def _compact(text: str) -> str:
    return _NON_WORD.sub("", normalize(text).casefold())


# ------------------------------------------------------------------ the rules
class _Rules:
    """Compiled form of boilerplate.json (built once, at import)."""

    def __init__(self, bp: dict):
        P = lambda key: [_phrase(x) for x in bp.get(key, []) if _phrase(x)]  # noqa: E731
        self.max_prefix = int(bp.get("max_words_prefix", 14))
        self.max_contains = int(bp.get("max_words_contains", 14))
        self.max_copyright = int(bp.get("max_words_copyright", 30))
        self.exact = set(P("line_exact"))
        self.sections = set(P("section_labels"))
        self.prefix_re = re.compile(rf"^(?:{_alt(P('line_prefix'))})(?!\w)")
        self.contains_re = re.compile(rf"(?<!\w)(?:{_alt(P('line_contains'))})(?!\w)")
        cm = [normalize(x).casefold() for x in bp.get("copyright_markers", [])]
        self.copyright_re = re.compile("|".join(re.escape(x) for x in cm if x))
        self.related = set(P("related_headings"))
        self.related_inline_re = re.compile(rf"^(?:{_alt(P('related_headings'))})\s*[:：\-–—|»>]\s*\S")
        self.related_prefix_re = re.compile(rf"^(?:{_alt(P('related_heading_prefixes'))})(?!\w)")
        self.credits = set(P("caption_credits"))
        markers = []
        for m in bp.get("caption_markers", []):
            m = normalize(m).casefold().strip()
            if m:
                markers.append(re.escape(m.rstrip(": ")) + (r"\s*:" if m.rstrip().endswith(":") else ""))
        # the marker, then at most five words to the end of the line (a credit, not a sentence)
        self.caption_marker_re = re.compile(rf"(?:{'|'.join(markers)})\s*[^\s.!?؟]*(?:\s+[^\s.!?؟]+){{0,4}}\s*$")
        self.image_exts = tuple(x.casefold() for x in bp.get("image_extensions", []))
        self.social = set()
        for w in bp.get("social_words", []):
            self.social.update(_phrase(w).split())
        self.story_markers = set(P("story_markers"))
        ap = P("author_prefixes")
        self.author_re = re.compile(rf"^(?:{_alt(ap)})\s*[:/]\s*\S")
        self.author_name_re = re.compile(rf"^(?:{_alt(ap[:5] + ['by', 'written by'])})\s+\S")
        dw = P("date_words")
        self.date_token_re = re.compile(
            rf"(?<!\w)(?:{_alt(dw + P('date_marks'))})(?!\w)|\d+(?:\s*[/.:\-]\s*\d+)*|[\s,،:/.\-–—•·|()\[\]]+"
        )
        of = re.escape(_phrase(load_json("calendar.json")["of"]))  # "27 من أيار"
        self.full_date_re = re.compile(
            r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}|\d{1,2}:\d{2}"
            rf"|\d{{1,2}}\s+(?:{of}\s+)?(?:{_alt(dw)})(?!\w)|(?<!\w)(?:{_alt(dw)})\s*[/،,]?\s*\d{{4}}"
        )


def _load_rules() -> _Rules:
    with open(BOILERPLATE_PATH, encoding="utf-8") as fh:
        return _Rules(json.load(fh))


_R = _load_rules()
_OUTLET_LINES: set[str] | None = None


def _outlet_lines() -> set[str]:
    """Outlet names, mastheads and domains: a line that is only one of these is
    a logo/masthead ("إرم نيوز", "www.eremnews.com"). Loaded on first use."""
    global _OUTLET_LINES
    if _OUTLET_LINES is None:
        from lib.ingest.outlets import load_registry  # noqa: PLC0415

        out: set[str] = set()
        for e in load_registry():
            for s in [e.get("name_ar"), e.get("name_en"), *e.get("aliases", []), *e.get("mastheads", []),
                      *e.get("domains", [])]:
                if s:
                    out.add(_phrase(s))
                    out.add(_phrase("www." + s) if "." in s else "")
        out.discard("")
        _OUTLET_LINES = out
    return _OUTLET_LINES


@lru_cache(maxsize=1)
def _outlet_credits() -> frozenset[str]:
    """Outlet names that can credit a photo: not those that are also places
    ("الميادين" is a channel and a town: "قرب مدينة (الميادين)" is no caption)."""
    from lib.text.places import find_places  # noqa: PLC0415

    return frozenset(name for name in _outlet_lines() if not find_places(name))


# Byline/dateline prefixes at the start of the story: "الثورة – ناصر منذر:",
# "دمشق- «القدس العربي»: ...", "بيروت (رويترز) - ...", "قامشلو/ دعاء يوسف –".
_BYLINE_PATTERNS = (
    re.compile(r"^(?P<pre>[^\s:،.()\"“”«»/]+(?:\s+[^\s:،.()\"“”«»/]+){0,2})\s*(?:[-–—]|\s\u0640)\s*"
               r"(?P<who>[^:،.\n\d()]{2,40}?)\s*:\s*(?P<rest>.*)$"),
    re.compile(r"^(?P<pre>[^\s()]+(?:\s+[^\s()]+){0,2})\s*\((?P<who>[^()\d]{1,25})\)\s*(?:[-–—:]|\s\u0640)\s*(?P<rest>.+)$"),
    re.compile(r"^(?P<pre>[^\s/]+(?:\s+[^\s/]+)?)\s*/\s*(?P<who>[^–—\-:\n\d/]{2,30}?)\s*(?:[-–—]|\s\u0640)\s*(?P<rest>.*)$"),
    # "دمشق- أعلنت ..." (a dateline city with the dash glued to it)
    re.compile(r"^(?P<pre>[^\s\d:،.()\-–—]+(?:\s[^\s\d:،.()\-–—]+)?)[-–—](?P<who>)\s+(?P<rest>\S.*)$"),
)
_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)
_DATELINE_ONLY = re.compile(r"^\S+(?:\s+\S+){0,2}\s*[-–—/]\s*\S+(?:\s+\S+){0,2}$")


# ------------------------------------------------------------------ per line
class _Line:
    """One non-blank line with the forms the rules look at.

    Lines of more than `_LONG` words, and full sentences of 15 words or more,
    are story paragraphs whatever they say (no furniture is that long, and
    captions/headlines do not end in a full stop), so they skip normalisation
    entirely: that is most of the text, and most of the time saved."""

    __slots__ = ("raw", "norm", "core", "nw", "kind", "_compact", "story", "key")

    def __init__(self, raw: str, normalized: str | None = None, paragraph: bool | None = None):
        """`normalized` (normalize(raw)) and `paragraph` (_is_paragraph(raw)): when the caller has them."""
        self.raw = raw
        self._compact: str | None = None
        if paragraph if paragraph is not None else _is_paragraph(raw):
            self.norm = self.core = ""
            self.nw = raw.count(" ") + 1
            self.kind = None
            self.story = True
            self.key = raw
            return
        norm = (normalize(raw) if normalized is None else normalized).casefold()
        self.norm = norm
        self.core = _core(norm)
        tokens = self.core.split()
        self.nw = len(tokens) - sum(1 for w in tokens if w in _PUNCT_TOKENS)  # words, not dashes
        self.key = self.core
        self.kind = _static_kind(self)
        # A story paragraph: long, or a full sentence. A short line ending in
        # "؟" or "!" is more often a headline than a paragraph.
        self.story = self.nw >= 16 or (self.nw >= 6 and _ends_statement(raw))

    @property
    def compact(self) -> str:
        if self._compact is None:
            self._compact = _NON_WORD.sub("", self.norm if self.norm else normalize(self.raw).casefold())
        return self._compact


def _is_paragraph(raw: str) -> bool:
    """A story paragraph by its length alone (see _Line)."""
    n_raw = raw.count(" ") + 1
    return n_raw > _LONG or (n_raw >= 15 and _ends_statement(raw) and not has_copyright_hint(raw))


_BREADCRUMB_SEPARATOR = re.compile(r"\s*[»›>|]\s*")
_PUNCT_TOKENS = frozenset("-–—|/:•·،,+*»«")
_HAS_DIGIT = re.compile(r"\d")
_LONG = 32  # no furniture rule looks at lines longer than 30 words


def _caption_kind(ln: _Line) -> str | None:
    """'caption' for a photo caption with a known credit, 'caption?' for one
    whose credit we do not know (dropped only before the story or if repeated)."""
    n = ln.norm.rstrip()
    if not n.endswith(")") or ln.nw > 30:
        return None
    i = n.rfind("(")
    if i <= 0:
        return None
    credit = _core(n[i + 1: -1])
    before = n[:i]
    if not credit or len(credit.split()) > 4 or _SENT_PUNCT.search(before):
        return None
    if ("،" in before or "," in before) and ln.nw > 12:
        return None
    if any(w in _R.story_markers for w in _core(before).split()):
        return None
    parts = [p.strip() for p in re.split(r"[/،,+\-–]| و", credit) if p.strip()]
    def known(p: str) -> bool:  # an agency, or an outlet crediting its own photo: "(سانا)"
        return p in _R.credits or p in _outlet_credits()

    if known(credit) or (parts and all(known(p) for p in parts)):
        return "caption"
    if len(credit.split()) <= 3:
        return "caption?"
    return None


def _static_kind(ln: _Line) -> str | None:
    """Why this line is furniture wherever it appears, or None."""
    core, nw, norm = ln.core, ln.nw, ln.norm
    if not ln.raw:
        return "blank"
    if not _HAS_ALNUM.search(ln.raw):
        return "punctuation"
    if core in _R.related:
        return "related"
    if core in _R.exact:
        return "furniture"
    if core in _R.sections:
        return "section"
    if nw <= 8 and _BREADCRUMB_SEPARATOR.search(ln.raw):  # in the raw line: normalising makes » a quote
        # "الرئيسية » سوريا": a breadcrumb, from home or made of section labels
        parts = [p for p in map(_phrase, _BREADCRUMB_SEPARATOR.split(ln.raw)) if p]
        if parts and (parts[0] in _R.exact or all(p in _R.sections or p in _R.exact for p in parts)):
            return "section"
    if nw <= 5 and _R.related_prefix_re.match(core):
        return "related"
    if _R.related_inline_re.match(core) and not _ends_sentence(ln.raw):
        return "related_inline"
    if nw <= _R.max_copyright and _R.copyright_re.search(norm):
        return "copyright"
    if nw <= _R.max_prefix and _R.prefix_re.match(core):
        return "furniture"
    if nw <= _R.max_contains and _R.contains_re.search(core):
        return "furniture"
    if ln.raw[-6:].casefold().endswith(_R.image_exts):
        return "image"
    if nw <= 3 and " " not in ln.raw and _ADDRESS.match(ln.raw):
        return "address"
    if core in _outlet_lines():
        return "masthead"
    if nw <= 10 and all(w in _R.social for w in core.split()):
        return "share"
    if nw <= 6 and not _ends_statement(ln.raw) and (
        _R.author_re.match(core) or (nw <= 5 and _R.author_name_re.match(core))
    ):
        return "author"
    if nw <= 14 and _HAS_DIGIT.search(core) and not _R.date_token_re.sub("", core):  # the cheap test first
        return "date"
    if nw <= 15 and not _SENT_PUNCT.search(ln.raw.rstrip(_CLOSERS).rstrip(".")) and _R.caption_marker_re.search(norm):
        return "caption"
    return _caption_kind(ln)


def _is_headline_repeat(compact: str, title_compact: str) -> bool:
    if not title_compact or not compact:
        return False
    if compact == title_compact:
        return True
    n, t = len(compact), len(title_compact)
    if n % t == 0 and compact == title_compact * (n // t):
        return True  # the headline glued to itself: "XX"
    # the headline plus a short site/section suffix ("... - المدن")
    return compact.startswith(title_compact) and n - t <= 20


_OUTLET_DATELINE = re.compile(
    r"^(?P<pre>[^\s:،.()\"“”«»]+(?:\s+[^\s:،.()\"“”«»]+)?)\s*[:\-–—]\s*[«\"“](?P<who>[^»\"”“]{2,30})[»\"”]\s*[:\-–—]?\s*(?P<rest>.*)$"
)


_PLACE_DASH = re.compile(r"^[^\s\d:،.()\-–—]+(?:\s[^\s\d:،.()\-–—]+)?\s*[-–—]\s*")  # "ريف دمشق-"


def _strip_byline(raw: str) -> tuple[str, str] | None:
    """(prefix, rest) when `raw` starts with a byline/dateline prefix."""
    for pat in _BYLINE_PATTERNS:
        m = pat.match(raw)
        if m and len(m.group("who").split()) <= 4 and not (
            # "واشنطن - أعلن البنتاغون: ..." is a sentence, not a byline
            set(_phrase(m.group("who")).split()) & _R.story_markers
        ):
            rest = m.group("rest")
            return raw[: len(raw) - len(rest)], rest
    # "بيروت: «الشرق الأوسط» ..." — only when the quoted name is an outlet, since
    # 'قال ترامب: «سننسحب» ...' has the same shape.
    m = _OUTLET_DATELINE.match(raw)
    if m and _phrase(m.group("who")) in _outlet_lines():
        rest = m.group("rest")
        return raw[: len(raw) - len(rest)], rest
    return _strip_place_dash_outlet(raw)


def _strip_place_dash_outlet(raw: str) -> tuple[str, str] | None:
    """"دمشق-سانا ألقت ..."، "ريف دمشق - سانا: ...": a place, a dash and an outlet of the
    registry (only those: "واشنطن - أعلن ..." has the same shape)."""
    m = _PLACE_DASH.match(raw)
    if m is None:
        return None
    words = raw[m.end():].split(" ")
    for n in (3, 2, 1):  # the longest name: "الجزيرة نت" before "الجزيرة"
        if len(words) > n and _phrase(" ".join(words[:n]).rstrip(":")) in _outlet_lines():
            if words[n].startswith("ال") and not words[n - 1].endswith(":"):
                return None  # the name goes on: "بروكسل - الاتحاد الأوروبي يدعو"، "الجزيرة السورية"
            start = m.end() + len(" ".join(words[:n]))
            rest = raw[start:].lstrip(": ")
            return (raw[: len(raw) - len(rest)], rest) if rest else None
    return None


# ------------------------------------------------------------------ API
def clean_article(raw_text: str, title: str | None = None) -> CleanedArticle:
    """Drop page furniture from `raw_text`, keeping story paragraphs intact.

    `title`, when given (metadata), is returned as the title and its repeats in
    the text are dropped; otherwise the first substantial line that is not a
    story paragraph is taken as the headline."""
    given_title = title.strip() if title and title.strip() else None
    if not raw_text or not raw_text.strip():
        return CleanedArticle("", given_title, ())

    raw_lines = [x for x in (r.strip() for r in raw_text.splitlines()) if x]
    paragraphs = [_is_paragraph(x) for x in raw_lines]
    # the other lines are normalised together: one pass instead of one call per line
    norms = iter(normalize_lines([x for x, para in zip(raw_lines, paragraphs) if not para]))
    lines = [_Line(x, None if para else next(norms), para) for x, para in zip(raw_lines, paragraphs)]

    # Lines seen more than once (a caption repeated under the photo).
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.key] = counts.get(ln.key, 0) + 1

    # The headline: the first substantial line before the first story paragraph.
    headline_idx = None
    for i, ln in enumerate(lines[:12]):
        if ln.kind is not None:
            continue
        if ln.story:
            break
        if 3 <= ln.nw <= 30 and not ln.raw.rstrip().endswith((":", ".")) and not (
            ln.nw <= 5 and _DATELINE_ONLY.match(ln.raw)
        ):
            headline_idx = i
            break
    title_out = given_title
    title_compact = _compact(given_title) if given_title else ""
    if headline_idx is not None:
        hc = lines[headline_idx].compact
        if not given_title:
            title_out = lines[headline_idx].raw
            title_compact = hc
        elif not (hc and (hc in title_compact or title_compact in hc)):
            headline_idx = None  # a line unlike the given title: leave it to the other rules

    has_story = any(ln.kind is None and ln.story for ln in lines)
    kept: list[_Line] = []
    removed: list[str] = []
    headlines: list[_Line] = []  # dropped as a headline, its repeat or a caption: the text if nothing is left
    seen: set[str] = set()
    in_related = False
    before_story = True
    for i, ln in enumerate(lines):
        kind = ln.kind
        if kind == "blank":
            continue
        if kind == "related":
            in_related = True
            removed.append(ln.raw)
            continue
        if in_related:
            # Headlines under a related heading run until a real paragraph: a
            # full sentence, or a line far longer than any headline.
            if kind is None and ((ln.nw >= 6 and _ends_statement(ln.raw)) or ln.nw >= 25):
                in_related = False
            else:
                removed.append(ln.raw)
                continue
        if kind is not None and kind not in ("caption?",):
            removed.append(ln.raw)
            continue
        if i == headline_idx or (
            title_compact and len(ln.raw) <= 6 * len(title_out or "") + 40
            and (ln.raw[:8] == title_out[:8] if not given_title
                 else _NON_WORD.sub("", normalize(ln.raw[:24]).casefold()).startswith(title_compact[:8]))
            and _is_headline_repeat(ln.compact, title_compact)
        ):
            removed.append(ln.raw)
            headlines.append(ln)
            continue
        if kind == "caption?" and (before_story or counts.get(ln.key, 0) > 1):
            removed.append(ln.raw)
            headlines.append(ln)
            continue
        if before_story:
            if ln.nw <= 8 and _R.full_date_re.search(ln.norm):
                removed.append(ln.raw)  # "المدن - عرب وعالمالثلاثاء 2025/05/27"
                continue
            stripped = _strip_byline(ln.raw)
            if stripped is not None:
                prefix, rest = stripped
                removed.append(prefix.strip())
                if not rest.strip():
                    continue
                ln = _Line(rest.strip())
            if has_story and not ln.story and ln.nw <= 4 and not _ends_sentence(ln.raw):
                removed.append(ln.raw)  # labels and author names above the story
                continue
        if ln.key in seen:
            removed.append(ln.raw)  # the same paragraph twice
            continue
        seen.add(ln.key)
        kept.append(ln)
        if ln.story:
            before_story = False

    # Trailing labels after the last paragraph (tags, author names, outlet names).
    if has_story:
        while kept:
            lt = kept[-1]
            if lt.story or lt.nw > 4 or _ends_sentence(lt.raw):
                break
            removed.append(lt.raw)
            kept.pop()

    if not kept and headlines:  # a one-line post, a news flash: the headline is the article
        keys: set[str] = set()
        kept = [ln for ln in headlines if not (ln.key in keys or keys.add(ln.key))]
        for ln in kept:
            removed.remove(ln.raw)
    text = "\n".join(k.raw for k in kept)
    return CleanedArticle(text, title_out, tuple(removed))


def refuse_empty(cleaned: CleanedArticle) -> CleanedArticle:
    """`cleaned`, or Refusal when it has no text left: never an empty article."""
    if not cleaned.text.strip():
        example = f", such as '{cleaned.removed[0][:60]}'" if cleaned.removed else ""
        raise Refusal(f"no article text: cleaning found only page furniture ({len(cleaned.removed)} line(s){example})")
    return cleaned
