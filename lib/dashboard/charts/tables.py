"""The rows behind each chart, as a reader of its CSV download wants them.

A chart's frame holds working columns (`y`, `y_lo`, `rate_hi`, `story`,
`article_row`, the claim-row index ...) that mean nothing outside the code.
`claims_table` turns it into the claims behind the chart with readable columns,
in a fixed order: which claim and article, the outlet, when, what was reported
(the figure in words and its numbers), the period and rate for counts, the
casualties for incidents, how many outlets carried it, and the evidence
sentence. `monthly_table` does the same for articles-per-month charts. Titles
and URLs are added by the page when the file is asked for
(`Corpus.with_titles`). Cells stay as they are: the CSV writer neutralises
what a spreadsheet would run.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lib.dashboard.charts.hover import as_floats, as_list, figure_texts
from lib.dashboard.charts.outlets import quantity_titles

__all__ = ["claims_table", "monthly_table"]

_ISOLATES = re.compile("[\u2066-\u2069\u202a-\u202e]")


def _text(values: list) -> list:
    """Strings without the bidi isolates the charts put around dates."""
    return [_ISOLATES.sub("", v) if isinstance(v, str) else v for v in values]


def claims_table(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The claims behind a chart (a frame from `lib.dashboard.views`), readable columns only."""
    n = len(df)
    out: dict[str, object] = {}

    def has(c: str) -> bool:
        return c in df.columns

    for c in ("claim_id", "article_id", "outlet"):
        if has(c):
            out[c] = df[c].astype("object").to_numpy()
    if has("published"):
        out["published"] = pd.to_datetime(df["published"]).dt.strftime("%Y-%m-%d").to_numpy()
    for c in ("kind", "actor", "target", "when", "status"):
        if has(c) and df[c].notna().any():
            out[c] = df[c].astype("object").to_numpy()
    place = "place_ar" if lang == "ar" else "place_en"
    if has(place) and df[place].notna().any():
        out["place"] = df[place].astype("object").to_numpy()
    if any(has(c) for c in ("value", "low", "high")):
        out["figure"] = figure_texts(df, lang)
        for c in ("value", "low", "high"):
            out[c] = as_floats(df, c)
        if has("qualifier"):
            out["qualifier"] = df["qualifier"].astype("object").to_numpy()
    if has("quantity") and has("kind"):
        out["quantity"] = _text(quantity_titles(df, lang, escape=False))
    if has("disagree"):
        out["outlets_disagree"] = df["disagree"].to_numpy(dtype=bool)
    if has("day"):  # an incident's event day
        out["event_day"] = pd.to_datetime(df["day"]).dt.strftime("%Y-%m-%d").to_numpy()
    elif has("period_start") and has("period_end"):
        for c in ("period_start", "period_end"):
            out[c] = pd.to_datetime(df[c]).dt.strftime("%Y-%m-%d").to_numpy()
    if has("days"):
        out["days"] = as_floats(df, "days")
    if has("rate"):
        out["per_month"] = np.round(as_floats(df, "rate"), 2)  # NaN: too short a period for a rate
    if has("cumulative") and has("rate"):
        out["running_count"] = df["cumulative"].fillna(False).to_numpy(dtype=bool)
    for c in ("killed", "injured", "arrested"):
        if has(c) and has("casualties"):
            out[c] = as_floats(df, c)
    if has("n_sources"):
        out["outlets_carrying"] = as_floats(df, "n_sources")
        names = as_list(df, "source_names") if has("source_names") else as_list(df, "sources")
        out["carried_by"] = ["; ".join(map(str, v)) if isinstance(v, (list, tuple)) else "" for v in names]
    if has("evidence"):
        out["evidence"] = df["evidence"].astype("object").to_numpy()
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def monthly_table(monthly: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Articles per month per outlet: month (YYYY-MM), outlet, articles."""
    return pd.DataFrame({
        "month": pd.to_datetime(monthly["month"]).dt.strftime("%Y-%m").to_numpy(),
        "outlet": [names.get(s, s) for s in monthly["source_id"]],
        "articles": monthly["articles"].to_numpy(),
    })

