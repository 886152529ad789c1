"""Realistic synthetic `articles` and `claims` tables, for tests and the benchmark.

The dashboard has to stay fast and correct on a corpus far larger than the five
bundled seeds (the benchmark asks for 100,000 articles and 1,000,000 claims),
and its tests need tables with known contents before and independently of the
extractor. `generate()` builds both tables with the data contract's dtypes
(`lib.store.schema.coerce_*`), with the shapes real data has:

- outlets from the registry, a few of them much busier than the rest;
- figures that drift over time (troops 2000 -> 900 -> 2000 -> 1000 planned) and
  that outlets report differently (approx, "less than", "half of", ranges);
- the same figure carried by several outlets on the same day (a shared story);
- attack counts over periods (a month, a quarter, a year, "since the start of
  the month" running counts), vague strike counts ("dozens" = 24-99);
- base events at the gazetteer's bases, base counts ("3 of 8"), incidents with
  casualties at towns;
- every claim's evidence sentence is really in its article's text, at
  span_start:span_end, so the reader's highlighting can be tested.

Everything is drawn from a seeded generator: the same arguments give the same tables.
The kinds are the extractor's registered ones (lib.extract.registry), each as
often as data/reference/synthetic.json says (a kind it gives no weight, or has no
sentences for here, does not occur); the Arabic sentences and the places are in
that file too.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from lib.extract.registry import kind_names
from lib.reference import REFERENCE_DIR
from lib.store.schema import coerce_articles, coerce_claims

__all__ = ["generate", "OUTLETS", "PLACES"]

_REGISTRY = REFERENCE_DIR / "outlets.json"

_TEXTS = json.loads((REFERENCE_DIR / "synthetic.json").read_text(encoding="utf-8"))

# Used when the registry cannot be read (a stripped-down checkout): the seeds' outlets.
_FALLBACK_OUTLETS: list[tuple[str, str, str]] = [tuple(o) for o in _TEXTS["fallback_outlets"]]  # type: ignore[misc]


def _load_outlets(limit: int = 24) -> list[tuple[str, str, str]]:
    try:
        rows = json.loads(_REGISTRY.read_text(encoding="utf-8"))
        out = [(r["source_id"], r["name_ar"], r["name_en"]) for r in rows if r.get("name_ar") and r.get("name_en")]
        return out[:limit] or _FALLBACK_OUTLETS
    except (OSError, ValueError, KeyError, TypeError):
        return _FALLBACK_OUTLETS


OUTLETS: list[tuple[str, str, str]] = _load_outlets()

# (place_id, name_ar, name_en, lat, lon, geo_precision, is_base) - coordinates as in the gazetteer.
PLACES: list[tuple[str, str, str, float, float, str, bool]] = [tuple(p) for p in _TEXTS["places"]]  # type: ignore[misc]


def _kind_weights() -> dict[str, float]:
    """How often each registered kind occurs; a kind synthetic.json gives no weight never does."""
    weights = {k: float(_TEXTS["kind_weights"].get(k, 0.0)) for k in kind_names()}
    total = sum(weights.values())
    if abs(total - 1.0) > 1e-9:  # a kind registered or dropped since the weights were set
        weights = {k: w / total for k, w in weights.items()}
    return weights


KIND_WEIGHTS = _kind_weights()

# The "true" troop level the outlets report on, as it changes over time.
_TROOP_EPOCHS = [("2015-01-01", 2000), ("2019-10-15", 900), ("2020-03-01", 600), ("2021-01-01", 900),
                 ("2024-01-01", 2000), ("2025-06-01", 1400)]

_FILLER: list[str] = _TEXTS["filler"]
_TITLES: list[str] = _TEXTS["titles"]
# Lead-ins that make evidence sentences as long as real ones (~120-200 characters).
_LEADS: list[str] = _TEXTS["leads"]
_WHEN_AR: dict[str, str] = _TEXTS["troop_when"]
_STATUS_AR: dict[str, str] = _TEXTS["base_status"]
_STATUS_FLOW = ["established", "active", "reinforced", "active", "mentioned", "withdrawn", "closed", "handed_over"]


def _hex_id(prefix: str, i: int) -> str:
    return hashlib.blake2b(f"{prefix}{i}".encode(), digest_size=8).hexdigest()


def _troop_level(day: np.datetime64) -> int:
    level = _TROOP_EPOCHS[0][1]
    for start, value in _TROOP_EPOCHS:
        if day >= np.datetime64(start):
            level = value
    return level


def generate(n_articles: int = 200, n_claims: int = 2000, *, seed: int = 0,
             start: str = "2019-01-01", end: str = "2025-06-30",
             n_outlets: int | None = None, filler_sentences: tuple[int, int] = (2, 6)) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return `(articles, claims)` with about `n_claims` claims spread over `n_articles` articles.

    `filler_sentences` is the (min, max) number of non-claim sentences per article;
    the benchmark raises it so that article texts have a realistic length.
    """
    rng = np.random.default_rng(seed)
    outlets = OUTLETS[: n_outlets or len(OUTLETS)]
    # A few outlets carry most of the coverage (Zipf-like), as in real feeds.
    weights = 1.0 / np.arange(1, len(outlets) + 1) ** 0.9
    weights /= weights.sum()

    t0, t1 = np.datetime64(start, "D"), np.datetime64(end, "D")
    span = int((t1 - t0).astype(int))
    # Coverage grows towards the end of the period (news spikes, more outlets online).
    days = np.sort((rng.beta(2.2, 1.2, n_articles) * span).astype(int))
    published = t0 + days.astype("timedelta64[D]")
    outlet_idx = rng.choice(len(outlets), size=n_articles, p=weights)

    # Claims per article: at least one, mean n_claims / n_articles.
    mean = max(n_claims / max(n_articles, 1), 1.0)
    per_article = np.maximum(1, rng.poisson(mean, n_articles))
    # Trim/extend so the total matches the request exactly.
    diff = int(per_article.sum() - n_claims)
    if n_claims >= n_articles and diff != 0:
        order = rng.permutation(n_articles)
        i = 0
        while diff != 0:
            j = order[i % n_articles]
            if diff > 0 and per_article[j] > 1:
                per_article[j] -= 1
                diff -= 1
            elif diff < 0:
                per_article[j] += 1
                diff += 1
            i += 1
    total = int(per_article.sum())
    art_of_claim = np.repeat(np.arange(n_articles), per_article)
    kinds = np.array(list(KIND_WEIGHTS))
    kind = kinds[rng.choice(len(kinds), size=total, p=np.array(list(KIND_WEIGHTS.values())))]
    claim_pub = published[art_of_claim]

    # Shared stories: some claims copy an earlier claim of the same kind from another
    # article published within two days, as when several outlets carry one statement.
    share = rng.random(total) < 0.25

    cols: dict[str, list] = {k: [None] * total for k in (
        "value", "low", "high", "qualifier", "when", "actor", "target", "period_start", "period_end",
        "date_precision", "cumulative", "status", "of_total", "place_id", "place_ar", "place_en", "lat", "lon",
        "geo_precision", "killed", "injured", "arrested", "evidence")}
    last_by_kind: dict[str, int] = {}
    bases = [p for p in PLACES if p[6]]
    towns = [p for p in PLACES if not p[6]]
    base_state: dict[str, int] = {}

    for i in range(total):
        k = kind[i]
        day = claim_pub[i]
        prev = last_by_kind.get(k)
        if share[i] and prev is not None and art_of_claim[prev] != art_of_claim[i] and (day - claim_pub[prev]) <= np.timedelta64(2, "D"):
            for c in cols:
                cols[c][i] = cols[c][prev]
            last_by_kind[k] = i
            continue
        last_by_kind[k] = i
        r = rng.random()
        if k == "troops":
            level = _troop_level(day)
            when = "past" if r < 0.25 else ("planned" if r < 0.5 else "current")
            if when == "planned":
                level = int(level * rng.choice([0.5, 0.7, 0.5]))
            elif when == "past":
                level = _troop_level(day - np.timedelta64(int(rng.integers(200, 900)), "D"))
            q = rng.choice(["exact", "approx", "less_than", "more_than", "half_of", "range"], p=[0.35, 0.3, 0.12, 0.08, 0.05, 0.1])
            value, low, high = float(level), float(level), float(level)
            if q == "approx":
                value = low = high = float(round(level * rng.uniform(0.85, 1.15), -2))
            elif q == "less_than":
                low = None
                value = high = float(round(level * 1.1, -2))
            elif q in ("more_than",):
                high = None
                value = low = float(round(level * 0.9, -2))
            elif q == "range":
                low, high, value = float(round(level * 0.8, -2)), float(round(level * 1.2, -2)), None
            phr = _TEXTS["troop_figure"][q].format(level=int(level), value=int(value or 0), low=int(low or 0),
                                                   high=int(high or 0))
            cols["evidence"][i] = _TEXTS["troop_sentence"].format(when=_WHEN_AR[when], figure=phr)
            for c, v in (("value", value), ("low", low), ("high", high), ("qualifier", q), ("when", when), ("actor", "US")):
                cols[c][i] = v
        elif k in ("attacks", "strikes"):
            months = int(rng.choice([1, 3, 4, 12], p=[0.4, 0.25, 0.15, 0.2]))
            cumulative = k == "attacks" and rng.random() < 0.15
            month_start = day.astype("datetime64[M]")
            if cumulative:
                p_start, p_end, precision = month_start.astype("datetime64[D]"), day - np.timedelta64(1, "D"), "day"
                p_end = max(p_end, p_start)
            elif months == 12:
                year = day.astype("datetime64[Y]") - np.timedelta64(1, "Y")
                p_start = year.astype("datetime64[D]")
                p_end = (year + np.timedelta64(1, "Y")).astype("datetime64[D]") - np.timedelta64(1, "D")
                precision = "year"
            else:
                p_start = (month_start - np.timedelta64(months, "M")).astype("datetime64[D]")
                p_end = month_start.astype("datetime64[D]") - np.timedelta64(1, "D")
                precision = "month"
            n_days = int((p_end - p_start).astype(int)) + 1
            rate = 30 if k == "attacks" else 12  # per month
            count = max(1, int(rng.poisson(rate * n_days / 30.4)))
            if k == "strikes" and rng.random() < 0.5:
                value, low, high, q = None, 24.0, 99.0, "vague"
                phr = _TEXTS["vague_figure"]
            else:
                value = low = high = float(count)
                q, phr = "exact", str(count)
            actor, target = ("ISIS", rng.choice(["SDF", "Syrian government"])) if k == "attacks" else ("US", "ISIS")
            if cumulative:
                sentence = _TEXTS["running_count_sentence"].format(figure=phr)
            else:
                sentence = _TEXTS["count_sentence"].format(actor=_TEXTS["count_actors"][k], figure=phr,
                                                           noun=_TEXTS["count_nouns"][k], start=p_start, end=p_end)
            for c, v in (("value", value), ("low", low), ("high", high), ("qualifier", q), ("actor", actor), ("target", target),
                         ("period_start", p_start), ("period_end", p_end), ("date_precision", precision),
                         ("cumulative", bool(cumulative)), ("evidence", sentence)):
                cols[c][i] = v
        elif k == "base_status":
            if r < 0.12:  # a base count: "3 of 8 bases"
                total_bases = int(rng.integers(5, 12))
                n = int(rng.integers(1, total_bases))
                status = rng.choice(["closed", "withdrawn", "handed_over"])
                p_start = day.astype("datetime64[M]").astype("datetime64[D]")
                for c, v in (("value", float(n)), ("low", float(n)), ("high", float(n)), ("qualifier", "exact"),
                             ("status", status), ("of_total", float(total_bases)), ("period_start", p_start),
                             ("period_end", day), ("date_precision", "month"),
                             ("evidence", _TEXTS["base_count_sentence"].format(n=n, total=total_bases))):
                    cols[c][i] = v
            else:
                place = bases[int(rng.integers(0, len(bases)))]
                step = base_state.get(place[0], 0)
                if rng.random() < 0.3:
                    step = min(step + 1, len(_STATUS_FLOW) - 1)
                base_state[place[0]] = step
                status = _STATUS_FLOW[step] if rng.random() < 0.85 else "mentioned"
                event = day - np.timedelta64(int(rng.integers(0, 20)), "D")
                known = rng.random() < 0.8
                for c, v in (("status", status), ("place_id", place[0]), ("place_ar", place[1]), ("place_en", place[2]),
                             ("lat", place[3]), ("lon", place[4]), ("geo_precision", place[5]),
                             ("period_start", event if known else None), ("period_end", event if known else None),
                             ("date_precision", "day" if known else "unknown"),
                             ("evidence", _STATUS_AR[status].format(p=place[1]) + ".")):
                    cols[c][i] = v
        elif k == "incident":
            place = towns[int(rng.integers(0, len(towns)))]
            event = day - np.timedelta64(int(rng.integers(0, 4)), "D")
            killed = int(rng.poisson(1.5)) if rng.random() < 0.8 else None
            injured = int(rng.poisson(2)) if rng.random() < 0.6 else None
            arrested = int(rng.poisson(3)) if rng.random() < 0.25 else None
            told = {"killed": killed, "injured": injured, "arrested": arrested}
            parts = [_TEXTS["casualties"][c].format(n=n) for c, n in told.items() if n is not None]
            what = _TEXTS["casualty_joiner"].join(parts) or _TEXTS["no_casualties"]
            for c, v in (("actor", "ISIS"), ("target", rng.choice(["SDF", "Syrian government"])),
                         ("period_start", event), ("period_end", event), ("date_precision", "day"),
                         ("place_id", place[0]), ("place_ar", place[1]), ("place_en", place[2]),
                         ("lat", place[3]), ("lon", place[4]), ("geo_precision", place[5]),
                         ("killed", killed), ("injured", injured), ("arrested", arrested),
                         ("evidence", _TEXTS["incident_sentence"].format(place=place[1], what=what))):
                cols[c][i] = v

    # Longer, varied sentences: a random lead before each.
    for i in range(total):
        lead = _LEADS[int(rng.integers(0, len(_LEADS)))]
        if lead and cols["evidence"][i]:
            cols["evidence"][i] = lead + " " + cols["evidence"][i]

    # Article texts: title, the claims' sentences among filler, with exact offsets.
    article_ids = [_hex_id("a", i) for i in range(n_articles)]
    titles = [_TITLES[int(x)] for x in rng.integers(0, len(_TITLES), n_articles)]
    texts: list[str] = []
    span_start = np.zeros(total, dtype=np.int64)
    span_end = np.zeros(total, dtype=np.int64)
    lo, hi = filler_sentences
    n_fill = rng.integers(lo, hi + 1, n_articles)
    fill_pick = rng.integers(0, len(_FILLER), int(n_fill.sum()) + 1)
    fp = 0
    first = np.concatenate([[0], np.cumsum(per_article)[:-1]])
    for a in range(n_articles):
        pos = len(titles[a]) + 2  # title, blank line
        body: list[str] = []
        for j in range(first[a], first[a] + per_article[a]):
            if fp < len(fill_pick) and rng.random() < 0.5:
                s = _FILLER[fill_pick[fp]]
                fp += 1
                body.append(s)
            body.append(cols["evidence"][j])
        for _ in range(int(n_fill[a]) // 2):
            body.append(_FILLER[fill_pick[fp % len(fill_pick)]])
            fp += 1
        j = first[a]
        text_parts: list[str] = []
        for s in body:
            if j < first[a] + per_article[a] and s == cols["evidence"][j]:
                span_start[j], span_end[j] = pos, pos + len(s)
                j += 1
            text_parts.append(s)
            pos += len(s) + 1
        texts.append(titles[a] + "\n\n" + "\n".join(text_parts))

    # A few articles have no known publication date (real inputs do).
    pub_series = pd.Series(published.astype("datetime64[ns]"))
    unknown = rng.random(n_articles) < 0.01
    pub_series[unknown] = pd.NaT
    articles = pd.DataFrame({
        "article_id": article_ids,
        "source_id": [outlets[i][0] for i in outlet_idx],
        "source_name": [outlets[i][1] for i in outlet_idx],
        "source_name_en": [outlets[i][2] for i in outlet_idx],
        "url": [f"https://example.org/{outlets[i][0]}/{aid}" for i, aid in zip(outlet_idx, article_ids)],
        "title": titles,
        "published": pub_series,
        "published_origin": np.where(unknown, "unknown", "stated"),
        "text": texts,
        "path": [f"synthetic/{aid}.txt" for aid in article_ids],
    })
    claims = pd.DataFrame(cols)
    claims.insert(0, "claim_id", [f"{article_ids[a]}-{i - first[a]}" for i, a in enumerate(art_of_claim)])
    claims.insert(1, "article_id", [article_ids[a] for a in art_of_claim])
    claims.insert(2, "source_id", articles["source_id"].to_numpy()[art_of_claim])
    claims.insert(3, "published", pub_series.to_numpy()[art_of_claim])
    claims.insert(4, "kind", kind)
    claims["span_start"] = span_start
    claims["span_end"] = span_end
    for c in ("period_start", "period_end"):
        claims[c] = pd.to_datetime(pd.Series(claims[c], dtype="object"), errors="coerce")
    return coerce_articles(articles), coerce_claims(claims)
