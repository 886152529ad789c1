"""The ingest pipeline and command end to end: a mixed batch with broken files, duplicates
and metadata. (The store's guarantees are tested in tests/test_store*.py.)"""
import json
import shutil
from pathlib import Path

import pandas as pd

from lib import settings
from lib.ingest.__main__ import main
from lib.ingest.pipeline import build_tables
from lib.store.delta import open_store
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS
from conftest import SEEDS_DIR

ROOT = Path(__file__).resolve().parent.parent
SEEDS = SEEDS_DIR


def _batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "001_e4a1f0c4b7903909.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(seed, encoding="utf-8")
    (folder / "a_copy.txt").write_text(seed, encoding="utf-8")  # the same story twice
    (folder / "old.txt").write_bytes("أعلنت واشنطن أنها ستخفض قواتها في سوريا إلى 900 جندي أمريكي.".encode("cp1256"))
    (folder / "broken.png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    records = [
        {"text": "قال مسؤول إن الولايات المتحدة نفذت 12 غارة جوية ضد داعش في سوريا خلال شهر يونيو الماضي.",
         "published": "2025-07-02", "source": "Enab Baladi", "url": "https://www.enabbaladi.net/123"},
        {"title": "no text here"},
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{bad json\n",
                                       encoding="utf-8")
    return folder


def test_a_mixed_batch_keeps_going_and_reports_each_problem(tmp_path):
    result = build_tables([_batch(tmp_path)])
    assert len(result.articles) == 3  # a.txt (copy merged), old.txt, the good JSONL record
    assert result.duplicates == 1
    reasons = {Path(e.path.split("#")[0]).name + ("#" + e.path.split("#")[1] if "#" in e.path else ""): e.reason
               for e in result.errors}
    assert set(reasons) == {"broken.png.txt", "feed.jsonl#2", "feed.jsonl#3"}
    assert "PNG" in reasons["broken.png.txt"]
    assert "text" in reasons["feed.jsonl#2"]
    summary = result.summary()
    assert "broken.png.txt" in summary and "duplicate" in summary and "strikes 1" in summary


def test_outlets_dates_and_claims_come_through(tmp_path):
    result = build_tables([_batch(tmp_path)])
    arts = result.articles.set_index(result.articles["path"].map(lambda p: Path(p.split("#")[0]).name))
    assert arts.loc["a.txt", "source_id"] == "eremnews"
    assert (arts.loc["a.txt", "published_origin"], str(arts.loc["a.txt", "published"].date())) == ("stated", "2025-05-28")
    assert arts.loc["feed.jsonl", "source_id"] == "enabbaladi"
    assert arts.loc["feed.jsonl", "published_origin"] == "metadata"
    assert arts.loc["old.txt", "published_origin"] == "unknown" and pd.isna(arts.loc["old.txt", "published"])
    claims = result.claims
    old = claims[claims["article_id"] == arts.loc["old.txt", "article_id"]]
    assert list(zip(old["kind"], old["value"], old["when"])) == [("troops", 900, "planned")]
    strike = claims[claims["kind"] == "strikes"].iloc[0]
    assert str(strike["period_start"].date()) == "2025-06-01"  # "last June" against 2 July 2025
    assert list(result.articles.columns) == list(ARTICLE_COLUMNS)
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    assert claims["claim_id"].is_unique


def test_command_line_adds_to_the_store_and_prints_summary(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(SEEDS), "--store", str(out)]) == 0
    printed = capsys.readouterr().out
    # 26 as extracted; the stories line says the undated al-Thawra seed was dated by its story
    assert "articles: 5 read" in printed and "added: 5 article(s), 26 claim(s)" in printed
    assert "1 undated article(s) dated by their story" in printed
    store = open_store(out)
    articles, claims = store.articles(), store.claims()
    assert len(articles) == 5 and len(claims) == 27
    assert set(articles["published_origin"]) == {"stated", "inferred"}


