"""Stories across outlets (lib.store.stories): articles reporting one event or statement are
grouped, in the store, across outlets; an undated article takes its story's date; different
events on one day stay apart; the grouping is incremental and seen by every read."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import SEEDS_DIR
from lib import settings
from lib.dashboard.corpus import open_corpus
from lib.dashboard.stories import one_per_story
from lib.dashboard.story_sources import story_sources
from lib.ingest.streaming import ingest, rebuild
from lib.store.delta import STORIES, latest_version, open_store
from lib.store.stories import group_stories, update_stories

# Written for these tests: A1 and A2 report one coalition statement in two outlets' own words
# (A2 a day later, sharing the quoted sentence and the figures, not the wording); B1 is another
# event in the same region on A1's day.
A1 = """أعلن التحالف الدولي بقيادة الولايات المتحدة، اليوم الثلاثاء، أنه سيخفض عدد قواته في شمال شرقي سوريا من نحو 2000 جندي إلى 1400 جندي خلال الأشهر المقبلة، في إطار ما وصفه بخطة مدروسة لإعادة التموضع.
وقال المتحدث باسم التحالف في بيان إن "عملية إعادة التموضع تعكس التقدم الذي أحرزته القوات الشريكة في مواجهة تنظيم داعش، وتهدف إلى تعزيز الاستقرار الإقليمي".
وأشار البيان إلى أن التنظيم نفذ 130 هجوما في سوريا خلال الأشهر الأربعة الأولى من العام الجاري، مؤكدا أن الضغط على خلاياه سيستمر.
وأضاف أن القوات الأمريكية ستواصل دعم قوات سوريا الديمقراطية في محافظتي الحسكة ودير الزور."""
A2 = """كشف بيان للتحالف الدولي ضد تنظيم داعش عن خطة لتقليص الوجود العسكري الأمريكي في سوريا، بحيث ينخفض عديد القوات من قرابة 2000 عنصر إلى 1400 عنصر في الفترة القادمة.
وجاء في البيان أن "عملية إعادة التموضع تعكس التقدم الذي أحرزته القوات الشريكة في مواجهة تنظيم داعش"، فيما لفت إلى تصاعد نشاط التنظيم الذي شن 130 هجوما منذ مطلع العام.
ويرى مراقبون أن القرار يأتي في سياق مراجعة أوسع للانتشار الأمريكي في المنطقة، وسط مخاوف الأكراد من فراغ أمني في مناطق شرق الفرات."""
B1 = """قتل ثلاثة عناصر من قوى الأمن الداخلي وأصيب خمسة آخرون، اليوم الثلاثاء، في هجوم مسلح استهدف حاجزا في بلدة الشحيل بريف دير الزور الشرقي، وفق مصادر محلية.
وقالت المصادر إن مسلحين يستقلون دراجات نارية أطلقوا النار على الحاجز قبل أن يلوذوا بالفرار نحو البادية، فيما فرضت القوات طوقا أمنيا على المنطقة.
وتشهد أرياف دير الزور هجمات متكررة تتبناها خلايا تابعة لتنظيم داعش، وسط حملات أمنية تشنها قوات سوريا الديمقراطية بدعم من التحالف الدولي."""


def _feed(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = [
    {"text": A1, "source": "Enab Baladi", "published": "2025-06-03", "title": "A1", "url": "https://www.enabbaladi.net/a1"},
    {"text": A2, "source": "Erem News", "published": "2025-06-04", "title": "A2", "url": "https://www.eremnews.com/a2"},
    {"text": B1, "source": "Almodon", "published": "2025-06-03", "title": "B1", "url": "https://www.almodon.com/b1"},
]


def _by_title(store: Path) -> pd.DataFrame:
    return open_store(store).articles().set_index("title")


def test_the_same_statement_in_two_outlets_words_joins_and_another_event_that_day_stays_apart(tmp_path):
    store = tmp_path / "store"
    ingest([_feed(tmp_path / "in" / "feed.jsonl", RECORDS)], store)
    arts = _by_title(store)
    assert arts.loc["A1", "story_id"] == arts.loc["A2", "story_id"]
    assert isinstance(arts.loc["A1", "story_id"], str)
    assert pd.isna(arts.loc["B1", "story_id"])  # same day, same region, another event
    assert arts.loc["A1", "story_rule"] == "figures"  # their wording differs: the shared figures join them


def test_seeds_without_metadata_date_althawra_by_its_story(tmp_path):
    """No metadata at all: seed 004 (al-Thawra) states no date; it reports the coalition statement
    000 (al-Modon) and 002 (Enab Baladi) carry, dated 27 May 2025 in their datelines."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    store = tmp_path / "store"
    ingest([seeds], store)
    arts = open_store(store).articles()
    arts["file"] = arts["path"].str.rsplit("/", n=1).str[-1].str[:3]
    arts = arts.set_index("file")
    assert arts.loc["004", "source_id"] == "althawra"
    assert arts.loc["004", "published"] == pd.Timestamp("2025-05-27")
    assert arts.loc["004", "published_origin"] == "inferred"
    basis = arts.loc["004", "published_basis"]
    for seed in ("000", "002"):
        assert arts.loc[seed, "article_id"] in basis and arts.loc[seed, "source_id"] in basis
    assert arts.loc["000", "published_origin"] == "stated"  # dated articles keep their own date
    # its claims carry the date, and periods relative to it resolve ("during last year": 2024)
    claims = open_store(store).claims()
    mine = claims[claims["article_id"] == arts.loc["004", "article_id"]]
    assert (mine["published"] == pd.Timestamp("2025-05-27")).all()
    strikes = mine[mine["kind"] == "strikes"].iloc[0]
    assert (strikes["period_start"], strikes["period_end"]) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    # DuckDB's view and the dashboard see the same
    con = open_store(store).connect()
    assert con.sql("SELECT published, published_origin FROM articles WHERE article_id = ?",
                   params=[arts.loc["004", "article_id"]]).fetchall() == [(pd.Timestamp("2025-05-27").to_pydatetime(),
                                                                            "inferred")]
    corpus = open_corpus(store)
    row = corpus.article_row(arts.loc["004", "article_id"])
    assert corpus.articles.loc[row, "published"] == pd.Timestamp("2025-05-27")
    assert corpus.articles.loc[row, "published_origin"] == "inferred"


