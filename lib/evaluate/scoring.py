"""The scores: gold records found among the store's articles, their items matched
to the claims (lib.evaluate.match), counted per kind and per qualifier."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pandas as pd

from lib.evaluate.gold import EXTRA_KINDS, KINDS, GoldItem, GoldRecord, items_of, load_gold
from lib.evaluate.match import Claim, _day, checks, match_kind
from lib.evaluate.results import EXTRA_QUALIFIERS, QUALIFIERS, Finding, KindScore, Report, Share

# ---------------------------------------------------------------- articles
def _url_key(url: Any) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    u = unquote(url.strip()).casefold()
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\d?\.", "", u)
    return u.rstrip("/")


def _find_article(rec: GoldRecord, by_path: dict[str, int], by_url: dict[str, int]) -> int | None:
    name = rec.file.replace("\\", "/").lstrip("/")
    for path, i in by_path.items():
        if path == name or path.endswith("/" + name):
            return i
    key = _url_key(rec.url)
    return by_url.get(key) if key else None


def _compact(text: Any) -> str:
    return re.sub(r"[\W_]+", "", str(text).casefold()) if isinstance(text, str) else ""


def _outlet_right(rec: GoldRecord, art: pd.Series) -> bool:
    if rec.source_id:
        return art.get("source_id") == rec.source_id
    want = _compact(rec.outlet)
    if not want:
        return True
    if want in (_compact(art.get("source_name")), _compact(art.get("source_name_en"))):
        return True
    from lib.ingest.outlets import slugify

    return slugify(rec.outlet or "") == art.get("source_id")


def _claim_label(c: Claim) -> str:
    bits = [str(c.get("kind"))]
    for k in ("value", "low", "high"):
        v = c.get(k)
        if v is not None and not pd.isna(v):
            bits.append(f"{k}={float(v):g}")
    for k in ("qualifier", "when", "status", "place_id", "actor"):
        v = c.get(k)
        if isinstance(v, str):
            bits.append(f"{k}={v}")
    ps, pe = _day(c.get("period_start")), _day(c.get("period_end"))
    if ps or pe:
        bits.append(f"period={ps}..{pe}")
    return " ".join(bits)


def _distractor_note(rec: GoldRecord, c: Claim) -> str:
    v = c.get("value")
    if v is None or pd.isna(v):
        return ""
    for d in rec.distractors:
        if d.get("value") == v:
            return f" [a distractor: {d.get('what', '')}]"
    return ""


# ---------------------------------------------------------------- scoring
def evaluate(records: list[GoldRecord], articles: pd.DataFrame, claims: pd.DataFrame) -> Report:
    """Score the claims of the articles the records name."""
    report = Report(kinds={k: KindScore() for k in (*KINDS, *EXTRA_KINDS)},
                    qualifiers={q: Share() for q in (*QUALIFIERS, *EXTRA_QUALIFIERS)}, records=len(records))
    articles = articles.reset_index(drop=True)
    by_path = {str(p).replace("\\", "/"): i for i, p in enumerate(articles["path"])}
    by_url = {k: i for i, u in enumerate(articles["url"]) if (k := _url_key(u))}
    claims_by_article = {aid: group for aid, group in claims.groupby("article_id", sort=False)} if len(claims) else {}
    for ri, rec in enumerate(records):
        items = items_of(rec.raw, ri)
        ai = _find_article(rec, by_path, by_url)
        if ai is None:
            report.findings.append(Finding("no article", "-", rec.file, "not in the store", ""))
            for g in items:
                report.kinds[g.kind].gold += 1
                report.findings.append(Finding("miss", g.kind, rec.file, g.label, g.evidence))
            continue
        report.articles_found += 1
        art = articles.iloc[ai]
        _tally(report.qualifiers["outlet"], _outlet_right(rec, art))
        got_day = _day(art.get("published"))
        if not _tally(report.qualifiers["date"], got_day == rec.published):
            report.findings.append(Finding("wrong date", "-", rec.file, f"gold {rec.published}, got {got_day}", ""))
        group = claims_by_article.get(art["article_id"])
        rows: list[Claim] = group.to_dict("records") if group is not None else []
        kinds = KINDS + (EXTRA_KINDS if rec.has_incidents else ())
        for kind in kinds:
            _score_kind(report, rec, kind, [g for g in items if g.kind == kind],
                        [c for c in rows if c.get("kind") == kind])
    return report


def _tally(share: Share, right: bool) -> bool:
    share.total += 1
    share.right += int(right)
    return right


def _score_kind(report: Report, rec: GoldRecord, kind: str, gold: list[GoldItem], claims: list[Claim]) -> None:
    score = report.kinds[kind]
    pairs, missed, spare = match_kind(gold, claims)
    score.gold += len(gold)
    score.gold_found += len(pairs)
    score.claims += len(claims)
    score.claims_right += len(claims) - len(spare)
    for g in missed:
        report.findings.append(Finding("miss", kind, rec.file, g.label, g.evidence))
    for c in spare:
        report.findings.append(Finding("false positive", kind, rec.file,
                                       _claim_label(c) + _distractor_note(rec, c), str(c.get("evidence", ""))))
    for pair in pairs:
        for name, right in checks(pair.gold, pair.claims[0], pair.by_end).items():
            if not _tally(report.qualifiers[name], right):
                report.findings.append(Finding(f"wrong {name}", kind, rec.file,
                                               f"gold {pair.gold.label} | got {_claim_label(pair.claims[0])}",
                                               str(pair.claims[0].get("evidence", ""))))


def evaluate_store(gold_paths: list[str | Path], store: str | Path, split: str = "all") -> Report:
    """Score the store at `store` against the gold files."""
    from lib.store.delta import open_store

    s = open_store(store, analysts=False)  # the extractor's output: analysts' corrections are gold, not output
    return evaluate(load_gold(gold_paths, split), s.articles(), s.claims())
