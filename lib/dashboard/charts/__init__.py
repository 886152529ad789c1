"""One function per chart: a DataFrame in, a plotly Figure out.

The frames come from `lib.dashboard.views` (queries with provenance added by
`Corpus.provenance()`: columns `outlet`, `published`, `evidence`, `claim_id`,
`article_id`, `source_id`, and `sources`/`source_names`/`n_sources` for
stories). Every drawn point carries hover text with the outlet, the
publication date and the evidence sentence.

customdata - what a click on a point can tell (the pages open the reader from it):
- every point that stands for a claim (troops, attack and strike counts,
  incidents, figures per outlet, disagreements, map sites):
  `[claim_id, article_id, source_id]`, all three non-empty strings;
- a mark that counts articles rather than showing one claim (a month's bar on
  the Overview, a cell of the coverage heatmap):
  `["", "", source_id, "YYYY-MM"]` (source_id "" for "other outlets").
So `customdata[0]` is a claim id or "", `customdata[1]` an article id or "",
`customdata[2]` the outlet's slug. Decoration traces (segments, range bands,
stems, legend entries; `meta` says which) carry none and have hover off.

The encodings (colour = outlet, shape = kind or when, hollow = planned, bar or
band = range) are set out in `layout`; every article string is escaped by
`hover.plain`. Axes are fitted to the data by `axes`.

Figures are built from plain dicts in one call, without plotly's validation
(`layout.make_figure`); the unit tests check the traces' contents.

Arabic goes to plotly as it is (logical order, unshaped): the browser and
kaleido shape it. Reshaping it here would garble it.

Modules: `layout` (colours, symbols, the shared layout, fast figures), `axes`
(date and count axes), `hover` (escaping, hover text, per-point columns),
`timelines` (articles, incidents, troops over time), `attacks` (counts and
rates over their periods, the rates caption), `maps` (the bases map),
`outlets` (coverage, figures per outlet, disagreements), `tables` (the rows
behind a chart for its CSV). The pages use the names re-exported here.
"""
from __future__ import annotations

from lib.dashboard.charts.attacks import attack_hover, attack_periods_chart, rate_text, rates_caption
from lib.dashboard.charts.hover import figure_text, fmt_rate, plain
from lib.dashboard.charts.layout import KIND_SYMBOLS, OPEN_QUALIFIERS, WHEN_SYMBOLS, outlet_colors
from lib.dashboard.charts.maps import STATUS_COLORS, bases_map
from lib.dashboard.charts.outlets import disagreement_chart, outlet_figures_chart, outlet_heatmap, quantity_title
from lib.dashboard.charts.tables import claims_table, monthly_table
from lib.dashboard.charts.timelines import articles_timeline, incidents_chart, troops_chart, when_note

__all__ = [
    "outlet_colors", "articles_timeline", "attack_periods_chart", "incidents_chart", "troops_chart",
    "bases_map", "outlet_heatmap", "outlet_figures_chart", "disagreement_chart", "figure_text",
    "STATUS_COLORS", "WHEN_SYMBOLS", "KIND_SYMBOLS", "OPEN_QUALIFIERS",
    "attack_hover", "quantity_title", "plain", "fmt_rate",
    "rate_text", "rates_caption", "claims_table", "monthly_table", "when_note",
]
