"""Filters, stories, the per-page queries and outlet comparisons, and the compact corpus over a store."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from _dashboard_data import seedlike_tables, write_store
from lib.dashboard import compact, compact_build, compare
from lib.dashboard import corpus as corpus_mod
from lib.dashboard import queries as q
from lib.dashboard import views
from lib.dashboard.filters import Filters, claim_mask
from lib.dashboard.stories import assign_stories
from lib.store.schema import CLAIM_COLUMNS, coerce_articles, coerce_claims
from lib.synthetic import generate



def all_claim_ids(cp) -> list[str]:
    return list(cp.claim_rows.take(np.arange(len(cp.claim_rows)), ["claim_id"])["claim_id"])


def rows_of(cp, claim_ids):
    ids = all_claim_ids(cp)
    return [ids.index(c) for c in claim_ids]


def claim_ids(cp, df):
    ids = all_claim_ids(cp)
    return {ids[i] for i in df.index}


# ---------------------------------------------------------------------- filters
def test_outlet_filter_keeps_only_that_outlet(seedlike):
    m = claim_mask(seedlike.claims, Filters(outlets=("enabbaladi",)))
    assert set(seedlike.claims.loc[m, "source_id"].astype(str)) == {"enabbaladi"}
    assert m.sum() == 3


def test_date_filter_is_inclusive_and_drops_undated_claims():
    articles, claims = seedlike_tables()
    claims.loc[claims.claim_id == "c13", "published"] = pd.NaT
    cp = corpus_mod.from_frames(articles, claims)
    everything = claim_mask(cp.claims, Filters())
    assert everything.all(), "no date filter keeps undated claims"
    day = claim_mask(cp.claims, Filters(start=date(2025, 5, 28), end=date(2025, 5, 28)))
    assert set(cp.claims.loc[day, "source_id"].astype(str)) == {"eremnews"}
    upto = claim_mask(cp.claims, Filters(end=date(2025, 5, 27)))
    assert "c13" not in claim_ids(cp, cp.claims.loc[upto])
    assert "c2" in claim_ids(cp, cp.claims.loc[upto])


def test_kind_filter_and_empty_kinds(seedlike):
    m = claim_mask(seedlike.claims, Filters(kinds=("troops",)))
    assert set(seedlike.claims.loc[m, "kind"].astype(str)) == {"troops"}
    assert not claim_mask(seedlike.claims, Filters(kinds=())).any()


def test_filters_key_ignores_order():
    assert Filters(outlets=("b", "a")).key() == Filters(outlets=("a", "b")).key()


# ---------------------------------------------------------------------- stories
def _story_frame(days, sources, value=1000.0):
    n = len(days)
    return coerce_claims(pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(n)], "article_id": [f"a{i}" for i in range(n)],
        "source_id": sources, "published": days, "kind": ["troops"] * n, "value": [value] * n,
        "low": [value] * n, "high": [value] * n, "qualifier": ["exact"] * n, "when": ["planned"] * n,
        "actor": ["US"] * n}))


def test_same_figure_within_days_is_one_story_across_outlets():
    claims = _story_frame(["2025-05-27", "2025-05-27", "2025-05-28", "2025-06-20"], ["x", "y", "z", "x"])
    stories = assign_stories(coerce_claims(claims).assign(published=pd.to_datetime(claims.published)))
    assert stories[0] == stories[1] == stories[2]
    assert stories[3] != stories[0], "a re-report three weeks later is a new story"


def test_a_story_never_spans_more_than_a_week():
    days = pd.date_range("2025-01-01", periods=20, freq="D").strftime("%Y-%m-%d").tolist()
    claims = _story_frame(days, ["x", "y"] * 10)
    stories = assign_stories(claims.assign(published=pd.to_datetime(claims.published)))
    # Reported daily for 20 days: one chain, cut every 8 days (a story spans at most 7 days after its first).
    first = {s: i for i, s in reversed(list(enumerate(stories.tolist())))}
    assert [first[s] for s in stories.tolist()] == [0] * 8 + [8] * 8 + [16] * 4


def test_dedupe_counts_the_story_once_and_names_its_outlets(seedlike):
    m = claim_mask(seedlike.claims, Filters())
    df, info = q.attack_periods(seedlike.claims, m)
    strikes = df[df["kind"].astype(str) == "strikes"]
    assert len(strikes) == 1, "almodon and enabbaladi report the same 'dozens of strikes in 2024'"
    row = strikes.iloc[0]
    assert row["n_sources"] == 2 and set(row["sources"]) == {"almodon", "enabbaladi"}
    assert info["stories"] == 4


# ---------------------------------------------------------------------- attacks
def test_attack_rates_make_different_periods_comparable(seedlike):
    df, _ = q.attack_periods(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    rows = {claim: df.loc[rows_of(seedlike, [claim])[0]] for claim in ("c3", "c4", "c7")}
    assert rows["c3"]["rate"] == pytest.approx(130 / (120 / q.DAYS_PER_MONTH))  # Jan-Apr 2025: 120 days
    assert rows["c3"]["rate"] == pytest.approx(32.97, abs=0.05)
    assert rows["c4"]["rate"] == pytest.approx(150 / (366 / q.DAYS_PER_MONTH))  # 2024 is a leap year
    assert bool(rows["c7"]["cumulative"]) is True


def test_vague_counts_keep_their_range(seedlike):
    df, _ = q.attack_periods(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    strikes = df[df["kind"].astype(str) == "strikes"].iloc[0]
    assert (strikes["y_lo"], strikes["y_hi"]) == (24, 99)
    assert np.isnan(strikes["value"])


def test_counts_without_a_period_are_reported_not_drawn():
    articles, claims = seedlike_tables()
    claims.loc[claims.claim_id == "c3", ["period_start", "period_end"]] = pd.NaT
    cp = corpus_mod.from_frames(articles, claims)
    df, info = q.attack_periods(cp.claims, claim_mask(cp.claims, Filters()))
    assert info["undated"] == 1
    assert "c3" not in claim_ids(cp, df)


def test_incidents_have_day_and_casualties(seedlike):
    df, _ = q.incidents(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    assert len(df) == 1
    assert df.iloc[0]["day"] == pd.Timestamp("2025-05-19") and df.iloc[0]["casualties"] == 2


# ---------------------------------------------------------------------- troops
def test_troop_bounds_are_ranges_not_points(seedlike):
    df, _ = q.troop_points(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    less = df.loc[rows_of(seedlike, ["c2"])[0]]
    assert (less["y"], less["y_lo"], less["y_hi"]) == (1000, 0, 1000)
    half = df.loc[rows_of(seedlike, ["c13"])[0]]
    assert (half["y_lo"], half["y_hi"]) == (1000, 1000)


def test_more_than_is_open_upwards():
    claims = _story_frame(["2025-05-27"], ["x"])
    claims["qualifier"] = "more_than"
    claims["high"] = pd.NA
    cp = corpus_mod.from_frames(coerce_articles(pd.DataFrame({"article_id": ["a0"], "source_id": ["x"]})), claims)
    df, _ = q.troop_points(cp.claims, np.ones(1, bool))
    assert df.iloc[0]["y_lo"] == 1000 and np.isnan(df.iloc[0]["y_hi"])


# ---------------------------------------------------------------------- bases
def _base_claims(rows):
    return coerce_claims(pd.DataFrame([{
        "claim_id": f"b{i}", "article_id": f"a{art}", "source_id": src, "published": pub, "kind": "base_status",
        "status": status, "place_id": "tanf", "place_ar": "التنف", "place_en": "Al-Tanf", "lat": 33.5, "lon": 38.6,
        "geo_precision": "exact", "period_start": ev, "period_end": ev} for i, (art, src, pub, ev, status) in enumerate(rows)]))


def test_status_as_of_a_date():
    claims = _base_claims([
        (0, "x", "2024-01-10", "2024-01-05", "reinforced"),
        (1, "y", "2025-02-01", "2025-01-31", "withdrawn"),
        (2, "x", "2025-03-01", "2025-03-01", "mentioned"),  # a later bare mention does not undo the withdrawal
    ])
    arts = coerce_articles(pd.DataFrame({"article_id": ["a0", "a1", "a2"], "source_id": ["x", "y", "x"]}))
    cp = corpus_mod.from_frames(arts, claims)
    m = np.ones(len(cp.claims), bool)
    p, _ = q.base_status_asof(cp.claims, m, date(2024, 6, 1))
    assert p.iloc[0]["status"] == "reinforced" and p.iloc[0]["n_articles"] == 1
    p, hist = q.base_status_asof(cp.claims, m, date(2025, 6, 1))
    assert p.iloc[0]["status"] == "withdrawn" and p.iloc[0]["status_source"] == "y"
    assert p.iloc[0]["n_articles"] == 3 and len(hist) == 3
    p, _ = q.base_status_asof(cp.claims, m, date(2023, 1, 1))
    assert p.empty


def test_base_counts_are_not_points_on_the_map(seedlike):
    articles, claims = seedlike_tables()
    extra = claims.iloc[[9]].copy()
    extra[["claim_id", "status", "place_id", "place_ar", "place_en", "lat", "lon", "value", "of_total"]] = \
        ["c99", "closed", pd.NA, pd.NA, pd.NA, pd.NA, pd.NA, 3, 8]
    cp = corpus_mod.from_frames(articles, pd.concat([claims, extra], ignore_index=True))
    m = claim_mask(cp.claims, Filters())
    places, _ = q.base_status_asof(cp.claims, m, None)
    assert set(places["place_id"]) == {"omar_oil_field", "conoco_gas_field"}
    events = q.base_events(cp.claims, m)
    assert len(events) == 3 and events["of_total"].max() == 8


# ---------------------------------------------------------------------- overview and outlets
def test_overview_latest_figures(seedlike):
    stats = views.overview(seedlike, Filters(), "en")
    assert stats["articles"] == 4 and stats["outlets"] == 4
    # The latest level is never a plan: Erem News's "about 2000" (past) of 28 May, not its "about 1400"
    # (planned) of the same day; the plan is given apart, being as new as the level.
    assert stats["troops"]["claim_id"] == "c5" and stats["troops"]["outlet"] == "Erem News"
    assert stats["troop_plan"]["claim_id"] == "c6"
    assert stats["attacks"]["claim_id"] == "c3"  # not the running count c7
    assert stats["attacks"]["rate"] == pytest.approx(32.97, abs=0.05)


def test_disagreements_show_both_figures(seedlike):
    d = compare.disagreements(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    planned = d[d["quantity"].str.contains("planned")]
    assert set(planned["source_id"]) == {"almodon", "eremnews", "althawra"}
    assert planned["disagree"].all()  # 1400 vs 1000 vs less than 1000
    past = d[d["quantity"].str.contains("past")]
    assert set(past["source_id"]) == {"eremnews", "althawra"}
    assert not past["disagree"].any()  # "about 2000" and "2000" agree
    assert d.iloc[0]["disagree"], "conflicts come first"


def test_articles_by_month_and_search(seedlike):
    monthly = q.articles_by_month(seedlike.articles)
    assert monthly["articles"].sum() == 4 and set(monthly["month"]) == {pd.Timestamp("2025-05-01")}
    found, total = views.articles(seedlike, Filters(), "Enab")
    assert total == 1 and found.iloc[0]["source_id"] == "enabbaladi"
    found, total = views.articles(seedlike, Filters(), "قاعدتي العمر")  # in the text only
    assert total == 1 and found.iloc[0]["source_id"] == "althawra"


# ---------------------------------------------------------------------- corpus
def test_open_corpus_matches_the_frames_and_reads_the_text(tmp_path):
    articles, claims = generate(40, 400, seed=3)
    store = write_store(articles, claims, tmp_path / "store", batch=15)  # three commits: three files a table
    disk = corpus_mod.open_corpus(store)
    mem = corpus_mod.from_frames(articles, claims)
    assert len(disk.claim_rows.fragments) == 3
    assert disk.version != "memory"
    assert disk.claim_suffix is not None, "ids of the form <article_id>-<n> are rebuilt, not read"
    full = disk.full_claims(np.arange(len(claims)))
    assert list(full.columns) == list(CLAIM_COLUMNS)
    # The same rows as the frames (in the store's order), long columns read back from the store.
    order = full.set_index("claim_id").index.get_indexer(claims["claim_id"])
    assert (order >= 0).all()
    expect = claims.reset_index(drop=True)
    assert full["evidence"].iloc[order].tolist() == expect["evidence"].tolist()
    assert full["span_start"].iloc[order].tolist() == expect["span_start"].tolist()
    assert full["article_id"].iloc[order].tolist() == expect["article_id"].tolist()
    pd.testing.assert_frame_equal(
        disk.claims.drop(columns=["article_row", "story"]).iloc[order].reset_index(drop=True),
        mem.claims.drop(columns=["article_row", "story"]).reset_index(drop=True), check_categorical=False)
    # Evidence spans point into the article text, read from the store by the article's id.
    row = 5
    art = disk.article_row(full.loc[row, "article_id"])
    text = disk.article_text_of(art)
    assert text[full.loc[row, "span_start"]:full.loc[row, "span_end"]] == full.loc[row, "evidence"]
    f = Filters(outlets=tuple(disk.outlets["source_id"][:2]))
    a, b = views.attacks(disk, f, "en")[0], views.attacks(mem, f, "en")[0]
    assert sorted(a["claim_id"]) == sorted(b["claim_id"])
    assert dict(zip(a["claim_id"], a["evidence"])) == dict(zip(b["claim_id"], b["evidence"]))


def test_a_new_revision_has_a_new_version_and_its_rows(tmp_path):
    articles, claims = generate(22, 110, seed=2)
    old = articles["article_id"].iloc[:10]
    store = write_store(articles.iloc[:10], claims[claims["article_id"].isin(old)], tmp_path / "store")
    first = corpus_mod.open_corpus(store)
    write_store(articles, claims, store)  # adds the 12 articles not stored yet
    second = corpus_mod.open_corpus(store)
    assert second.version != first.version
    assert len(first.articles) == 10 and len(second.articles) == 22 and len(second.claims) == 110
    assert set(second.full_claims(np.arange(110))["claim_id"]) == set(claims["claim_id"])
    # The titles of the CSV files are read from the store for the rows asked.
    rows = second.with_titles(pd.DataFrame({"article_id": [articles["article_id"].iloc[3], None, "nope"], "x": 1}))
    assert list(rows.columns) == ["article_id", "title", "url", "x"]
    assert rows["title"].tolist() == [articles["title"].iloc[3], None, None]


def test_claims_the_store_does_not_show_stay_out(tmp_path):
    """Claims committed by another tool for an article that is not stored are never visible."""
    from deltalake import write_deltalake

    from lib.store.schema import ARTICLE_COLUMNS, to_arrow

    articles, claims = seedlike_tables()
    store = write_store(articles.iloc[:3], claims[claims["article_id"].isin(articles["article_id"].iloc[:3])],
                        tmp_path / "store")
    thawra = claims[claims["article_id"] == "a-thawra"]
    write_deltalake(str(store / "claims"), to_arrow(thawra, CLAIM_COLUMNS), mode="append")
    # A revision with no pairing recorded (another tool): claims are filtered to stored articles.
    write_deltalake(str(store / "articles"), to_arrow(articles.iloc[:0], ARTICLE_COLUMNS), mode="append")
    cp = corpus_mod.open_corpus(store)
    assert cp.claim_suffix is None  # ids such as "c1": read from the store
    assert len(cp.claims) == len(claims) - len(thawra) == len(cp.claim_rows)
    assert set(all_claim_ids(cp)) == set(claims["claim_id"]) - set(thawra["claim_id"])
    assert set(cp.provenance(cp.claims, "en")["article_id"]) == {"a-modon", "a-erem", "a-enab"}


# ---------------------------------------------------------------------- compact storage and its cache
def test_numbers_and_dates_are_held_compactly_and_read_back_exactly():
    articles, claims = generate(60, 3000, seed=5)
    cp = corpus_mod.from_frames(articles, claims)
    c = cp.claims
    for col in corpus_mod.SPARSE_FLOATS:
        assert isinstance(c[col].dtype, pd.SparseDtype), col
    for col in corpus_mod.CATEGORICAL_VALUES:
        assert isinstance(c[col].dtype, pd.CategoricalDtype), col
    # values() gives back exactly what the tables hold, for all rows or some.
    rows = np.array([5, 0, 2999, 17])
    for col in ["value", "low", "high", "of_total", "lat", "lon", "killed", "injured", "arrested"]:
        expect = claims[col].astype("float64").to_numpy(na_value=np.nan).astype(np.float32)
        np.testing.assert_array_equal(compact.values(c[col]), expect)
        np.testing.assert_array_equal(compact.values(c[col], rows), expect[rows])
    for col in ["published", "period_start", "period_end"]:
        expect = pd.to_datetime(claims[col]).to_numpy("datetime64[ns]")
        np.testing.assert_array_equal(compact.values(c[col], rows), expect[rows])
        days = expect.astype("datetime64[D]").view(np.int64)
        np.testing.assert_array_equal(compact.day_numbers(c[col]), days)
    # What the queries return is plain again (charts, CSV and tables never see the compact forms).
    df, _ = q.incidents(c, np.ones(len(c), bool))
    assert df["killed"].dtype == np.float32 and df["published"].dtype == "datetime64[ns]"
    events = q.base_events(c, np.ones(len(c), bool))
    assert events["of_total"].dtype == np.float32 and events["value"].dtype == np.float32
    full = cp.full_claims(rows)
    assert full["published"].tolist() == pd.to_datetime(claims["published"]).iloc[rows].tolist()


def test_compact_claims_take_under_50_bytes_each():
    cp = corpus_mod.from_frames(*generate(200, 20_000, seed=4))
    assert not {"evidence", "claim_id", "span_start", "span_end"} & set(cp.claims.columns)  # left in the store
    per_row = (cp.claims.memory_usage(deep=True).sum() + sum(v.nbytes for v in cp.orders.values())) / len(cp.claims)
    assert per_row < 50, f"{per_row:.0f} bytes per claim, sort orders included"


def test_many_distinct_values_stay_a_plain_array(monkeypatch):
    monkeypatch.setattr(compact_build, "_MAX_VALUE_CATEGORIES", 5)
    articles, claims = generate(40, 400, seed=3)
    cp = corpus_mod.from_frames(articles, claims)
    assert cp.claims["value"].dtype == np.float32  # more than 5 distinct figures
    assert cp.claims["published"].dtype == "datetime64[ns]"
    expect = claims["value"].astype("float64").to_numpy(na_value=np.nan).astype(np.float32)
    np.testing.assert_array_equal(cp.claims["value"].to_numpy(), expect)
    # The queries work on either form and agree (story ids are numbered from a hash of how the
    # values are held, and rows with equal sort keys may come in another order).
    monkeypatch.undo()
    ref = corpus_mod.from_frames(articles, claims)
    assert isinstance(ref.claims["value"].dtype, pd.CategoricalDtype)
    mask = np.ones(len(claims), bool)
    for query in (q.attack_periods, q.troop_points, q.incidents):
        pd.testing.assert_frame_equal(query(cp.claims, mask)[0].drop(columns="story").sort_index(),
                                      query(ref.claims, mask)[0].drop(columns="story").sort_index())
    pd.testing.assert_frame_equal(q.base_status_asof(cp.claims, mask, None)[0],
                                  q.base_status_asof(ref.claims, mask, None)[0])
    f = Filters(start=date(2023, 1, 1), end=date(2024, 6, 30))
    np.testing.assert_array_equal(claim_mask(cp.claims, f), claim_mask(ref.claims, f))


def test_a_claim_whose_article_is_missing_is_shown_without_one():
    """Claims older than their articles file (or tables written by hand) may name an
    article that is not there: they keep their evidence, with no article to link to,
    and never borrow another article's id or title."""
    articles, claims = seedlike_tables()
    missing = articles["article_id"].iloc[-1]
    cp = corpus_mod.from_frames(articles[articles["article_id"] != missing], claims)
    orphans = [i for i, cid in enumerate(claims["claim_id"]) if claims["article_id"].iloc[i] == missing]
    assert len(orphans) == 4  # al-Thawra's c10-c13
    said = cp.with_titles(cp.provenance(cp.claims.iloc[orphans], "en"))
    assert said["article_id"].isna().all() and said["title"].isna().all()
    assert said["evidence"].notna().all()
    assert set(cp.full_claims(orphans)["article_id"].isna()) == {True}
    listed, total = views.articles(cp, Filters(), "")
    assert total == len(articles) - 1
    kept = claims[claims["article_id"] != missing].groupby("article_id").size()
    assert dict(zip(listed["article_id"], listed["claims"])) == {a: kept.get(a, 0) for a in listed["article_id"]}


