"""Data and helpers for the dashboard's tests: hand-made seed-like tables, writing tables into a
store, pointing the app at one, and reading what an AppTest run drew. The fixtures built on them
are in conftest.py."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd

from conftest import ROOT
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, coerce_articles, coerce_claims, to_arrow

APP = ROOT / "dashboard.py"


def seedlike_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four outlets reporting the May 2025 story the way the seeds do (known figures, known spans)."""
    arts = [
        ("a-modon", "almodon", "المدن", "Al-Modon", "2025-05-27",
         "أعلن التحالف إعادة التموضع.\nنفّذت الولايات المتحدة خلال العام 2024 عشرات الضربات الجوية.\n"
         "ستؤدي إلى تقليص الوجود الأميركي إلى أقل من ألف جندي."),
        ("a-erem", "eremnews", "إرم نيوز", "Erem News", "2025-05-28",
         "ارتفاع عدد الهجمات إلى 130 هجمة خلال الأشهر الأربعة الأولى من العام الجاري مقارنة مع 150 هجمة طيلة العام 2024.\n"
         "خطة لتقليص قواتها من حوالي 2000 جندي إلى ما يقارب 1400."),
        ("a-enab", "enabbaladi", "عنب بلدي", "Enab Baladi", "2025-05-27",
         "هجوم تنظيم الدولة هو العاشر من نوعه منذ مطلع الشهر الحالي.\nنفّذت خلال العام الماضي عشرات الضربات الجوية.\n"
         "قتل عنصر وأصيب آخر في البحرة <script>alert(1)</script>."),
        ("a-thawra", "althawra", "الثورة", "Al-Thawra", "2025-05-27",
         "سحب التحالف جزءاً من قواته من قاعدتي العمر وكونيكو.\nستُقلص عددها البالغ ألفي جندي إلى النصف."),
    ]
    articles = pd.DataFrame([{"article_id": a, "source_id": s, "source_name": ar, "source_name_en": en,
                              "url": f"https://example.org/{s}", "title": text.split("\n")[0][:40], "published": d,
                              "published_origin": "stated", "text": text, "path": f"{a}.txt"}
                             for a, s, ar, en, d, text in arts])
    texts = dict(zip(articles.article_id, articles.text))

    def claim(cid, aid, kind, sentence_part, **kw):
        text = texts[aid]
        start = text.index(sentence_part)
        src = articles.set_index("article_id").loc[aid]
        return {"claim_id": cid, "article_id": aid, "source_id": src.source_id, "published": src.published,
                "kind": kind, "evidence": sentence_part, "span_start": start, "span_end": start + len(sentence_part), **kw}

    rows = [
        claim("c1", "a-modon", "strikes", "نفّذت الولايات المتحدة خلال العام 2024 عشرات الضربات الجوية.", value=None, low=24,
              high=99, qualifier="vague", actor="US", period_start="2024-01-01", period_end="2024-12-31",
              date_precision="year", cumulative=False),
        claim("c2", "a-modon", "troops", "ستؤدي إلى تقليص الوجود الأميركي إلى أقل من ألف جندي.", value=1000, high=1000,
              qualifier="less_than", when="planned", actor="US"),
        claim("c3", "a-erem", "attacks", "ارتفاع عدد الهجمات إلى 130 هجمة خلال الأشهر الأربعة الأولى من العام الجاري مقارنة مع 150 هجمة طيلة العام 2024.",
              value=130, low=130, high=130, qualifier="exact", actor="ISIS", period_start="2025-01-01",
              period_end="2025-04-30", date_precision="month", cumulative=False),
        claim("c4", "a-erem", "attacks", "ارتفاع عدد الهجمات إلى 130 هجمة خلال الأشهر الأربعة الأولى من العام الجاري مقارنة مع 150 هجمة طيلة العام 2024.",
              value=150, low=150, high=150, qualifier="exact", actor="ISIS", period_start="2024-01-01",
              period_end="2024-12-31", date_precision="year", cumulative=False),
        claim("c5", "a-erem", "troops", "خطة لتقليص قواتها من حوالي 2000 جندي إلى ما يقارب 1400.", value=2000, low=2000,
              high=2000, qualifier="approx", when="past", actor="US"),
        claim("c6", "a-erem", "troops", "خطة لتقليص قواتها من حوالي 2000 جندي إلى ما يقارب 1400.", value=1400, low=1400,
              high=1400, qualifier="approx", when="planned", actor="US"),
        claim("c7", "a-enab", "attacks", "هجوم تنظيم الدولة هو العاشر من نوعه منذ مطلع الشهر الحالي.", value=10, low=10,
              high=10, qualifier="exact", actor="ISIS", period_start="2025-05-01", period_end="2025-05-19",
              date_precision="day", cumulative=True),
        claim("c8", "a-enab", "strikes", "نفّذت خلال العام الماضي عشرات الضربات الجوية.", value=None, low=24, high=99,
              qualifier="vague", actor="US", period_start="2024-01-01", period_end="2024-12-31",
              date_precision="year", cumulative=False),
        claim("c9", "a-enab", "incident", "قتل عنصر وأصيب آخر في البحرة <script>alert(1)</script>.", actor="ISIS",
              target="SDF", period_start="2025-05-19", period_end="2025-05-19", date_precision="day",
              place_id="bahra", place_ar="البحرة", place_en="Al-Bahra", lat=34.74, lon=40.78, geo_precision="town",
              killed=1, injured=1),
        claim("c10", "a-thawra", "base_status", "سحب التحالف جزءاً من قواته من قاعدتي العمر وكونيكو.", status="withdrawn",
              place_id="omar_oil_field", place_ar="حقل العمر", place_en="Al-Omar oil field", lat=35.15, lon=40.57,
              geo_precision="exact", period_start="2025-05-27", period_end="2025-05-27", date_precision="day"),
        claim("c11", "a-thawra", "base_status", "سحب التحالف جزءاً من قواته من قاعدتي العمر وكونيكو.", status="withdrawn",
              place_id="conoco_gas_field", place_ar="كونيكو", place_en="Conoco gas field", lat=35.33, lon=40.30,
              geo_precision="exact", period_start="2025-05-27", period_end="2025-05-27", date_precision="day"),
        claim("c12", "a-thawra", "troops", "ستُقلص عددها البالغ ألفي جندي إلى النصف.", value=2000, low=2000, high=2000,
              qualifier="exact", when="past", actor="US"),
        claim("c13", "a-thawra", "troops", "ستُقلص عددها البالغ ألفي جندي إلى النصف.", value=1000, low=1000, high=1000,
              qualifier="half_of", when="planned", actor="US"),
    ]
    return coerce_articles(articles), coerce_claims(pd.DataFrame(rows))


