"""The Add articles page's work, without streamlit: stage what an analyst brings (uploaded files,
a pasted text, fetched pages) as files in a folder of the store, ingest that folder with the
command line's ingest (`lib.ingest.streaming.ingest`), and report what was added.

A batch's folder is `STORE/.added/<time>-<random>/`, kept after the ingest: it is where the
added articles' `path` points, the analyst's own copy of what they brought. Pasted texts and
fetched pages are JSON records (`lib.ingest.records`: text or html, url, title, published,
source), so they go through exactly the readers, cleaning, outlet and date detection and
extraction that a file does. Every function that stages or ingests refuses in read-only mode
(`lib.store.access.ReadOnlyError`), whatever a page shows.
"""
from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from lib.ingest.fetch import FetchedPage
from lib.ingest.outlets import detect_outlet
from lib.ingest.pipeline import Progress
from lib.ingest.plausibility import published_flags
from lib.ingest.raw import ReadError
from lib.ingest.streaming import ingest
from lib.store.access import require_writable
from lib.store.delta import ARTICLES, CLAIMS, is_store, open_store
from lib.store.writer import Compaction
from lib.text.dates import detect_published

__all__ = ["ADDED_DIR", "AddedArticle", "AddReport", "PasteGuess", "new_batch", "guess_paste", "stage_paste",
           "stage_fetched", "ingest_batch"]

ADDED_DIR = ".added"  # inside the store: hidden, so a walk of the store folder never reads it


def new_batch(store: Path | str) -> Path:
    """A new, empty staging folder for one add, inside the store folder."""
    require_writable("add articles")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    folder = Path(store) / ADDED_DIR / f"{stamp}-{secrets.token_hex(3)}"
    folder.mkdir(parents=True)
    return folder


# ---------------------------------------------------------------------- pasting

@dataclass(frozen=True)
class PasteGuess:
    """What the product reads off a pasted text, to fill the form (the analyst edits it)."""

    outlet: str  # a name that names the detected outlet when given back, "" when none was found
    outlet_id: str  # the detected outlet's slug ("unknown" when none)
    published: date | None  # the dateline's date, None when there is none or it is implausible
    dateline: date | None  # the date the dateline states, even when implausible
    date_flags: tuple[str, ...] = ()  # lib.ingest.plausibility's flags of the dateline's date


def guess_paste(text: str, url: str = "") -> PasteGuess:
    """The outlet and date a pasted text states (lib.ingest.outlets, lib.text.dates). A dateline
    in the future (or implausibly early) is not offered as the date: its flags say why."""
    found = detect_outlet(text, url or None)
    outlet = ""
    if found.how != "unknown":
        # the first of its names that the same detection maps back to it (what the form sends)
        for name in (found.name_ar, found.name_en, found.source_id):
            if name and detect_outlet(text, url or None, name).source_id == found.source_id:
                outlet = name
                break
    stated = detect_published(text) if text.strip() else None
    flags = tuple(published_flags(stated)) if stated else ()
    return PasteGuess(outlet, found.source_id, None if flags else stated, stated, flags)


def _record_file(folder: Path, stem: str, record: dict[str, Any]) -> Path:
    n = 1
    while (target := folder / f"{stem}-{n:03d}.json").exists():
        n += 1
    target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return target


def stage_paste(folder: Path, text: str, *, outlet: str = "", published: date | None = None, url: str = "",
                title: str = "", dateline: date | None = None) -> Path | ReadError:
    """A pasted article as a record file in `folder`. `published` equal to the text's own
    `dateline` is recorded as stated in the text; another date is the analyst's (metadata)."""
    require_writable("add a pasted article")
    text = text.strip()
    if not text:
        return ReadError("pasted text", "no text: paste the article's text")
    url = url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        return ReadError("pasted text", f"the URL must start with http:// or https:// (got {url[:80]!r})")
    record: dict[str, Any] = {"text": text}
    if url:
        record["url"] = url
    if title.strip():
        record["title"] = title.strip()
    if outlet.strip():
        record["source"] = outlet.strip()
    if published is not None:
        record["published"] = published.isoformat()
        record["published_origin"] = "stated" if published == dateline else "metadata"
    return _record_file(folder, "pasted", record)