# ---------------------------------------------------------------------- reading rows from the store's files
def test_rows_take_reads_the_rows_asked_in_order_across_files_and_row_groups(tmp_path):
    import pyarrow as pa
    import pyarrow.dataset as pds
    import pyarrow.parquet as pq

    from lib.dashboard.source import Rows

    names = []
    for k, (start, n) in enumerate([(0, 23), (23, 5), (28, 40)]):
        ids = np.arange(start, start + n)
        table = pa.table({"id": ids, "text": [f"نص {i}" if i % 9 else None for i in ids],
                          "code": [["a", "b"][i % 2] for i in ids]})  # a dictionary-encoded column
        names.append(str(tmp_path / f"part-{k}.parquet"))
        pq.write_table(table, names[-1], row_group_size=6)  # several row groups a file
    rows = Rows(pds.dataset(names))
    assert len(rows) == 68 and len(rows.fragments) == 3
    assert [b.num_rows for b in rows.batches(["id"])] and \
        np.concatenate([b.column("id").to_numpy() for b in rows.batches(["id"])]).tolist() == list(range(68))
    want = [67, 0, 5, 6, 23, 27, 28, 40, 40, 13, 66]
    got = rows.take(want, ["id", "text", "code", "not-a-column"])
    assert list(got.columns) == ["id", "text", "code"]
    assert got["id"].tolist() == want
    assert got["text"].tolist() == [f"نص {i}" if i % 9 else None for i in want]
    assert got["code"].tolist() == [["a", "b"][i % 2] for i in want]
    assert rows.take([], ["text"]).empty
    rows.keep(np.arange(0, 68, 2))  # every other row stays (the store's visible claims)
    assert rows.take([0, 33, 1], ["id"])["id"].tolist() == [0, 66, 2]


