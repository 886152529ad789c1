"""Stories across outlets: articles that report the same event or statement, grouped.

Two articles are linked when
- their texts are near-duplicates: the Jaccard similarity of their word pairs
  (normalised Arabic), estimated by `datasketch` MinHash signatures, is at least
  `settings.STORY_TEXT_SIMILARITY` (a paraphrase of one agency statement scores
  0.15-0.6; two articles of this corpus on different events 0.01-0.1; two articles of one
  outlet, which share its boilerplate, `settings.STORY_SAME_OUTLET_SIMILARITY`) - rule `text`;
- or they carry the same figures (`settings.STORY_MIN_SHARED_FIGURES` distinct
  kind+value pairs of their claims), or one shared figure and a weaker text
  similarity (`settings.STORY_WEAK_TEXT_SIMILARITY`) - rule `figures`;
and, when both are dated, their dates are at most `settings.STORY_MAX_DAYS` apart.
Links are taken strongest first; a link that would make a story's dated articles
span more than `STORY_MAX_DAYS` is refused, so an undated article cannot chain two
different events together. A story is a connected group of two or more articles;
its id is `s` + the smallest article id in it.

An undated article in a story with dated articles takes the story's date (the date
most of them carry, the earliest on a tie): `story_date`, with `story_basis` naming
the articles and outlets it came from. Reads apply it (lib.store.overlay):
`published_origin = "inferred"`, `published_basis` = the basis.

Stored in the store: `STORE/story_signatures/` (each article's MinHash signature,
computed once, when the article first comes: an update hashes only the new articles),
`STORE/stories/` (one row per article in a story, replaced when the grouping
changes) and `STORE/story_claims/` (the claims of the articles dated by their story,
extracted against that date once, so "last year" in them resolves without re-reading
them on every load). `update_stories(store)` runs after every ingest and rebuild, and after an
analyst changes an article's date or outlet. Candidate pairs come from banding the
signatures (locality-sensitive hashing, `STORY_LSH_ROWS` rows a band) and from the
figures the articles share, so the cost grows with the number of similar pairs, not
with the square of the articles.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable, write_deltalake

from lib import settings
from lib.store.delta import Store, is_store, open_store
from lib.store.schema import (ARTICLES, CLAIM_COLUMNS, CLAIMS, CLAIMS_SCHEMA, SIGNATURES, STORIES, STORY_CLAIMS,
                              STORY_TABLE_COLUMNS, coerce_claims, to_arrow)

__all__ = ["STORY_TABLE_COLUMNS", "update_stories", "group_stories", "signatures_of", "StoryUpdate"]

STORIES_SCHEMA = pa.schema([(c, pa.string()) for c in STORY_TABLE_COLUMNS])
SIGNATURES_SCHEMA = pa.schema([("article_id", pa.string()), ("minhash", pa.binary())])
STORY_CLAIMS_SCHEMA = CLAIMS_SCHEMA.append(pa.field("dated_as", pa.string()))
_WORD = re.compile(r"\w+")
_TEXT, _FIGURES = "text", "figures"


@dataclass
class StoryUpdate:
    """What one update did."""

    hashed: int = 0  # articles whose signature was computed now
    articles: int = 0  # articles in a story
    stories: int = 0
    inferred: int = 0  # undated articles given their story's date
    extracted: int = 0  # of them, articles whose claims were extracted against it now
    changed: bool = False  # a new version of the stories table was committed
    grouped: bool = False  # the articles were regrouped (not only hashed)
    seconds_hashing: float = 0.0
    seconds_grouping: float = 0.0


# --------------------------------------------------------------------------- signatures
def signatures_of(texts: list[str]) -> np.ndarray:
    """MinHash signatures (one row of `STORY_NUM_PERM` uint32 per text) of the texts' word pairs."""
    from datasketch import MinHash

    from lib.text.textnorm import normalize

    shingles = []
    for text in texts:
        words = _WORD.findall(normalize(text or ""))
        pairs = {f"{a} {b}".encode("utf-8") for a, b in zip(words, words[1:])} or {b""}
        shingles.append(list(pairs))
    hashes = MinHash.bulk(shingles, num_perm=settings.STORY_NUM_PERM, seed=1)
    out = np.empty((len(texts), settings.STORY_NUM_PERM), dtype=np.uint32)
    for i, m in enumerate(hashes):
        out[i] = m.hashvalues.astype(np.uint32)
    return out


