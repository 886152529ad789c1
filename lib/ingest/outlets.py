"""The outlet registry and outlet detection.

Every article row carries a `source_id` (an outlet slug such as `eremnews`):
the dashboard filters by it, counts how many outlets carry a story, and shows
outlets disagreeing. Inputs name their outlet in very different ways, so
`detect_outlet` tries, in order of reliability:

1. `given` — metadata that came with the article (a slug, an Arabic or English
   name or alias, or a domain). Metadata is what the analyst asserted, so it
   wins; an unknown name becomes its own slug rather than being forced onto a
   registry entry that merely looks similar.
2. the URL's domain (subdomains included; a registry domain may carry a path
   prefix, e.g. `bbc.com/arabic`).
3. the raw text itself: masthead lines, datelines, bylines, footers and
   copyright lines. Only *positions* where an outlet names itself count (the
   first and last lines, "مراسل X" bylines): an agency or paper merely quoted in
   the story ("نقلت صحيفة نيويورك تايمز", "وفق فرانس 24", a photo credit
   "المصدر: رويترز") is not the article's outlet.

The registry lives in `data/reference/outlets.json` so outlets can be added
without touching code, and the words read around a name (quoting verbs, photo
credits, "مراسل", kinds of outlet) in `data/reference/outlet_cues.json`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lib.ingest.outlet_names import (clean_site_name, compact, hash_slug, is_domain_like, readable_from_host,
                                     slug_from_host, slugify, split_url)
from lib.reference import REFERENCE_DIR, load_json
from lib.text.textnorm import normalize, normalize_lines
from lib.text.wordregex import union_pattern

REGISTRY_PATH = REFERENCE_DIR / "outlets.json"
BOILERPLATE_PATH = REFERENCE_DIR / "boilerplate.json"
CUES_PATH = REFERENCE_DIR / "outlet_cues.json"
_CUES = load_json(CUES_PATH.name)

HEAD_LINES = 5  # masthead/dateline zone: the first non-blank lines of the raw text
TAIL_LINES = 15  # footer zone: the last non-blank lines


@dataclass(frozen=True)
class Outlet:
    """The outlet an article came from, and how we know (`how`)."""

    source_id: str
    name_ar: str | None
    name_en: str | None
    country: str | None
    how: str  # "metadata" | "page" (its declared site name) | "url" | "text" | "unknown"


UNKNOWN = Outlet("unknown", None, None, None, "unknown")


# --------------------------------------------------------------------------- keys
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d-]")
_NON_WORD = re.compile(r"[\W_]+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_SLUG_OK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _canon(text: str) -> str:
    """Matching form of a line or phrase: normalised Arabic, casefolded, one
    kind of dash, "_" and "#" as spaces (hashtags), single spaces around
    separators. Applied identically to the registry phrases and to the text, so
    "الثورة –" matches "الثورة - ..."."""
    return " ".join(_separators_spaced(normalize(text)).split())


def _canon_lines(lines: list[str]) -> list[str]:
    """[_canon(x) for x in lines] for lines without "\n", folded in one pass."""
    if not lines:
        return []
    joined = _separators_spaced("\n".join(normalize_lines(lines)))
    return [" ".join(x.split()) for x in joined.split("\n")]


def _separators_spaced(normalized: str) -> str:
    t = _DASHES.sub("-", normalized.casefold().replace("_", " ").replace("#", " "))
    for c in "-:/|":  # plain str.replace: several times faster than a regex here
        if c in t:
            t = t.replace(c, f" {c} ")
    return t


_compact = compact


# ---------------------------------------------------------------------- registry
@lru_cache(maxsize=8)
def _load(path_str: str) -> tuple[dict, ...]:
    with open(path_str, encoding="utf-8") as fh:
        data = json.load(fh)
    seen: set[str] = set()
    for entry in data:
        sid = entry["source_id"]
        if not _SLUG_OK.match(sid) or sid in seen:
            raise ValueError(f"outlet registry: bad or duplicate source_id {sid!r}")
        seen.add(sid)
    return tuple(data)


def load_registry(path: str | Path | None = None) -> list[dict]:
    """The outlet registry (a list of dicts), read once per path and cached.

    A copy of the list is returned so callers cannot corrupt the cache by
    appending; the dicts themselves are shared and must not be mutated."""
    return list(_load(str(path or REGISTRY_PATH)))


@lru_cache(maxsize=1)
def _masthead_context_words() -> frozenset[str]:
    # Words that make a line page furniture ("اشترك في نشرة المدن"), shared with cleaning.
    try:
        with open(BOILERPLATE_PATH, encoding="utf-8") as fh:
            words = json.load(fh).get("masthead_context_words", [])
    except FileNotFoundError:  # the registry still works without the cleaning data
        words = []
    return frozenset(_canon(w) for w in words if w.strip())  # whole words: "موقع" is not "المواقع"


class _Index:
    """Everything detection needs, precompiled once per registry file."""

    def __init__(self, registry: tuple[dict, ...]):
        self.by_id: dict[str, dict] = {e["source_id"]: e for e in registry}
        self.order = {e["source_id"]: i for i, e in enumerate(registry)}

        # Names and aliases -> source_id; a key shared by two outlets is dropped
        # so that an ambiguous name is never mapped to the wrong one.
        names: dict[str, set[str]] = {}
        for e in registry:
            for name in [e["source_id"], e.get("name_ar"), e.get("name_en"), *e.get("aliases", [])]:
                if name:
                    k = _compact(name)
                    if k:
                        names.setdefault(k, set()).add(e["source_id"])
        self.names = {k: next(iter(v)) for k, v in names.items() if len(v) == 1}

        # Domains: host -> [(path prefix, source_id)].
        self.domains: dict[str, list[tuple[str, str]]] = {}
        for e in registry:
            for d in e.get("domains", []):
                host, _, path = d.casefold().removeprefix("www.").partition("/")
                self.domains.setdefault(host, []).append(("/" + path if path else "", e["source_id"]))
        for v in self.domains.values():
            v.sort(key=lambda p: -len(p[0]))

        # Masthead phrases (canonical) -> source_id; bylines ("مراسل X") separately.
        phrases: dict[str, set[str]] = {}
        bylines: dict[str, set[str]] = {}
        correspondent = _canon(_CUES["correspondent"])
        for e in registry:
            for m in e.get("mastheads", []):
                k = _canon(m)
                if not k:
                    continue
                if k.startswith((correspondent + " ", correspondent + "ه ")):  # مراسل/مراسلة X
                    bylines.setdefault(k.split(" ", 1)[1], set()).add(e["source_id"])
                else:
                    phrases.setdefault(k, set()).add(e["source_id"])
        self.phrases = {k: next(iter(v)) for k, v in phrases.items() if len(v) == 1}
        self.bylines = {k: next(iter(v)) for k, v in bylines.items() if len(v) == 1}
        # trie-factored alternations (lib.wordregex): a plain "a|b|c…" of some 200
        # phrases, tried at every position of every line, cost more than the rest of detection
        alt = union_pattern(list(self.phrases), space=" ") if self.phrases else ""
        self.phrase_re = re.compile(rf"(?<!\w)(?:{alt})(?!\w)") if alt else None
        self.clitic_re = re.compile(rf"(?<!\w)[لوب]({alt})(?!\w)") if alt else None
        balt = union_pattern(list(self.bylines), space=" ") if self.bylines else ""
        kinds = union_pattern([_canon(w) for w in _CUES["outlet_kinds"]])
        self.byline_re = (
            re.compile(rf"(?<!\w)[وف]?ل?{correspondent}[هة]?\s+(?:(?:{kinds})\s+)?\"?({balt})(?!\w)")
            if balt
            else None
        )
        self.context_words = _masthead_context_words()

    def outlet(self, sid: str, how: str) -> Outlet:
        e = self.by_id[sid]
        return Outlet(sid, e.get("name_ar"), e.get("name_en"), e.get("country"), how)

    def lookup_name(self, given: str) -> str | None:
        """Registry id for a slug/name/alias, tolerating generic prefixes and
        "Arabic - English" pairs; None when nothing matches unambiguously."""
        candidates = [given, *(p for p in re.split(r"\s[-|/]\s|[|،,]", given) if p.strip())]
        for cand in candidates:
            k = _compact(cand)
            if k in self.names:
                return self.names[k]
            stripped = _GENERIC_PREFIX.sub("", normalize(cand).casefold().strip())
            k2 = _compact(stripped)
            if k2 and k2 != k and k2 in self.names:
                return self.names[k2]
        return None

    def lookup_host(self, host: str, path: str = "") -> str | None:
        """Registry id for a host (any subdomain of a registry domain) and path."""
        labels = host.split(".")
        for i in range(len(labels) - 1):
            entries = self.domains.get(".".join(labels[i:]))
            if not entries:
                continue
            p = (path or "/").casefold()
            for prefix, sid in entries:
                if not prefix or p == prefix or p.startswith(prefix.rstrip("/") + "/"):
                    return sid
        return None


# "صحيفة X", "the X": a kind of outlet before the name
_GENERIC_PREFIX = re.compile(
    rf"^(?:(?:{union_pattern([_canon(w) for w in _CUES['outlet_kinds'] + _CUES['name_prefixes']], space=' ')})\s+)+"
)


@lru_cache(maxsize=8)
def _index(path_str: str) -> _Index:
    return _Index(_load(path_str))


# ----------------------------------------------------------------------- domains
_NULLISH = {"", "nan", "none", "null", "unknown", "n/a", "na", "-"}


# ------------------------------------------------------------------ text evidence
_QUOTING = frozenset(_canon(w) for w in _CUES["quoting_words"])
_SOURCE_LABEL = _canon(_CUES["source_label"])  # "المصدر: رويترز"
_PHOTO_LABELS = tuple(_canon(w + ":") for w in _CUES["photo_labels"])  # "تصوير: ..." ("تصوير :" once canonical)
_COPYRIGHT_HINTS = tuple(_CUES["copyright_hints"])
_SEP_END = re.compile(r"[-:/|]$")
_SEP_START = re.compile(r"^[-/|]")
_STRIP_QUOTES = " \"'()[]"
_DOMAIN_IN_LINE = re.compile(
    r"(?<![\w@.-])(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(/[^\s]*)?", re.I
)

# Scores: how strongly a position says "this is the article's own outlet".
_S_COPYRIGHT, _S_DOMAIN, _S_DATELINE, _S_LINE, _S_BYLINE = 6, 5, 4, 3, 3


def has_copyright_hint(line: str) -> bool:
    """A copyright notice may be here (©, حقوق, Copyright, rights reserved). Plain
    substring tests: several times cheaper than a regex over a long paragraph."""
    for hint in _COPYRIGHT_HINTS:
        if hint in line:
            return True
    return False


def _is_quoted(before: str) -> bool:
    words = before.rstrip(" \"'(").split()
    return any(w in _QUOTING for w in words[-2:])


def _is_story_line(line_raw: str) -> bool:
    """A story sentence, where only a dateline at its very start can name the
    outlet (bylines inside the story are looked for separately)."""
    return (len(line_raw) > 160 or (len(line_raw) > 60 and line_raw.rstrip(" \"'”»)").endswith("."))) and not (
        has_copyright_hint(line_raw)
    )


def _line_evidence(idx: _Index, line_raw: str, k: str, head: bool) -> dict[str, int]:
    """This head (or tail) line's best evidence per outlet (`k`: its _canon form)."""
    best: dict[str, int] = {}
    if not k:
        return best
    copyright_line = "(c)" in k or has_copyright_hint(k)  # k is casefolded: "(C)" is "(c)"

    # A site address on a short furniture line (or in a copyright line).
    if "." in line_raw and (copyright_line or line_raw.count(" ") < 8):
        for m in _DOMAIN_IN_LINE.finditer(line_raw.casefold()):
            host = m.group(1).removeprefix("www.")
            sid = idx.lookup_host(host, m.group(2) or "")
            if sid:
                best[sid] = max(best.get(sid, 0), _S_COPYRIGHT if copyright_line else _S_DOMAIN)

    if idx.phrase_re is not None:
        furniture = None  # computed on the first match only: most lines match nothing
        for m in idx.phrase_re.finditer(k):
            if furniture is None:
                furniture = copyright_line or not idx.context_words.isdisjoint(k.split())
            phrase = m.group(0)
            sid = idx.phrases[phrase]
            before, after = k[: m.start()], k[m.end():]
            b = before.rstrip(_STRIP_QUOTES)
            a = after.lstrip(_STRIP_QUOTES)
            if not copyright_line:
                if _is_quoted(before):
                    continue
                # A photo credit: "(رويترز)", "المصدر: رويترز", "تصوير: ...".
                if before.rstrip().endswith("(") or (
                    b.endswith(_SOURCE_LABEL + " :") and not phrase.startswith(_SOURCE_LABEL)
                ) or b.endswith(_PHOTO_LABELS):
                    continue
            if copyright_line:
                score = _S_COPYRIGHT
            elif head and m.start() <= 40 and (
                _SEP_END.search(phrase) or _SEP_START.search(phrase)
                or _SEP_END.search(b) or _SEP_START.search(a)
            ) and not (m.start() == 0 and a.startswith(":")):
                score = _S_DATELINE  # "المدن - ...", "القامشلي - نورث برس", "بيروت: «الشرق الأوسط»"
            elif head and not a and b.endswith(("-", "|")):
                score = _S_LINE  # a page title "headline - Outlet"
            else:
                rest = _NON_WORD.sub("", before + after)
                if m.start() == 0 and a.startswith(":") and not furniture:
                    continue  # "رويترز: ..." is a headline attributing a claim
                if not rest:
                    score = _S_LINE  # the line is just the outlet's name
                elif furniture and not head or furniture and len(rest) <= 40:
                    score = _S_LINE  # "اشترك في نشرة المدن", "تابعونا على إرم نيوز"
                elif not head and " " in phrase and len(rest) <= 20:
                    score = _S_LINE
                else:
                    continue
            best[sid] = max(best.get(sid, 0), score)
        if copyright_line:
            # "محفوظة لشبكة الجزيرة": in a copyright line the name may carry a clitic.
            for m in idx.clitic_re.finditer(k):
                sid = idx.phrases[m.group(1)]
                best[sid] = max(best.get(sid, 0), _S_COPYRIGHT)
    return best