def test_search_runs_in_duckdb_with_the_filters_and_takes_its_query_literally(seedlike):
    found, total = views.articles(seedlike, Filters(), "ALERT(1)")  # Latin: any case
    assert total == 1 and found.iloc[0]["source_id"] == "enabbaladi"
    assert views.articles(seedlike, Filters(), "%")[1] == 0  # no % in any text: not a wildcard
    assert views.articles(seedlike, Filters(), "_")[1] == 0
    assert views.articles(seedlike, Filters(), "النصف")[1] == 1
    assert views.articles(seedlike, Filters(outlets=("eremnews",)), "النصف")[1] == 0  # al-Thawra's
    assert views.articles(seedlike, Filters(start=date(2025, 5, 28)), "النصف")[1] == 0  # of the 27th
    assert views.articles(seedlike, Filters(end=date(2025, 5, 27)), "النصف")[1] == 1


# ---------------------------------------------------------------------- issue 14: plans, rates, periods
def _with_claims(extra_articles: list[dict], extra_claims: list[dict]):
    """The seed-like tables plus some articles and claims (missing columns left empty)."""
    articles, claims = seedlike_tables()
    more_a = pd.DataFrame(extra_articles)
    more_c = pd.DataFrame(extra_claims)
    return corpus_mod.from_frames(coerce_articles(pd.concat([articles, more_a], ignore_index=True)),
                                  coerce_claims(pd.concat([claims, more_c], ignore_index=True)))