def stage_fetched(folder: Path, page: FetchedPage) -> Path:
    """A fetched page as a record file in `folder`: its HTML (or text) and the URL it came from."""
    require_writable("add a fetched page")
    return _record_file(folder, "fetched", page.record())


# ---------------------------------------------------------------------- ingesting and reporting

@dataclass(frozen=True)
class AddedArticle:
    article_id: str
    title: str | None
    source_id: str
    outlet: str  # its display name
    published: date | None
    published_origin: str
    claims: int
    kinds: dict[str, int]
    flags: str
    path: str


@dataclass
class AddReport:
    """What one add did: the articles added, how many were stored already, what was refused."""

    added: list[AddedArticle] = field(default_factory=list)
    already: int = 0
    duplicates: int = 0  # the same article twice in this add: kept once
    claims: int = 0
    refused: list[ReadError] = field(default_factory=list)
    revision_before: int | None = None
    revision_after: int | None = None
    compacted: list[Compaction] | None = None  # the store's small files merged at the end (None: not needed)


def ingest_batch(folder: Path, store: Path | str, *, refused: list[ReadError] | None = None,
                 progress: Progress | None = None) -> AddReport:
    """Ingest a staged folder into `store` (the command line's ingest) and report it; `refused`:
    what staging already refused, listed first."""
    require_writable("add articles")
    store = Path(store)
    result = ingest([folder], store, progress=progress)
    report = AddReport(already=result.already, duplicates=result.duplicates, claims=result.claims,
                       refused=list(refused or []) + _relative(result.errors, folder),
                       revision_before=result.revision_before, revision_after=result.revision_after,
                       compacted=result.compacted)
    if result.added and is_store(store):
        report.added = _added_rows(store, folder)
    return report


def _relative(errors: list[ReadError], folder: Path) -> list[ReadError]:
    """Refusals named by the file as the analyst knows it (its path inside the batch folder)."""
    prefix = str(folder) + "/"
    return [ReadError(e.path.removeprefix(prefix), e.reason) for e in errors]


def _added_rows(store: Path, folder: Path) -> list[AddedArticle]:
    """The articles this batch added: the stored rows whose path is in its folder (another
    writer's articles, and ones stored before, have other paths)."""
    snapshot = open_store(store)
    columns = ["article_id", "title", "source_id", "source_name", "source_name_en", "published",
               "published_origin", "flags", "path"]
    rows = snapshot.arrow(ARTICLES, columns, pc.starts_with(pc.field("path"), pattern=str(folder) + "/")).to_pylist()
    ids = [r["article_id"] for r in rows]
    kinds: dict[str, Counter[str]] = {i: Counter() for i in ids}
    if ids:
        claims = snapshot.arrow(CLAIMS, ["article_id", "kind"], pc.field("article_id").isin(ids))
        for article_id, kind in zip(claims.column("article_id").to_pylist(), claims.column("kind").to_pylist()):
            kinds[article_id][kind] += 1
    prefix = str(folder) + "/"
    out = []
    for r in sorted(rows, key=lambda r: r["path"]):
        published = r["published"]
        out.append(AddedArticle(
            article_id=r["article_id"], title=r["title"], source_id=r["source_id"],
            outlet=r["source_name"] or r["source_name_en"] or r["source_id"],
            published=published.date() if isinstance(published, datetime) else published,
            published_origin=r["published_origin"] or "unknown", claims=sum(kinds[r["article_id"]].values()),
            kinds=dict(kinds[r["article_id"]].most_common()), flags=r.get("flags") or "",
            path=r["path"].removeprefix(prefix)))
    return out