def _from_text(idx: _Index, raw_text: str) -> Outlet | None:
    lines = [ln for ln in raw_text.splitlines() if ln.strip()]
    if not lines:
        return None
    scores: dict[str, int] = {}
    n = len(lines)
    tail_start = max(0, n - TAIL_LINES)
    read: list[tuple[int, str, bool]] = []  # (line index, the text read, a story sentence?)
    for i in (*range(min(HEAD_LINES, n)), *range(max(HEAD_LINES, tail_start), n)):
        story = _is_story_line(lines[i])
        if story and i >= HEAD_LINES:
            continue  # of a story sentence only a dateline at its start counts, in the head
        read.append((i, lines[i][:80] if story else lines[i], story))
    for (i, text, story), k in zip(read, _canon_lines([text for _, text, _ in read])):
        best = _line_evidence(idx, text, k, True) if i < HEAD_LINES else {}
        if i >= tail_start and not story:
            # in a short text a line is both head and tail: take the stronger reading
            for sid, sc in _line_evidence(idx, text, k, False).items():
                best[sid] = max(best.get(sid, 0), sc)
        for sid, sc in best.items():
            scores[sid] = scores.get(sid, 0) + sc
    correspondent = _CUES["correspondent"]  # as written in the raw text
    if idx.byline_re is not None and correspondent in raw_text:
        # Look only around each "مراسل": canonicalising the whole text would
        # cost more than all the rest of detection.
        found: set[str] = set()
        pos = raw_text.find(correspondent)
        while pos >= 0:
            start = max(0, pos - 40)
            window = _canon(raw_text[start: pos + 80])
            for m in idx.byline_re.finditer(window):
                if not _is_quoted(window[: m.start()]):
                    found.add(idx.bylines[m.group(1)])
                break  # the first byline in the window is the one at `pos`
            pos = raw_text.find(correspondent, pos + len(correspondent))
        for sid in found:
            scores[sid] = scores.get(sid, 0) + _S_BYLINE
    if not scores:
        return None
    sid = max(scores, key=lambda s: (scores[s], -idx.order[s]))
    return idx.outlet(sid, "text")