def _article(aid: str, sid: str, day: str) -> dict:
    return {"article_id": aid, "source_id": sid, "source_name": sid, "source_name_en": sid.title(), "published": day,
            "published_origin": "stated", "text": f"نص {aid}", "url": f"https://example.org/{aid}", "path": aid}


def test_the_latest_troop_figure_is_a_level_never_a_plan():
    # Newest of all is a plan ("about 1,400", planned, 10 June); the level is the earlier "under 1,000"
    # (current, 1 June). A troops claim whose time is unknown (null `when`) is a level too.
    cp = _with_claims([_article("a-plan", "planner", "2025-06-10"), _article("a-level", "leveller", "2025-06-01")],
                      [{"claim_id": "p1", "article_id": "a-plan", "source_id": "planner", "published": "2025-06-10",
                        "kind": "troops", "value": 1400, "low": 1400, "high": 1400, "qualifier": "approx",
                        "when": "planned", "actor": "US", "evidence": "x", "span_start": 0, "span_end": 1},
                       {"claim_id": "l1", "article_id": "a-level", "source_id": "leveller", "published": "2025-06-01",
                        "kind": "troops", "value": 1000, "high": 1000, "qualifier": "less_than", "when": "current",
                        "actor": "US", "evidence": "y", "span_start": 0, "span_end": 1}])
    stats = views.overview(cp, Filters(), "en")
    assert stats["troops"]["claim_id"] == "l1" and stats["troops"]["when"] == "current"
    assert stats["troop_plan"]["claim_id"] == "p1"  # the plan is still said, apart
    # Only plans: no level to show at all, never a plan in its place.
    only_plans = views.overview(cp, Filters(outlets=("planner",)), "en")
    assert only_plans["troops"] is None and only_plans["troop_plan"]["claim_id"] == "p1"
    # An unknown time counts as a level (the column may be null for any claim).
    unknown = _with_claims([_article("a-u", "unknown-when", "2025-06-20")],
                           [{"claim_id": "u1", "article_id": "a-u", "source_id": "unknown-when",
                             "published": "2025-06-20", "kind": "troops", "value": 900, "low": 900, "high": 900,
                             "qualifier": "exact", "actor": "US", "evidence": "z", "span_start": 0, "span_end": 1}])
    assert views.overview(unknown, Filters(), "en")["troops"]["claim_id"] == "u1"


