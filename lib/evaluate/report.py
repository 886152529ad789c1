"""The evaluation as text: a table of scores per kind, the qualifiers' shares,
and with --misses every miss, false positive and wrong qualifier with its sentence."""
from __future__ import annotations

from lib.evaluate.gold import EXTRA_KINDS, KINDS
from lib.evaluate.results import EXTRA_QUALIFIERS, QUALIFIERS, Report

_EVIDENCE_CHARS = 300


def format_report(report: Report, misses: bool = False) -> str:
    lines = [f"records: {report.records}, articles found in the store: {report.articles_found}", "",
             f"{'kind':<12} {'gold':>5} {'claims':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    rows = [(k, report.kinds[k]) for k in KINDS] + [("overall", report.overall)]
    rows += [(k, report.kinds[k]) for k in EXTRA_KINDS if report.kinds[k].gold or report.kinds[k].claims]
    for name, s in rows:
        lines.append(f"{name:<12} {s.gold:>5} {s.claims:>6} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    lines += ["", "qualifiers right (among matched items; outlet and date among articles):"]
    for name in (*QUALIFIERS, *EXTRA_QUALIFIERS):
        q = report.qualifiers[name]
        if q.total or name in QUALIFIERS:
            extra = "" if name in QUALIFIERS else "  (also shown)"
            lines.append(f"  {name:<12} {q.share:>6.3f}  ({q.right}/{q.total}){extra}")
    if misses:
        lines += ["", "findings:"]
        for f in report.findings:
            lines.append(f"- {f.what} [{f.kind}] {f.file}: {f.label}")
            if f.evidence:
                ev = " ".join(f.evidence.split())
                lines.append("    " + (ev if len(ev) <= _EVIDENCE_CHARS else ev[:_EVIDENCE_CHARS] + " …"))
    return "\n".join(lines)