def test_missing_input_is_named(tmp_path, capsys):
    assert main([str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "nope: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_out_is_an_alias_of_store_and_a_rerun_adds_instead_of_replacing(tmp_path, capsys):
    out = tmp_path / "out"
    main([str(SEEDS), "--out", str(out)])
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SEEDS / "000_60bf6ce25483f346.txt", one)
    (one / "new.txt").write_text("أعلنت واشنطن أنها ستخفض قواتها في سوريا إلى 900 جندي أمريكي.", encoding="utf-8")
    capsys.readouterr()
    assert main([str(one), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "added: 1 article(s)" in printed and "already in the store: 1" in printed
    assert len(open_store(out).articles()) == 6


def test_help_says_out_now_adds(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["--help"])
    assert "ADDS" in capsys.readouterr().out


def test_progress_is_reported_per_file_and_per_article(tmp_path):
    files, articles = [], []
    build_tables([SEEDS], progress=lambda done, total: files.append((done, total)), on_article=articles.append)
    assert files[-1] == (6, 6)  # five articles and metadata.csv
    assert articles == [1, 2, 3, 4, 5]


def test_article_id_ignores_spacing_and_line_breaks():
    from lib.ingest.pipeline import article_id_for

    story = "قال مسؤول إن 900 جندي\nسيبقون في سوريا."
    assert article_id_for(story) == article_id_for("قال  مسؤول إن 900 جندي سيبقون\tفي سوريا. ")
    assert article_id_for(story) == article_id_for("\u2003قال مسؤول إن 900\u00a0جندي\r\n\nسيبقون في سوريا.")
    assert article_id_for(story) != article_id_for(story.replace("900", "600"))


def test_single_spacing_shortcut_equals_splitting_on_whitespace():
    import random

    from lib.ingest.pipeline import _single_spaced

    rng = random.Random(7)
    pieces = ["قال", "جندي", "900", ".", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2003", "\u200f", "\r", "\x0b", "\u3000"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _single_spaced(text) == " ".join(text.split()), repr(text)


def _fail_step(monkeypatch, step: str, marker: str, error: Exception) -> None:
    """Make lib.ingest.pipeline's `step` raise `error` for a text containing `marker`."""
    import lib.ingest.pipeline as ingest

    real = getattr(ingest, step)

    def failing(text, *args):
        if marker in text:
            raise error
        return real(text, *args)

    monkeypatch.setattr(ingest, step, failing)


def test_an_article_that_fails_mid_batch_is_reported_and_the_rest_go_on(tmp_path, monkeypatch):
    _fail_step(monkeypatch, "clean_article", "تعطل التنظيف", ValueError("cleaning broke"))
    _fail_step(monkeypatch, "extract_claims", "تعطل الاستخراج", KeyError("extraction broke"))
    monkeypatch.setattr(settings, "PROCESS_STEP_BATCH", 3)
    story = "أعلنت واشنطن أنها ستخفض قواتها في سوريا إلى {} جندي أمريكي."
    texts = [story.format(n) for n in (900, 800, 700, 600, 500)]
    texts[1] += " وقال مصدر إن تعطل التنظيف لم يكن متوقعا."
    texts[3] += " وقال مصدر إن تعطل الاستخراج لم يكن متوقعا."
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts), encoding="utf-8")
    result = build_tables([feed])
    assert sorted(result.claims["value"]) == [500, 700, 900]
    assert len(result.articles) == 3
    reasons = {e.path.rsplit("#", 1)[1]: e.reason for e in result.errors}
    assert set(reasons) == {"2", "4"}
    assert "ValueError" in reasons["2"] and "cleaning broke" in reasons["2"]
    assert "KeyError" in reasons["4"]


def test_ingest_leaves_no_cyclic_garbage_and_restores_the_collector(tmp_path, monkeypatch):
    """build_tables pauses the cyclic garbage collector, which is only safe while
    ingest makes no reference cycles: none may be left for the collector to find,
    even from articles that fail to process. (Only cycles of ingest's own making count:
    an event loop left by an earlier test, e.g. Dask's, may free cycles of its own meanwhile.)"""
    import gc
    import types

    def ingest_made(obj) -> bool:
        if isinstance(obj, types.FrameType):
            return str(ROOT) in obj.f_code.co_filename
        if isinstance(obj, BaseException):
            return "broke" in str(obj)
        return type(obj).__module__.split(".")[0] in ("lib", "test_ingest")

    _fail_step(monkeypatch, "extract_claims", "900", ValueError("extraction broke"))
    folder = _batch(tmp_path)  # old.txt (900 troops) fails in extraction
    build_tables([SEEDS, folder])  # reference data loaded before counting
    assert gc.isenabled()  # the collector is back on after ingest
    gc.collect()
    gc.disable()  # no automatic collection may clear the evidence before we look
    try:
        result = build_tables([SEEDS, folder])
        assert not gc.isenabled()  # a caller's choice is left as it was
        assert any("extraction broke" in e.reason for e in result.errors)
        gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage to look at
        gc.collect()
        assert [o for o in gc.garbage if ingest_made(o)] == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_the_summary_names_the_most_frequent_outlets_and_counts_the_rest(monkeypatch) -> None:
    from lib.ingest.pipeline import outlets_line

    monkeypatch.setattr(settings, "SUMMARY_MAX_OUTLETS", 2)
    line = outlets_line([("b", 1), ("a", 5), ("c", 3), ("d", 1)])
    assert line == "outlets: 4: a 5, c 3, and 2 more with 2 article(s)"
    assert outlets_line([("a", 1)]) == "outlets: 1: a 1"


def test_a_pages_own_site_name_is_a_hint_and_never_beats_its_registry_domain(tmp_path) -> None:
    """og:site_name is what the page says of itself, not the analyst's metadata: a page on
    a registry outlet's domain is that outlet whatever name it declares, and an unknown
    domain's page is named by what it declares."""
    import re as _re

    from test_readers import PAGE

    known = tmp_path / "known.html"
    known.write_text(PAGE.replace('content="إرم نيوز"', 'content="مدونة الأخبار العاجلة"'), encoding="utf-8")
    unknown = tmp_path / "unknown.html"
    unknown.write_text(_re.sub(r"https://www\.eremnews\.com", "https://news.example-site.org", PAGE)
                       .replace('content="إرم نيوز"', 'content="موقع المثال"')
                       .replace("إرم نيوز 2025", "2025")
                       .replace("البنتاغون", "وزارة الدفاع الأمريكية"), encoding="utf-8")  # another text, another article
    result = build_tables([known, unknown])
    assert not result.errors, result.errors
    by_path = result.articles.set_index(result.articles["path"].str.rsplit("/", n=1).str[-1])
    assert by_path.loc["known.html", "source_id"] == "eremnews"
    assert by_path.loc["unknown.html", "source_id"] != "eremnews"
    assert by_path.loc["unknown.html", "source_name"] == "موقع المثال"