def test_a_rate_needs_a_period_of_at_least_the_minimum(monkeypatch):
    from lib import settings

    assert q.rate_per_month(130.0, 120.0) == pytest.approx(32.97, abs=0.01)
    assert np.isnan(q.rate_per_month(80.0, 1.0))  # not 2,435 a month
    monkeypatch.setattr(settings, "ATTACK_RATE_MIN_DAYS", 1)
    assert q.rate_per_month(80.0, 1.0) == pytest.approx(80 * q.DAYS_PER_MONTH)
    monkeypatch.setattr(settings, "ATTACK_RATE_MIN_DAYS", 200)
    assert np.isnan(q.rate_per_month(130.0, 120.0))


def test_a_one_day_count_has_no_rate_and_the_overview_quotes_it_as_a_count():
    cp = _with_claims([_article("a-day", "daily", "2025-12-18")],
                      [{"claim_id": "d1", "article_id": "a-day", "source_id": "daily", "published": "2025-12-18",
                        "kind": "attacks", "value": 80, "low": 80, "high": 80, "qualifier": "approx", "actor": "ISIS",
                        "period_start": "2025-12-18", "period_end": "2025-12-18", "date_precision": "day",
                        "cumulative": False, "evidence": "w", "span_start": 0, "span_end": 1}])
    df, _ = q.attack_periods(cp.claims, claim_mask(cp.claims, Filters()))
    day = df.loc[rows_of(cp, ["d1"])[0]]
    assert day["days"] == 1 and np.isnan(day["rate"]) and np.isnan(day["rate_hi"])
    latest = views.overview(cp, Filters(), "en")["attacks"]
    assert latest["claim_id"] == "d1" and np.isnan(latest["rate"])