def _stored_signatures(path: Path) -> tuple[list[str], np.ndarray]:
    where = path / SIGNATURES
    if not DeltaTable.is_deltatable(str(where)):
        return [], np.zeros((0, settings.STORY_NUM_PERM), dtype=np.uint32)
    table = DeltaTable(str(where)).to_pyarrow_dataset().to_table()
    ids = table.column("article_id").to_pylist()
    blobs = table.column("minhash").to_pylist()
    perm = settings.STORY_NUM_PERM
    sigs = np.zeros((len(ids), perm), dtype=np.uint32)
    keep = []
    for i, blob in enumerate(blobs):
        row = np.frombuffer(blob, dtype="<u4")
        if len(row) == perm:  # signatures made with another STORY_NUM_PERM are made again
            sigs[i] = row
            keep.append(i)
    return [ids[i] for i in keep], sigs[keep]


def _commit_table(path: Path, name: str, schema: pa.Schema, table: pa.Table, mode: str, **meta: object) -> None:
    """Write `table` to the stories' Delta table `name` (created with `schema` the first time)
    in one commit: "append" or "overwrite"; `meta` (op=..., counts) goes in the commit's info."""
    from lib.store.writer import TABLE_CONFIG, WRITER_PROPERTIES, commit_properties

    where = str(path / name)
    if not DeltaTable.is_deltatable(where):
        DeltaTable.create(where, schema, mode="ignore", configuration=TABLE_CONFIG,
                          commit_properties=commit_properties(op="create"))
    write_deltalake(where, table, mode=mode, writer_properties=WRITER_PROPERTIES,
                    commit_properties=commit_properties(**meta))


def _append_signatures(path: Path, ids: list[str], sigs: np.ndarray) -> None:
    table = pa.table({"article_id": pa.array(ids, pa.string()),
                      "minhash": pa.array([row.astype("<u4").tobytes() for row in sigs], pa.binary())})
    _commit_table(path, SIGNATURES, SIGNATURES_SCHEMA, table, "append", op="signatures", added=len(ids))