def test_an_undated_article_cannot_chain_two_events_a_week_apart():
    """U shares half its signature with A (day 0) and half with B (day 10): it joins one of them,
    never both, so A and B stay apart."""
    perm = settings.STORY_NUM_PERM
    a = np.arange(perm, dtype=np.uint32)
    b = np.arange(perm, 2 * perm, dtype=np.uint32)
    u = np.concatenate([a[: perm // 2], b[perm // 2:]])
    sigs = np.stack([a, b, u])
    out = group_stories(["a", "b", "u"], sigs, [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-11"), None],
                        ["x", "y", "z"], {}).set_index("article_id")
    assert "u" in out.index and len(out) == 2
    joined = "a" if "a" in out.index else "b"
    assert out.loc["u", "story_date"] == ("2025-01-01" if joined == "a" else "2025-01-11")
    assert pd.isna(out.loc[joined, "story_date"])  # a dated article keeps its own date


def test_dated_articles_further_apart_than_the_window_are_not_one_story():
    perm = settings.STORY_NUM_PERM
    same = np.arange(perm, dtype=np.uint32)
    out = group_stories(["a", "b"], np.stack([same, same]),
                        [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01") + pd.Timedelta(days=settings.STORY_MAX_DAYS + 1)],
                        ["x", "y"], {})
    assert out.empty


def test_updates_hash_only_new_articles_and_commit_only_a_changed_grouping(tmp_path):
    store = tmp_path / "store"
    first = ingest([_feed(tmp_path / "in1" / "feed.jsonl", RECORDS[:1] + RECORDS[2:])], store)
    assert first.stories.hashed == 2 and first.stories.stories == 0
    second = ingest([_feed(tmp_path / "in2" / "feed.jsonl", RECORDS[1:2])], store)
    assert second.stories.hashed == 1  # only the new article's text is hashed
    assert second.stories.stories == 1 and second.stories.changed
    version = latest_version(store / STORIES)
    again = update_stories(store)
    assert again.hashed == 0 and not again.changed
    assert latest_version(store / STORIES) == version
    # a rebuild regroups (the figures may change) and keeps the story
    rebuild(store)
    arts = _by_title(store)
    assert arts.loc["A1", "story_id"] == arts.loc["A2", "story_id"]


def test_story_sources_name_the_outlets_and_the_first(tmp_path):
    store = tmp_path / "store"
    ingest([_feed(tmp_path / "in" / "feed.jsonl", RECORDS)], store)
    corpus = open_corpus(store)
    table = story_sources(corpus)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["n_sources"] == 2 and row["n_articles"] == 2
    assert row["source_ids"] == ("enabbaladi", "eremnews")
    assert row["first_source_id"] == "enabbaladi" and str(row["first_date"]) == "2025-06-03"
    assert row["titles"] == ("A1", "A2")
    # a filter that leaves one of its articles leaves no story
    only_a1 = (corpus.articles["source_id"] == "enabbaladi").to_numpy()
    assert story_sources(corpus, only_a1).empty


def test_charts_count_a_figure_of_one_story_once_with_its_sources(tmp_path, monkeypatch):
    """A2 moved 5 days after A1: the chart rule alone (2 days) would count its figures again;
    the stored story (grouped with a wider window here) makes them one, with two sources."""
    monkeypatch.setattr(settings, "STORY_MAX_DAYS", 7)
    store = tmp_path / "store"
    late = [dict(RECORDS[0]), dict(RECORDS[1], published="2025-06-08")]
    ingest([_feed(tmp_path / "in" / "feed.jsonl", late)], store)
    corpus = open_corpus(store)
    # the planned 1,400 troops, in both (their attack counts cover different periods: two figures)
    mask = ((corpus.claims["kind"] == "troops") & (corpus.claims["when"] == "planned")).to_numpy()
    assert mask.sum() == 2
    rows, info = one_per_story(corpus.claims, mask, ["value"], 100)
    assert info["stories"] == 1
    assert rows["n_sources"].tolist() == [2]


def test_a_big_store_hashes_per_commit_and_regroups_once_at_the_end(tmp_path, monkeypatch):
    """Past STORY_REGROUP_EACH_COMMIT_MAX articles, commits only hash; the run regroups at its end."""
    monkeypatch.setattr(settings, "STORY_REGROUP_EACH_COMMIT_MAX", 0)
    monkeypatch.setattr(settings, "INGEST_BATCH_SIZE", 1)
    store = tmp_path / "store"
    report = ingest([_feed(tmp_path / "in" / "feed.jsonl", RECORDS)], store)
    assert report.stories.grouped and report.stories.hashed == 3
    assert latest_version(store / STORIES) == 1  # created, then one grouping (not one per commit)
    arts = _by_title(store)
    assert arts.loc["A1", "story_id"] == arts.loc["A2", "story_id"]


def test_the_bundled_seeds_date_al_thawra_by_its_story_not_by_metadata(seed_tables):
    """data/articles/seeds/metadata.csv gives 004 (al-Thawra) no date: the product infers it
    from the story it shares with 000 (al-Modon) and 002 (Enab Baladi)."""
    import csv

    from conftest import SEEDS_DIR

    rows = {r["file"]: r for r in csv.DictReader((SEEDS_DIR / "metadata.csv").open(encoding="utf-8"))}
    assert rows["004_d3cbc7166e881cc7.txt"]["published"] == ""
    articles, claims = seed_tables
    thawra = articles[articles["path"].str.endswith("004_d3cbc7166e881cc7.txt")].iloc[0]
    assert str(thawra["published"].date()) == "2025-05-27" and thawra["published_origin"] == "inferred"
    dated_by = set(articles.loc[articles["path"].str.contains("000_|002_"), "article_id"])
    assert dated_by and all(a in thawra["published_basis"] for a in dated_by)
    assert (claims.loc[claims["article_id"] == thawra["article_id"], "published"] == thawra["published"]).all()


def test_only_a_date_from_the_story_makes_an_article_follow_the_dated_ones():
    # an anniversary date (origin inferred, no story basis) is the article's own: it may be first
    from lib.dashboard.story_sources import _story_dated

    arts = pd.DataFrame({"published_origin": ["inferred", "inferred", "metadata"],
                         "published_basis": ["story of a1 (enabbaladi)", None, None]})
    assert _story_dated(arts).tolist() == [True, False, False]


def test_the_stories_table_links_the_article_whose_title_it_shows(tmp_path):
    from lib.dashboard import views
    from lib.dashboard.filters import Filters

    untitled_first = [{k: v for k, v in RECORDS[0].items() if k != "title"}, *RECORDS[1:]]
    store = tmp_path / "store"
    ingest([_feed(tmp_path / "in" / "feed.jsonl", untitled_first)], store)
    corpus = open_corpus(store)
    (row,) = views.stories(corpus, Filters(), "en").to_dict("records")
    arts = corpus.articles.set_index("article_id")
    assert row["title"] == "A2"
    assert arts.loc[row["article_id"], "source_id"] == "eremnews"  # A2's outlet, not the untitled A1's