def test_the_latest_count_prefers_attacks_over_a_period_then_the_newest(seedlike):
    df, _ = q.attack_periods(seedlike.claims, claim_mask(seedlike.claims, Filters()))
    # Erem News's 130 (28 May), not Enab Baladi's running count (27 May) nor the strikes.
    assert claim_ids(seedlike, df.loc[[q.latest_count(df)]]) == {"c3"}
    only_running = df[df["cumulative"].fillna(False).astype(bool)]
    assert claim_ids(seedlike, only_running.loc[[q.latest_count(only_running)]]) == {"c7"}
    assert q.latest_count(df.iloc[:0]) is None


def test_incidents_without_casualty_figures_have_no_casualties(seedlike):
    articles, claims = seedlike_tables()
    claims.loc[claims.claim_id == "c9", ["killed", "injured", "arrested"]] = [np.nan, np.nan, 4]
    cp = corpus_mod.from_frames(articles, claims)
    df, _ = q.incidents(cp.claims, claim_mask(cp.claims, Filters()))
    assert np.isnan(df.iloc[0]["casualties"]), "an arrest with no killed or injured figure is not 0 casualties"


def test_disagreements_never_compare_counts_without_a_period():
    articles, claims = seedlike_tables()
    # Two outlets' attack counts with no period: not one quantity.
    claims.loc[claims.claim_id.isin(["c3", "c7"]), ["period_start", "period_end"]] = pd.NaT
    claims.loc[claims.claim_id == "c7", "cumulative"] = False
    cp = corpus_mod.from_frames(articles, claims)
    dis = compare.disagreements(cp.claims, claim_mask(cp.claims, Filters()))
    assert not (dis["kind"].astype(str) == "attacks").any()


def test_story_rows_name_every_outlet_carrying_them():
    articles, claims = seedlike_tables()
    cp = corpus_mod.from_frames(articles, claims)
    periods, _ = views.attacks(cp, Filters(), "en")
    strikes = periods[periods["kind"].astype(str) == "strikes"].iloc[0]
    assert set(strikes["source_names"]) == {"Al-Modon", "Enab Baladi"}


def test_the_latest_count_of_a_report_split_in_parts_is_its_whole_whatever_the_row_order():
    # "20 attacks in November: 1 in Raqqa, 19 in Deir ez-Zor": one report, one period, three counts.
    rows = pd.DataFrame({"kind": ["attacks"] * 3, "published": pd.to_datetime(["2025-11-30"] * 3),
                         "cumulative": [False] * 3, "period_end": pd.to_datetime(["2025-11-30"] * 3),
                         "value": [20.0, 1.0, 19.0], "low": [20.0, 1.0, 19.0], "high": [20.0, 1.0, 19.0]})
    for order in ([0, 1, 2], [1, 2, 0], [2, 0, 1]):
        shuffled = rows.iloc[order]
        assert shuffled.loc[q.latest_count(shuffled), "value"] == 20
