"""Gold items matched to an article's claims, kind by kind (the rules are in
lib.evaluate's docstring), and each matched pair's qualifiers checked."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lib.evaluate.gold import GoldItem
from lib.store.schema import figure_or_none

Claim = dict[str, Any]  # a claims-table row


@dataclass
class Pair:
    gold: GoldItem
    claims: list[Claim]  # one, or the two ends of a gold range written as two claims
    by_end: bool  # matched through a range's end ("between 500 and 600" against an item of 500)


def _day(v: Any) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    try:
        import pandas as pd

        if pd.isna(v):
            return None
        return pd.Timestamp(v).date().isoformat()
    except (TypeError, ValueError):
        return str(v)[:10]


def _is_range(value: float | None, qualifier: Any) -> bool:
    return value is None and qualifier == "range"


def _exact(g: GoldItem, c: Claim) -> bool:
    cv, cl, ch = figure_or_none(c.get("value")), figure_or_none(c.get("low")), figure_or_none(c.get("high"))
    if g.value is not None:
        return cv is not None and abs(cv - g.value) < 1e-6
    return cv is None and cl == g.low and ch == g.high


def _end(g: GoldItem, c: Claim) -> bool:
    """A range on one side, a figure equal to one of its ends on the other."""
    cv, cl, ch = figure_or_none(c.get("value")), figure_or_none(c.get("low")), figure_or_none(c.get("high"))
    if g.value is not None and _is_range(cv, c.get("qualifier")):
        return g.value in (cl, ch)
    if g.value is None and g.qualifier == "range" and cv is not None:
        return cv in (g.low, g.high)
    return False


# ---------------------------------------------------------------- qualifiers
def _actor_right(gold: str | None, claim: Any) -> bool:
    claim = claim if isinstance(claim, str) else None
    if gold == "other":  # Iran-backed or unnamed attackers: any actor but ISIS
        return claim != "ISIS"
    return claim == gold


def checks(g: GoldItem, c: Claim, by_end: bool = False) -> dict[str, bool]:
    """Each qualifier of the gold item that the claim could get right: right or not."""
    out: dict[str, bool] = {}
    a = g.attrs
    if "when" in a and g.kind == "troops":
        out["when"] = c.get("when") == a["when"]
    if "period" in a:
        out["period"] = (_day(c.get("period_start")), _day(c.get("period_end"))) == tuple(a["period"])
    if "status" in a:
        out["status"] = c.get("status") == a["status"] and (c.get("when") == "planned") == a["planned"]
    if "actor" in a and a["actor"] is not None:
        out["actor"] = _actor_right(a["actor"], c.get("actor"))
    if "cumulative" in a:
        out["cumulative"] = bool(c.get("cumulative")) == a["cumulative"]
    if "event_month" in a:
        out["event_month"] = (_day(c.get("period_start")) or "")[:7] == a["event_month"]
    if "day" in a:
        out["day"] = _day(c.get("period_start")) == a["day"]
    if g.figure and g.qualifier is not None and g.kind != "incident":
        hedge = c.get("qualifier")
        out["hedge"] = (hedge == g.qualifier or (by_end and "range" in (hedge, g.qualifier))
                        or {hedge, g.qualifier} == {"at_least", "more_than"})  # the gold writes "at least" as more_than
    return out


# ---------------------------------------------------------------- matching
def match_kind(gold: list[GoldItem], claims: list[Claim]) -> tuple[list[Pair], list[GoldItem], list[Claim]]:
    """(pairs, gold items missed, claims matched to nothing) for one kind of one article.

    Greedy, best pairs first: a same-place (bases) or same-figure pair before a
    pair through a range's end, and among those the pair with more qualifiers
    right; then in text/gold order."""
    cands: list[tuple[int, int, int, int, bool]] = []  # (rank, -agreement, gold idx, claim idx, by_end)
    for gi, g in enumerate(gold):
        for ci, c in enumerate(claims):
            if not g.figure or g.kind == "incident":
                if g.place is None or c.get("place_id") != g.place:
                    continue
                if g.kind == "incident" and _day(c.get("period_start")) != g.attrs.get("day"):
                    continue
                by_end = False
            elif g.kind == "base_status" and isinstance(c.get("place_id"), str):
                continue  # a named base's claim is not a count of bases (a count of attacks on a base still counts)
            elif _exact(g, c):
                by_end = False
            elif _end(g, c):
                by_end = True
            else:
                continue
            agree = sum(checks(g, c, by_end).values())
            cands.append((int(by_end), -agree, gi, ci, by_end))
    cands.sort()
    gold_pair: dict[int, Pair] = {}
    claim_use: dict[int, set[str]] = {}  # claim idx -> the parts of it taken ("all", or range ends)
    for _, _, gi, ci, by_end in cands:
        g, c = gold[gi], claims[ci]
        used = claim_use.setdefault(ci, set())
        if not by_end:
            if gi in gold_pair or used:
                continue
            used.add("all")
            gold_pair[gi] = Pair(g, [c], False)
            continue
        if "all" in used:
            continue
        if g.value is not None:  # a gold figure against an end of a claimed range
            end = "low" if figure_or_none(c.get("low")) == g.value else "high"
            if gi in gold_pair or end in used:
                continue
            used.add(end)
            gold_pair[gi] = Pair(g, [c], True)
        else:  # a gold range against a claimed figure at one of its ends
            pair = gold_pair.get(gi)
            if pair is not None and (not pair.by_end or len(pair.claims) >= 2
                                     or figure_or_none(pair.claims[0].get("value")) == figure_or_none(c.get("value"))):
                continue
            used.add("all")
            if pair is None:
                gold_pair[gi] = Pair(g, [c], True)
            else:
                pair.claims.append(c)
    pairs = [gold_pair[i] for i in sorted(gold_pair)]
    missed = [g for i, g in enumerate(gold) if i not in gold_pair]
    spare = [c for i, c in enumerate(claims) if i not in claim_use or not claim_use[i]]
    return pairs, missed, spare
