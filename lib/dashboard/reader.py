"""What the Articles reader shows and what its correction forms send, as pure functions.

The page (`pages/articles.py`) draws widgets; this module decides which fields a
claim's form offers, turns stored values into the text the corrections API takes
(ISO dates, plain decimal numbers, None to clear), finds which fields a submitted
form changed, lists an article's sentences for "add a claim", orders the claim
cards (the claim a chart click opened comes first) and says why a search found
nothing. Nothing here imports streamlit or writes to the store.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

import pandas as pd

from lib import settings
from lib.store.schema import CLAIM_VALUES
from lib.text.sentences import split_sentences

__all__ = ["CHOICES", "FIGURE_FIELDS", "PERIOD_FIELDS", "fields_for", "as_text", "changes", "Change",
           "sentence_choices", "focus_first", "safe_url", "empty_reason", "article_of_claim", "describe", "to_date",
           "open_article", "find_claim_article", "claim_record", "correction_status", "correction_action",
           "claim_json", "NUMBER_FIELDS", "DATE_FIELDS", "md_literal"]

# The enumerated claim columns the forms offer (the data contract's values, so a typo cannot
# become a new category; the corrections API checks them too).
CHOICES: dict[str, tuple[str, ...]] = {f: CLAIM_VALUES[f] for f in ("qualifier", "when", "status")}
FIGURE_FIELDS = ("value", "low", "high", "qualifier")
PERIOD_FIELDS = ("period_start", "period_end")
DATE_FIELDS = frozenset(PERIOD_FIELDS) | {"published"}
NUMBER_FIELDS = frozenset({"value", "low", "high"})

Change = tuple[str, str | None, str | None]  # (field, old as text, new as text)


def fields_for(kind: object) -> tuple[str, ...]:
    """The claim fields an analyst can fix on a claim of this kind, in form order.

    A base event has a status and no figure; an incident's counts (killed, injured) are not
    correctable fields, so only its period is; every other kind (new ones too) is a figure."""
    if kind == "base_status":
        return ("status", *PERIOD_FIELDS)
    if kind == "incident":
        return PERIOD_FIELDS
    return (*FIGURE_FIELDS, *(("when",) if kind == "troops" else ()), *PERIOD_FIELDS)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_text(field: str, value: object) -> str | None:
    """A stored value as the corrections API takes it: ISO date, plain number ("1400", "2.5"),
    the text itself, or None when missing (an empty text is missing too)."""
    if _missing(value):
        return None
    if field in DATE_FIELDS:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if field in NUMBER_FIELDS:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            return value  # as typed: the API validates it and says what is wrong
        number = float(value)  # type: ignore[arg-type]
        if math.isfinite(number) and number == int(number):
            return str(int(number))
        return repr(number)
    text = str(value).strip()
    return text or None


def changes(claim: Mapping[str, object], submitted: Mapping[str, object], fields: Iterable[str]) -> list[Change]:
    """The fields whose submitted value differs from the claim's, as (field, old, new) texts.

    A typed number equal to the stored one ("1400.0" for 1400) is no change."""
    out: list[Change] = []
    for f in fields:
        old, new = as_text(f, claim.get(f)), as_text(f, submitted.get(f))
        if old == new:
            continue
        if f in NUMBER_FIELDS and old is not None and new is not None:
            try:
                if float(new) == float(old):
                    continue
            except ValueError:
                pass  # not a number: the API refuses it with its message
        out.append((f, old, new))
    return out


def sentence_choices(text: str, max_chars: int | None = None) -> list[tuple[int, int, str]]:
    """The article's sentences as (start, end, label) for picking one: the label is the
    sentence on one line, cut to `max_chars` (settings.READER_SENTENCE_LABEL_CHARS) with "…"."""
    limit = max_chars or settings.READER_SENTENCE_LABEL_CHARS
    out = []
    for start, end in split_sentences(text or ""):
        one_line = " ".join(text[start:end].split())
        out.append((start, end, one_line if len(one_line) <= limit else one_line[:limit - 1].rstrip() + "…"))
    return out


def focus_first(claim_ids: Sequence[object], focus: object) -> list[int]:
    """Positions of the claims in display order: the focused claim (a chart click's) first,
    the others in their order."""
    order = list(range(len(claim_ids)))
    if focus is None:
        return order
    hit = [i for i in order if claim_ids[i] == focus]
    return hit + [i for i in order if i not in hit]


def safe_url(url: object) -> str | None:
    """`url` when it may be a link (an http or https address with a host), else None:
    javascript:, data:, relative or malformed addresses are shown as text only."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def empty_reason(query: str | None, filtered: int) -> str:
    """Why the article list is empty: "search" when a search found nothing among the `filtered`
    articles the filters leave, "filters" when the filters leave none at all."""
    return "search" if (query or "").strip() and filtered > 0 else "filters"


def article_of_claim(claim_id: str, has_article) -> str | None:
    """The article a claim id belongs to, when the id has the store's form "<article_id>-<n>"
    and that article is there (`has_article(id) -> bool`); None otherwise."""
    if not isinstance(claim_id, str) or "-" not in claim_id:
        return None
    article_id, _, n = claim_id.rpartition("-")
    return article_id if article_id and n and has_article(article_id) else None


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark
_AUTOLINK = re.compile(r"(?i)https?|ftp|mailto|www|@.")


def md_literal(text: object) -> str:
    """`text` for a Streamlit element that renders Markdown (a toast, an info box): every ASCII
    punctuation mark that Markdown, Streamlit's directives (":red[...]", ":material/x:") or
    LaTeX ("$") could read is backslash-escaped, so it shows as typed. Markdown's bare links
    ("https://...", "www.", "name@host") ignore escapes: a word joiner (U+2060, invisible) inside
    "http", "www" and after "@" keeps them from being recognised."""
    plain = _AUTOLINK.sub(lambda m: m.group(0)[0] + "\u2060" + m.group(0)[1:], "" if text is None else str(text))
    return _MARKDOWN.sub(r"\\\1", plain)


def describe(changed: Sequence[Change], labels: Mapping[str, str] | None = None, arrow: str = "→",
             show: Callable[[str], str] = str) -> str:
    """One line saying what changed: "value: 1400 → 1000; when: planned → past" (— for none).
    `arrow` points from old to new in the reading direction ("←" in right-to-left text); `show`
    formats each value (e.g. isolates a date left to right inside Arabic text)."""
    labels = labels or {}

    def shown(v: str | None) -> str:
        return show(v) if v is not None else "—"

    # values as typed or stored: md_literal before Markdown
    return "; ".join(f"{labels.get(f, f)}: {shown(old)} {arrow} {shown(new)}" for f, old, new in changed)


def to_date(value: object) -> date | None:
    """A stored date as a `datetime.date` for a date widget (None when missing)."""
    if _missing(value):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


# ---------------------------------------------------------------------- reading the corpus
def open_article(corpus, f, article_id: str) -> tuple[dict, str, pd.DataFrame] | None:
    """(article fields, text, its claims with every data-contract column) for the reader, or None.

    A `lib.dashboard.views`-style function (`app_support.view` caches it by store version);
    the filters `f` do not apply. The corpus is the store as read, corrections applied, so a
    claim row here is a row of the corrected claims table (what the corrections API takes).
    Claims come in the order of their sentences: a corrected article's claims, which the
    corpus holds after the stored ones, keep their place."""
    import numpy as np

    row = corpus.article_row(article_id)
    if row is None:
        return None
    art = corpus.article(row)
    claims = corpus.full_claims(np.flatnonzero(corpus.claims["article_row"].to_numpy() == row))
    text = art.pop("text", None) or ""
    order = np.argsort(pd.to_numeric(claims["span_start"], errors="coerce").fillna(-1).to_numpy(), kind="stable")
    return art, text, claims.iloc[order].reset_index(drop=True)


def find_claim_article(corpus, claim_id: str) -> str | None:
    """The article holding the claim `claim_id`: from the id's form when it has the store's
    "<article_id>-<n>", else by looking the id up in the store's claims."""
    found = article_of_claim(claim_id, lambda a: corpus.article_row(a) is not None)
    if found is not None:
        return found
    candidates = corpus.claim_rows.search("article_id", ["claim_id"], claim_id)  # a substring search
    for article_id in dict.fromkeys(candidates.to_pylist()):
        row = corpus.article_row(article_id)
        if row is None:
            continue
        _, _, claims = open_article(corpus, None, article_id)  # type: ignore[misc]
        if (claims["claim_id"] == claim_id).any():
            return article_id
    return None


def claim_record(row: Mapping[str, object]) -> dict[str, object]:
    """A claim row as a plain dict for the corrections API (missing values as None)."""
    return {k: (None if _missing(v) else v) for k, v in row.items()}


# ---------------------------------------------------------------------- the Corrections view
def correction_status(undone: object, attached: object) -> str:
    """"undone" (reversed by a later undo), "detached" (its claim or article is no longer found
    in the tables, e.g. after a rebuild that changed the sentence) or "effective"."""
    if bool(undone):
        return "undone"
    return "effective" if bool(attached) else "detached"


def correction_action(target: object, field: object, old: object, new: object) -> str:
    """What a correction did: "article" (outlet or date), "claim" (a field fixed), "reject"
    (the claim wrong altogether: field `claim`, new null) or "add" (a claim added by hand:
    field `claim`, old null)."""
    if target == "article":
        return "article"
    if field == "claim":
        return "reject" if _missing(new) else "add"
    return "claim"


def with_numbers(fields: Mapping[str, object]) -> dict[str, object]:
    """`fields` (a claim's values as text, e.g. a correction's) with its number fields as
    floats where they read as numbers, for figure_text."""
    out = dict(fields)
    for f in NUMBER_FIELDS:
        try:
            out[f] = float(fields[f])  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            pass
    return out


def claim_json(text: object) -> dict[str, object]:
    """A rejected or added claim's JSON (the `old`/`new` of a `claim` correction) as a dict;
    {} when it is not JSON."""
    import json

    if not isinstance(text, str):
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
