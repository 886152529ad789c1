"""One function per chart: a DataFrame in, a plotly Figure out.

The frames come from `lib.dashboard.views` (queries with provenance added by
`Corpus.provenance()`: columns `outlet`, `published`, `evidence`, `claim_id`,
`article_id`, `source_id`, and `sources`/`n_sources` for stories). Every drawn
point carries hover text with the outlet, the publication date and the
evidence sentence (escaped), and `customdata` = [claim_id, article_id,
source_id], so tests and click-through can tell exactly which claims a chart
holds (`hover`).

Figures are built from plain dicts in one call, without plotly's validation
(`layout.make_figure`); the unit tests check the traces' contents.

Arabic goes to plotly as it is (logical order, unshaped): the browser and
kaleido shape it. Reshaping it here would garble it.

Modules: `layout` (colours, symbols, the shared layout, fast figures), `hover`
(hover text and per-point columns), `timelines` (articles, attacks, incidents,
troops over time), `maps` (the bases map), `outlets` (coverage, figures per
outlet, disagreements). The pages use the names re-exported here.
"""
from __future__ import annotations

from lib.dashboard.charts.hover import figure_text
from lib.dashboard.charts.layout import KIND_SYMBOLS, OPEN_QUALIFIERS, WHEN_SYMBOLS, outlet_colors
from lib.dashboard.charts.maps import (PROBE_TILE_URL, STATUS_COLORS, TILE_URL, bases_map, map_as_plain, map_view,
                                       without_tiles)
from lib.dashboard.charts.outlets import disagreement_chart, outlet_figures_chart, outlet_heatmap, quantity_title
from lib.dashboard.charts.timelines import (articles_timeline, attack_hover, attack_periods_chart, incidents_chart,
                                            troops_chart)

__all__ = [
    "outlet_colors", "articles_timeline", "attack_periods_chart", "incidents_chart", "troops_chart",
    "bases_map", "outlet_heatmap", "outlet_figures_chart", "disagreement_chart", "figure_text",
    "STATUS_COLORS", "WHEN_SYMBOLS", "KIND_SYMBOLS", "OPEN_QUALIFIERS", "TILE_URL", "PROBE_TILE_URL",
    "map_view", "attack_hover", "quantity_title", "without_tiles", "map_as_plain",
]