# --------------------------------------------------------------------------- grouping
def _candidate_pairs(sigs: np.ndarray) -> np.ndarray:
    """Pairs (i < j) whose signatures agree on a whole band of `STORY_LSH_ROWS` rows, in some band.

    Within a band's bucket, members are paired with their next `STORY_LSH_NEIGHBOURS` in an
    order shuffled per band rather than all to all: a bucket of s articles gives at most
    s*k pairs, not s(s-1)/2 (all of them in a bucket of k+1 or fewer), and over the bands
    each pair of a bigger bucket is met with high probability (two articles of one story
    agree on many bands). A bucket over `STORY_MAX_BUCKET` (boilerplate) is skipped."""
    n, perm = sigs.shape
    rows = settings.STORY_LSH_ROWS
    rng = np.random.default_rng(0)
    found = []
    for start in range(0, perm - rows + 1, rows):
        # one sort on (bucket, random): the bucket's hash in the high 40 bits, a shuffle in the low 24
        key = _band_hash(sigs[:, start:start + rows]) >> np.uint64(24)
        order = np.argsort((key << np.uint64(24)) | rng.integers(0, 1 << 24, n, dtype=np.uint64))
        k = key[order]
        same = k[1:] == k[:-1]
        if not same.any():
            continue
        # bucket sizes, to leave out the big ones
        starts = np.flatnonzero(np.r_[True, ~same])
        sizes = np.diff(np.r_[starts, n])
        size_of = np.repeat(sizes, sizes)
        small = size_of <= settings.STORY_MAX_BUCKET
        for shift in range(1, settings.STORY_LSH_NEIGHBOURS + 1):
            ok = (k[shift:] == k[:-shift]) & small[shift:]
            if not ok.any():
                break
            a, b = order[:-shift][ok], order[shift:][ok]
            found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    codes = np.sort(pairs[:, 0] * n + pairs[:, 1])  # sorted, then the repeats dropped (cheaper than np.unique)
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.stack([codes // n, codes % n], axis=1)


def _band_hash(band: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of a band (splitmix64's mixer over its values: every bit of
    every value reaches every bit of the hash, so any 40 of them make a bucket key)."""
    h = np.zeros(len(band), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in band.T:
            h ^= col.astype(np.uint64)
            h += np.uint64(0x9E3779B97F4A7C15)
            h ^= h >> np.uint64(30)
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(27)
            h *= np.uint64(0x94D049BB133111EB)
            h ^= h >> np.uint64(31)
    return h


def _similarity(sigs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The estimated Jaccard similarity of each pair (the share of equal signature rows); 0 for a
    pair with no equal row among the first 32 (at similarity 0.13 that happens 1% of the time)."""
    out = np.zeros(len(pairs), dtype=np.float32)
    step = 65_536
    first = min(32, sigs.shape[1])
    floor = settings.STORY_WEAK_TEXT_SIMILARITY / 2
    for s in range(0, len(pairs), step):
        p = pairs[s:s + step]
        # a first estimate on 32 rows leaves out the pairs far below any threshold (most of them)
        rough = (sigs[p[:, 0], :first] == sigs[p[:, 1], :first]).mean(axis=1)
        keep = np.flatnonzero(rough >= floor)
        q = p[keep]
        out[s + keep] = (sigs[q[:, 0]] == sigs[q[:, 1]]).mean(axis=1)
    return out


def _figure_pairs(figures: dict[int, set[str]], days: np.ndarray) -> dict[tuple[int, int], int]:
    """Pairs of dated articles within `STORY_MAX_DAYS` of each other sharing figures: pair -> how many."""
    by_figure: dict[str, list[int]] = defaultdict(list)
    for i, figs in figures.items():
        if days[i] is not None:
            for f in figs:
                by_figure[f].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    window = settings.STORY_MAX_DAYS
    for members in by_figure.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: days[i])
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if days[j] - days[i] > window:
                    break
                shared[(min(i, j), max(i, j))] += 1
    return shared


class _Groups:
    """Union-find whose groups keep the span of their dated members."""

    def __init__(self, days: list[int | None]) -> None:
        self.parent = list(range(len(days)))
        self.lo = list(days)
        self.hi = list(days)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        lo = [d for d in (self.lo[a], self.lo[b]) if d is not None]
        hi = [d for d in (self.hi[a], self.hi[b]) if d is not None]
        if lo and max(hi) - min(lo) > settings.STORY_MAX_DAYS:
            return False
        self.parent[b] = a
        self.lo[a], self.hi[a] = (min(lo), max(hi)) if lo else (None, None)
        return True


def group_stories(ids: list[str], sigs: np.ndarray, published: list[pd.Timestamp | None], outlets: list[str | None],
                  figures: dict[int, set[str]]) -> pd.DataFrame:
    """The stories of the articles `ids` (row-aligned with their signatures, dates, outlets and
    figure sets): STORY_TABLE_COLUMNS, one row per article in a story of two or more."""
    days = [None if p is None or pd.isna(p) else int(pd.Timestamp(p).value // 86_400_000_000_000) for p in published]
    day_arr = np.array(days, dtype=object)
    pairs = _candidate_pairs(sigs) if len(ids) > 1 else np.zeros((0, 2), dtype=np.int64)
    sim = _similarity(sigs, pairs)
    keep = sim >= min(settings.STORY_WEAK_TEXT_SIMILARITY, settings.STORY_TEXT_SIMILARITY)
    pairs, sim = pairs[keep], sim[keep]
    edges: dict[tuple[int, int], tuple[float, str]] = {}
    for (i, j), s in zip(pairs.tolist(), sim.tolist()):
        # an outlet's own articles share its boilerplate: they need a higher similarity
        same_outlet = outlets[i] is not None and outlets[i] == outlets[j]
        if s >= (settings.STORY_SAME_OUTLET_SIMILARITY if same_outlet else settings.STORY_TEXT_SIMILARITY):
            edges[(i, j)] = (s, _TEXT)
    weak = {(i, j): s for (i, j), s in zip(pairs.tolist(), sim.tolist()) if s >= settings.STORY_WEAK_TEXT_SIMILARITY}
    for pair, n in _figure_pairs(figures, day_arr).items():
        if n >= settings.STORY_MIN_SHARED_FIGURES or (n >= 1 and pair in weak):
            s, rule = edges.get(pair, (0.0, None))
            edges[pair] = (max(s, weak.get(pair, 0.0)) + n, f"{_TEXT}+{_FIGURES}" if rule else _FIGURES)
    groups = _Groups(days)
    rules: dict[int, set[str]] = defaultdict(set)
    for (i, j), (_strength, rule) in sorted(edges.items(), key=lambda e: -e[1][0]):
        if days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > settings.STORY_MAX_DAYS:
            continue
        if groups.join(i, j):
            for k in (i, j):
                rules[k].update(rule.split("+"))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        members[groups.find(i)].append(i)
    rows = []
    for group in members.values():
        if len(group) < 2:
            continue
        story_id = "s" + min(ids[i] for i in group)
        dated = [i for i in group if days[i] is not None]
        date_text = basis = None
        if dated:
            counts = Counter(days[i] for i in dated)
            best = min(counts, key=lambda d: (-counts[d], d))
            date_text = pd.Timestamp(best * 86_400_000_000_000).date().isoformat()
            sources = sorted((ids[i], outlets[i] or "unknown") for i in dated if days[i] == best)
            basis = (f"the date of its story {story_id}, reported on {date_text} by "
                     + ", ".join(f"{a} ({o})" for a, o in sources))
        for i in group:
            rule = "+".join(r for r in (_TEXT, _FIGURES) if r in rules[i]) or _TEXT
            undated = days[i] is None and date_text is not None
            rows.append({"article_id": ids[i], "story_id": story_id, "story_rule": rule,
                         "story_date": date_text if undated else None, "story_basis": basis if undated else None})
    out = pd.DataFrame(rows, columns=STORY_TABLE_COLUMNS)
    return out.sort_values(["story_id", "article_id"]).reset_index(drop=True)


# --------------------------------------------------------------------------- the store
def _articles_for_grouping(snapshot: Store) -> pd.DataFrame:
    """Every article's id, outlet and date (the analysts' corrections applied, not the stories)."""
    from lib.store.overlay import overlay_of

    table = snapshot.dataset(ARTICLES).to_table(columns=["article_id", "source_id", "published"])
    patched = overlay_of(snapshot, stories=False).patch_articles(table, ["article_id", "source_id", "published"])
    return patched.to_pandas()


def _figures(snapshot: Store, index: dict[str, int]) -> dict[int, set[str]]:
    claims = snapshot.dataset(CLAIMS).to_table(columns=["article_id", "kind", "value"],
                                               filter=pc.field("value").is_valid())
    out: dict[int, set[str]] = defaultdict(set)
    for article_id, kind, value in zip(*(claims.column(c).to_pylist() for c in ("article_id", "kind", "value"))):
        i = index.get(article_id)
        if i is not None:
            out[i].add(f"{kind}:{value:g}")
    return out


def update_stories(store: str | Path, *, extract_again: bool = False, regroup: bool | None = True) -> StoryUpdate:
    """Hash the articles not hashed yet, regroup every article into stories, and commit the
    stories table when the grouping changed; the claims of articles newly dated by their story
    are extracted against that date (all of them with `extract_again`: after a rebuild, whose
    rules may have changed). `regroup` False: only hash; None: regroup only if the store holds
    at most `settings.STORY_REGROUP_EACH_COMMIT_MAX` articles (an ingest's commits; the run then
    regroups once at its end). Takes the store's write lock (so it refuses in read-only mode,
    lib.store.access)."""
    import time

    from lib.store.writer import StoreWriter

    path = Path(store)
    report = StoryUpdate()
    writer = StoreWriter(path)
    with writer.locked():
        if not is_store(path):
            return report
        snapshot = open_store(path)
        started = time.perf_counter()
        signed, sigs = _stored_signatures(path)
        known = set(signed)
        stored_ids = snapshot.article_ids().to_pylist()
        missing = [a for a in stored_ids if a not in known]
        for start in range(0, len(missing), settings.INGEST_BATCH_SIZE):
            chunk = pa.array(missing[start:start + settings.INGEST_BATCH_SIZE], pa.string())
            texts = snapshot.dataset(ARTICLES).to_table(columns=["article_id", "text"],
                                                        filter=pc.field("article_id").isin(chunk))
            new_ids = texts.column("article_id").to_pylist()
            new_sigs = signatures_of(texts.column("text").to_pylist())
            _append_signatures(path, new_ids, new_sigs)
            signed, sigs = signed + new_ids, np.concatenate([sigs, new_sigs])
            report.hashed += len(new_ids)
        report.seconds_hashing = time.perf_counter() - started
        if regroup is False or (regroup is None and len(stored_ids) > settings.STORY_REGROUP_EACH_COMMIT_MAX):
            return report  # hashed only: the caller regroups at the end of its run
        report.grouped = True
        started = time.perf_counter()
        articles = _articles_for_grouping(snapshot)
        at = {a: i for i, a in enumerate(signed)}
        rows = [at[a] for a in articles["article_id"]]
        ids = articles["article_id"].tolist()
        index = {a: i for i, a in enumerate(ids)}
        published = [None if pd.isna(p) else p for p in articles["published"]]
        grouped = group_stories(ids, sigs[rows], published, articles["source_id"].tolist(), _figures(snapshot, index))
        report.seconds_grouping = time.perf_counter() - started
        report.articles, report.stories = len(grouped), grouped["story_id"].nunique()
        report.inferred = int(grouped["story_date"].notna().sum())
        report.extracted = _refresh_story_claims(path, snapshot, grouped, extract_again)
        current = snapshot.stories()
        if not _same(current, grouped):  # after its claims: a read finds them ready
            _write_stories(path, grouped)
            report.changed = True
    return report


def _refresh_story_claims(path: Path, snapshot: Store, grouped: pd.DataFrame, again: bool) -> int:
    """Keep STORE/story_claims the claims of the articles dated by their story, extracted against
    that date (`dated_as`; an article with no claim has one row without a claim_id, so it is not
    extracted again). Only articles newly dated, or dated otherwise, are extracted. Returns how many."""
    from lib.store.overlay import extract_dated

    where = str(path / STORY_CLAIMS)
    dated = {r.article_id: r.story_date for r in grouped.itertuples() if isinstance(r.story_date, str)}
    exists = DeltaTable.is_deltatable(where)
    stored = DeltaTable(where).to_pyarrow_dataset().to_table() if exists else STORY_CLAIMS_SCHEMA.empty_table()
    have = dict(zip(stored.column("article_id").to_pylist(), stored.column("dated_as").to_pylist()))
    todo = sorted(a for a, d in dated.items() if again or have.get(a) != d)
    gone = {a for a in have if a not in dated}
    if not todo and not gone:
        return 0
    keep = stored.filter(pc.invert(pc.is_in(stored.column("article_id"),
                                            value_set=pa.array(sorted(gone | set(todo)), pa.string()))))
    texts = snapshot.dataset(ARTICLES).to_table(columns=["article_id", "source_id", "text"],
                                                filter=pc.field("article_id").isin(pa.array(todo, pa.string())))
    rows: list[dict] = []
    for article_id, source_id, text in zip(*(texts.column(c).to_pylist() for c in ("article_id", "source_id", "text"))):
        found = extract_dated(text or "", article_id, source_id, pd.Timestamp(dated[article_id]))
        if found is None:
            continue  # a read extracts it (and fails the same way: the stored claims stay)
        marks = found or [{"article_id": article_id}]
        rows.extend({**claim, "dated_as": dated[article_id]} for claim in marks)
    new = to_arrow(coerce_claims(pd.DataFrame(rows)), CLAIM_COLUMNS).append_column(
        "dated_as", pa.array([r["dated_as"] for r in rows], pa.string()))
    table = pa.concat_tables([keep.cast(STORY_CLAIMS_SCHEMA), new.cast(STORY_CLAIMS_SCHEMA)])
    _commit_table(path, STORY_CLAIMS, STORY_CLAIMS_SCHEMA, table, "overwrite", op="story_claims", extracted=len(todo))
    return len(todo)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if len(a) != len(b):
        return False
    if not len(a):
        return True
    key = ["article_id"]
    x = a[STORY_TABLE_COLUMNS].sort_values(key).reset_index(drop=True).astype(object)
    y = b[STORY_TABLE_COLUMNS].sort_values(key).reset_index(drop=True).astype(object)
    return bool(x.where(x.notna(), None).equals(y.where(y.notna(), None)))


def _write_stories(path: Path, grouped: pd.DataFrame) -> None:
    table = pa.Table.from_pandas(grouped.astype(object).where(grouped.notna(), None), schema=STORIES_SCHEMA,
                                 preserve_index=False).replace_schema_metadata(None)
    _commit_table(path, STORIES, STORIES_SCHEMA, table, "overwrite", op="stories", articles=len(grouped))