# --------------------------------------------------------------------------- API
def _from_given(idx: _Index, given: str, how: str = "metadata") -> Outlet:
    g = given.strip()
    sid = idx.lookup_name(g)
    if sid:
        return idx.outlet(sid, how)
    if is_domain_like(g) and not _ARABIC_LETTER.search(g):
        host, path = split_url(g)
        sid = idx.lookup_host(host, path) if host else None
        if sid:
            return idx.outlet(sid, how)
        slug = slug_from_host(host)
        if slug:
            return Outlet(slug, None, readable_from_host(host) or host, None, how)
    if _ARABIC_LETTER.search(g):
        return Outlet(hash_slug(g), g, None, None, how)
    slug = slugify(g)
    return Outlet(slug or hash_slug(g), None, g, None, how)


def _given(value: str | None) -> str | None:
    return None if value is None or str(value).strip().casefold() in _NULLISH else str(value)


def detect_outlet(raw_text: str, url: str | None = None, given: str | None = None,
                  site_name: str | None = None) -> Outlet:
    """The article's outlet: from metadata, else what the page says of itself, else
    the URL, else the raw text's mastheads, bylines and footers.

    1. `given`: what came with the article as metadata (the analyst's word wins);
    2. `site_name`: the name the page declares (og:site_name, trafilatura's
       sitename), when the registry knows it;
    3. the URL's domain: a registry outlet, else an outlet the registry does not
       know, with the slug of its domain and the page's site name, or a name read
       from the domain ("example-news.com" → `example-news`, "Example News"): never
       an empty name;
    4. a masthead, byline or copyright line naming a registry outlet;
    5. the page's site name alone.

    `raw_text` must be the text *before* cleaning: the mastheads, bylines and
    footers that identify the outlet are exactly what cleaning removes."""
    idx = _index(str(REGISTRY_PATH))
    given = _given(given)
    if given is not None:
        return _from_given(idx, given)
    site = clean_site_name(_given(site_name))
    if site is not None:
        sid = idx.lookup_name(site)
        if sid:
            return idx.outlet(sid, "page")
    host, path = split_url(str(url)) if _given(url) is not None else ("", "")
    if "." in host:
        sid = idx.lookup_host(host, path)
        if sid:
            return idx.outlet(sid, "url")
        slug = slug_from_host(host)
        if slug:  # a site the registry does not know: its own name, else one read from its domain
            if site is not None:
                named = _from_given(idx, site, "page")
                return Outlet(slug, named.name_ar, named.name_en, None, "page")
            return Outlet(slug, None, readable_from_host(host) or host, None, "url")
    if raw_text:
        found = _from_text(idx, raw_text)
        if found:
            return found
    if site is not None:
        return _from_given(idx, site, "page")
    return UNKNOWN