def write_store(articles: pd.DataFrame, claims: pd.DataFrame, store: Path, batch: int = 2000) -> Path:
    """Add the tables' articles and their claims to the store at `store` (created if need be),
    `batch` articles a commit, as an ingest would; returns `store`."""
    from lib.store.writer import StoreWriter

    a = to_arrow(coerce_articles(articles), ARTICLE_COLUMNS)
    c = to_arrow(coerce_claims(claims), CLAIM_COLUMNS)
    writer = StoreWriter(store)
    ids = c.column("article_id").to_pandas()
    for start in range(0, max(a.num_rows, 1), batch):
        part = a.slice(start, batch)
        mine = ids.isin(set(part.column("article_id").to_pylist())).to_numpy()
        writer.commit_batch(part, c.filter(mine))
    return store


def point_app_at(monkeypatch, store: Path, articles: Path | None = None) -> None:
    """Make the app read the store at `store` and ingest `articles` into it (by default a folder that is not there)."""
    monkeypatch.setenv("SYRIA_DASH_STORE", str(store))
    monkeypatch.setenv("SYRIA_DASH_ARTICLES", str(articles or (store.parent / "no-articles")))


def chart_specs(at) -> list[dict]:
    """The plotly figures an AppTest run drew, as dicts."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def sources_in(spec: dict) -> set[str]:
    """Outlet slugs of every drawn point (customdata = [claim_id, article_id, source_id])."""
    out = set()
    for tr in spec.get("data", []):
        for cd in tr.get("customdata") or []:
            if cd and len(cd) >= 3 and cd[2]:
                out.add(cd[2])
    return out


def claim_ids_in(spec: dict) -> set[str]:
    """Claim ids of every drawn point."""
    out = set()
    for tr in spec.get("data", []):
        for cd in tr.get("customdata") or []:
            if cd and cd[0]:
                out.add(cd[0])
    return out


def arr(value) -> list:
    """A plotly JSON array as a list: plotly 6+ sends numeric arrays as base64 typed arrays."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            data = data.reshape([int(x) for x in str(value["shape"]).split(",")])
        return data.tolist()
    return list(value) if value is not None else []
