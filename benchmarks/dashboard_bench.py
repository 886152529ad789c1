"""Dashboard benchmark: the first page of a fresh server, a warm page, and page reruns after a
filter change, with the server's memory, on a store of 100,000 articles and 1,000,000 claims.

    .venv/bin/python benchmarks/dashboard_bench.py [--articles 100000] [--claims 1000000] [--runs 3] [--server]

1. Makes the store once (synthetic articles and claims from lib.synthetic, committed 2,000
   articles at a time as an ingest does) into build/bench/store_<articles>_<claims>/
   (git-ignored). lib.synthetic draws evidence sentences from templates, which Parquet stores
   once per file; --unique-evidence makes every sentence distinct, as real ones are (a store
   of its own: reading the shown rows' evidence costs more there).
2. Each run is a fresh process that runs the app headless with Streamlit's AppTest (the
   script a browser session runs: sidebar, queries, figures, serialisation) and times:
   - cold: the first page (Overview) of a process that has not loaded the store yet,
     the store's loading included, and the process's peak memory after it;
   - warm: the same page run again (the corpus and the page's figures cached);
   - filter reruns: on every page, reruns after changing the filters to values not seen
     before on that page (the per-filter caches miss: what a user waits for).
   It also times, in the same process, a fixed baseline (decoding the claims' outlet, kind
   and date columns from the store, and sorting a million numbers), so that runs in noisy
   hours can be compared: every time is also printed as a ratio to the baseline.
   - page switches: every page visited in English then in Arabic, twice (the first visit of a
     page in a language computes its views; the second finds them cached), and the language
     switch itself;
   - PNG exports (--exports N): the troops chart rendered N times in a row, as the download
     button does (the first starts the browser, later ones reuse it);
3. With --server (needs /usr/bin/chromium and playwright): starts `streamlit run` on
   127.0.0.1 against the store, opens the first page in headless chromium (the cold start a
   user sees: from the request to the page drawn), then every page and a few filtered links,
   and reports that server process's resident memory, now and at its peak.

--store PATH measures an existing store instead (e.g. the bundled articles).

Targets: cold start <= 3 s and <= 300 MB at 100,000 articles; filter rerun <= 200 ms at
1,000,000 claims; page switch <= 500 ms; PNG export <= 1 s after the first. The machine is shared and noisy: medians over the runs are what to quote.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "attacks", "troops", "bases", "outlets", "articles"]
BATCH = 2000  # articles per commit, as lib.settings.INGEST_BATCH_SIZE


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------------- the store
def ensure_store(n_articles: int, n_claims: int, store: Path, unique_evidence: bool = False) -> None:
    from lib.store.delta import is_store

    if is_store(store):
        return
    print(f"making a store of {n_articles:,} articles and {n_claims:,} claims in {store} …", flush=True)
    # lib.synthetic draws evidence sentences from templates: many claims share one, which Parquet
    # stores once (a dictionary). Real sentences differ: --unique-evidence gives each its own.
    unique = "c['evidence'] = c['evidence'] + ' (' + c['claim_id'] + ')'" if unique_evidence else ""
    code = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
import pyarrow.compute as pc
from lib.synthetic import generate
from lib.store.schema import ARTICLE_COLUMNS, CLAIM_COLUMNS, coerce_articles, coerce_claims, to_arrow
from lib.store.writer import StoreWriter
t = time.time()
a, c = generate({n_articles}, {n_claims}, seed=1, filler_sentences=(30, 50))
{unique}
print(f'  generated in {{time.time() - t:.0f}}s; mean article {{a.text.str.len().mean():.0f}} chars, '
      f'mean evidence {{c.evidence.str.len().mean():.0f}} chars', flush=True)
a, c = to_arrow(coerce_articles(a), ARTICLE_COLUMNS), to_arrow(coerce_claims(c), CLAIM_COLUMNS)
writer = StoreWriter({str(store)!r})
for start in range(0, a.num_rows, {BATCH}):
    part = a.slice(start, {BATCH})
    writer.commit_batch(part, c.filter(pc.is_in(c.column('article_id'), value_set=part.column('article_id'))))
print(f'  stored in {{time.time() - t:.0f}}s', flush=True)
"""
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------- one run (in a fresh process)
def filter_changes(outlets: list[str], page_index: int, n: int) -> list[dict]:
    """Filter states never used before on this page: a few outlets, all outlets with new dates."""
    k = len(outlets)
    base = page_index * n
    changes = []
    for i in range(n):
        j = base + i
        if i % 4 == 0:
            changes.append({"outlet": [outlets[j % k]]})
        elif i % 4 == 1:
            changes.append({"outlet": [outlets[(j + 1) % k], outlets[(j + 2) % k], outlets[(j + 5) % k]]})
        elif i % 4 == 2:  # every outlet (the largest result), dates not seen before
            changes.append({"outlet": [], "dates": (dt.date(2019, 1 + page_index, 1), dt.date(2025, 6, 30))})
        else:
            changes.append({"outlet": [], "dates": (dt.date(2020 + page_index % 5, 1, 1),
                                                    dt.date(2025, 12 - page_index, 28))})
    return changes


def baseline_s(store: Path) -> float:
    """Fixed work that tracks the machine's speed: decode three claim columns, sort a million numbers."""
    import numpy as np

    from lib.store.delta import open_store

    t0 = time.perf_counter()
    table = open_store(store).dataset("claims").to_table(columns=["source_id", "kind", "published"])
    codes = table.column("source_id").combine_chunks().dictionary_encode().indices.to_numpy()
    np.argsort(np.random.default_rng(0).integers(0, 1 << 40, 1_000_000) + codes[:1_000_000].sum(), kind="stable")
    return time.perf_counter() - t0


def _clamp(change: dict, first: dt.date, last: dt.date) -> dict:
    """A filter change with its dates inside the store's span (the date widget refuses others)."""
    if "dates" in change:
        a, b = (min(max(d, first), last) for d in change["dates"])
        change = dict(change, dates=(a, b) if a <= b else (b, a))
    return change


def _timed(at) -> float:
    t0 = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t0) * 1000
    assert not at.exception, [e.message for e in at.exception]
    return ms


def one_run(store: Path, n_changes: int, exports: int = 0) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["SYRIA_DASH_STORE"] = str(store)
    os.environ["SYRIA_DASH_ARTICLES"] = tempfile.mkdtemp(prefix="no-articles-")  # never ingest
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    out = {"cold_ms": _timed(at), "cold_peak_mb": peak_mb(), "warm_ms": _timed(at)}
    from app_support import _load, store_dir
    from lib.store.delta import store_version

    corpus = _load(str(store_dir()), store_version(store_dir()))
    slugs = list(corpus.outlets["source_id"])
    pub = corpus.articles["published"].dropna()
    first, last = pub.min().date(), pub.max().date()
    # Page switches, per language: the first visit of each page in that language (its views and
    # figures not cached yet), then a second round (what switching back and forth costs).
    out["switch"] = {}
    out["lang_switch_ms"] = []
    for lang in ("en", "ar"):
        if lang != "en":
            at.button_group(key="lang").set_value(lang)
            out["lang_switch_ms"].append(_timed(at))
        first_visit, again = {}, {}
        for rnd in (first_visit, again):
            for page in PAGES[1:] + PAGES[:1]:
                at.switch_page(f"pages/{page}.py")
                rnd[page] = _timed(at)
        out["switch"][lang] = {"first": first_visit, "again": again}
    at.button_group(key="lang").set_value("en")
    out["lang_switch_ms"].append(_timed(at))
    out["pages"] = {}
    for p, page in enumerate(PAGES):
        at.switch_page(f"pages/{page}.py")
        first_ms, warm = _timed(at), _timed(at)
        times = []
        for change in filter_changes(slugs, p, n_changes):
            change = _clamp(change, first, last)
            at.multiselect(key="outlet").set_value(change["outlet"])
            if "dates" in change:
                at.date_input(key="dates").set_value(change["dates"])
            times.append(_timed(at))
        out["pages"][page] = {"first_ms": first_ms, "warm_ms": warm, "reruns_ms": times}
    if exports:
        out["export_ms"] = export_times(corpus, exports)
    out["baseline_ms"] = baseline_s(store) * 1000
    out["rss_mb"], out["peak_mb"] = rss_mb(), peak_mb()
    return out


def export_times(corpus, n: int) -> list[float]:
    """PNG renders of the troops chart, one after another, as the download button makes them (ms)."""
    from lib.dashboard import charts, views
    from lib.dashboard.exports import find_chromium
    from lib.dashboard.filters import Filters

    fig = charts.troops_chart(views.troops(corpus, Filters(), "en")[0], "en")
    chromium = find_chromium()
    if chromium is None:
        return []
    try:  # this version's button: one warm browser per process
        from app_charts import _image_maker
        make = _image_maker(fig, "png", chromium)
    except ImportError:  # before it: a browser started per image
        from app_support import _image_maker
        make = _image_maker(fig, "png")
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        assert make()[:4] == b"\x89PNG"
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run_in_fresh_process(store: Path, n_changes: int, exports: int = 0) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
            f"from dashboard_bench import one_run\n"
            f"print('RESULT', json.dumps(one_run(__import__('pathlib').Path({str(store)!r}), {n_changes}, {exports})))\n")
    # As the app sets it (app_support) before pyarrow loads; AppTest imports pyarrow before the app does.
    env = dict(os.environ, ARROW_DEFAULT_MEMORY_POOL="system")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


# ---------------------------------------------------------------------- a real server
def bench_server(store: Path) -> dict[str, float]:
    """A real `streamlit run` process: the first page in chromium (cold), then every page; its memory."""
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, SYRIA_DASH_STORE=str(store), SYRIA_DASH_ARTICLES=tempfile.mkdtemp(prefix="no-articles-"))
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status() -> dict[str, float]:
        with open(f"/proc/{proc.pid}/status") as fh:
            return {k: int(v.split()[0]) / 1024 for k, v in (ln.split(":", 1) for ln in fh) if k in ("VmRSS", "VmHWM")}

    def ready(page) -> None:
        page.wait_for_selector("h1", timeout=120_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
        page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid='stAlert']", timeout=120_000)

    base = f"http://127.0.0.1:{port}"
    out: dict[str, float] = {}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        out["server_up_ms"] = (time.perf_counter() - started) * 1000
        links = ["attacks", "troops", "bases", "outlets", "articles", "attacks?outlet=عنب بلدي · Enab Baladi",
                 "outlets?dates=2023-01-01&dates=2025-06-30", "troops?lang=العربية", "bases?lang=العربية"]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(f"{base}/")
            ready(page)
            out["first_page_ms"] = (time.perf_counter() - t0) * 1000
            out["after_first_page_mb"] = status()["VmRSS"]
            for link in links:
                page.goto(f"{base}/{link}")
                page.wait_for_selector("h1", timeout=120_000)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                       timeout=120_000)
                page.wait_for_timeout(300)
            out["clicks"] = menu_clicks(page, base)
            browser.close()
        mem = status()
        out["rss_mb"], out["peak_mb"] = mem["VmRSS"], mem["VmHWM"]
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def menu_clicks(page, base: str, rounds: int = 2) -> dict[str, list[float]]:
    """Page switches as a user makes them, per language: a click in the menu until the new page is
    drawn (ms: the server's run, the transfer and the browser's drawing)."""
    def drawn(name: str) -> None:
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
        page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid='stAlert']" if name != "articles"
                               else "[data-testid='stDataFrame'], [data-testid='stAlert']", timeout=120_000)

    out: dict[str, list[float]] = {}
    page.goto(f"{base}/")
    drawn("overview")
    for lang, switch in (("en", None), ("ar", "العربية")):
        if switch:  # the language switch, as a user flips it (links name the language differently by version)
            page.locator('[data-testid="stSidebar"]').get_by_text(switch, exact=True).click()
            page.wait_for_function("() => document.querySelector('h1') && /[\\u0600-\\u06ff]/.test("
                                   "document.querySelector('h1').innerText)", timeout=120_000)
            drawn("overview")
        times = []
        for _ in range(rounds):
            for i in list(range(1, len(PAGES))) + [0]:
                link = page.locator('[data-testid="stSidebarNav"] a').nth(i)
                title = link.inner_text().split("\n")[-1].strip()
                t0 = time.perf_counter()
                link.click()
                page.wait_for_function("t => document.querySelector('h1') && document.querySelector('h1').innerText"
                                       ".trim() === t", arg=title, timeout=120_000)
                drawn(PAGES[i])
                times.append((time.perf_counter() - t0) * 1000)
        out[lang] = times
    return out


# ---------------------------------------------------------------------- report
def _med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes, each timing everything once")
    parser.add_argument("--changes", type=int, default=4, help="filter changes timed per page and run")
    parser.add_argument("--data", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--server", action="store_true", help="also a real streamlit server in chromium")
    parser.add_argument("--unique-evidence", action="store_true",
                        help="every evidence sentence distinct, as in real articles (a store of its own)")
    parser.add_argument("--store", type=Path, help="an existing store instead of a synthetic one (e.g. the bundled "
                        "articles': python -m lib.ingest data/articles --store build/bench/bundled)")
    parser.add_argument("--exports", type=int, default=3, help="PNG renders timed one after another per run (0: none)")
    args = parser.parse_args()

    if args.store:
        store = args.store
    else:
        store = args.data / (f"store_{args.articles}_{args.claims}" + ("_unique" if args.unique_evidence else ""))
        ensure_store(args.articles, args.claims, store, args.unique_evidence)
    runs = []
    for i in range(args.runs):
        r = run_in_fresh_process(store, args.changes, args.exports)
        runs.append(r)
        worst = max(max(p["reruns_ms"]) for p in r["pages"].values())
        print(f"run {i + 1}: cold {r['cold_ms']:,.0f} ms (peak {r['cold_peak_mb']:.0f} MB), warm {r['warm_ms']:.0f} ms, "
              f"worst filter rerun {worst:.0f} ms, baseline {r['baseline_ms']:.0f} ms, peak {r['peak_mb']:.0f} MB",
              flush=True)
    base = _med([r["baseline_ms"] for r in runs])

    def line(label: str, values: list[float], unit: str = "ms") -> str:
        med = _med(values)
        return f"  {label:34s} {med:8,.0f} {unit}   x{med / base:5.2f} baseline   (runs: {', '.join(f'{v:,.0f}' for v in values)})"

    what = f"the store {store}" if args.store else f"{args.articles:,} articles, {args.claims:,} claims"
    print(f"\nDashboard benchmark: {what}"
          f"{' (every evidence sentence distinct)' if args.unique_evidence else ''}, {args.runs} fresh process(es) "
          f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs); medians over runs")
    print(f"  {'baseline (fixed work)':34s} {base:8,.0f} ms")
    print(line("cold first page (store loaded)", [r["cold_ms"] for r in runs]))
    print(line("warm page (same page again)", [r["warm_ms"] for r in runs]))
    print(f"\n{'page':10s} {'first visit':>12s} {'warm':>6s} {'filter rerun median':>20s} {'worst':>7s}   (ms)")
    worst_all = 0.0
    for page in PAGES:
        first = _med([r["pages"][page]["first_ms"] for r in runs])
        warm = _med([r["pages"][page]["warm_ms"] for r in runs])
        reruns = [t for r in runs for t in r["pages"][page]["reruns_ms"]]
        worsts = [max(r["pages"][page]["reruns_ms"]) for r in runs]
        worst_all = max(worst_all, _med(worsts))
        print(f"{page:10s} {first:12.0f} {warm:6.0f} {_med(reruns):20.0f} {_med(worsts):7.0f}")
    switch_all = report_switches(runs, base)
    exports = [r.get("export_ms") or [] for r in runs]
    if any(exports):
        first_export = _med([e[0] for e in exports if e])
        later = [t for e in exports for t in e[1:]]
        print(f"\nPNG export (troops chart): first {first_export:,.0f} ms (x{first_export / base:.2f}), then median "
              f"{_med(later):,.0f} ms (x{_med(later) / base:.2f}) (runs: {', '.join('/'.join(f'{t:,.0f}' for t in e) for e in exports)})")
    cold_peak = _med([r["cold_peak_mb"] for r in runs])
    print(f"\nmemory (AppTest process): peak {cold_peak:.0f} MB after the cold first page, "
          f"{_med([r['peak_mb'] for r in runs]):.0f} MB after every page; now {_med([r['rss_mb'] for r in runs]):.0f} MB")
    peaks = {"AppTest process": _med([r["peak_mb"] for r in runs])}
    cold_ms = _med([r["cold_ms"] for r in runs])
    if args.server:
        srv = bench_server(store)
        peaks["streamlit server"] = srv["peak_mb"]
        print(f"streamlit server: up in {srv['server_up_ms']:,.0f} ms; first page in chromium {srv['first_page_ms']:,.0f} ms "
              f"(the store loaded), {srv['after_first_page_mb']:.0f} MB resident then; after every page "
              f"{srv['rss_mb']:.0f} MB resident, peak {srv['peak_mb']:.0f} MB")
        for lang, times in srv["clicks"].items():
            print(f"  page switch in chromium ({lang}, a click in the menu until drawn): median {_med(times):,.0f} ms, "
                  f"worst {max(times):,.0f} ms over {len(times)} clicks")
    print(f"targets: cold start <= 3 s: {'met' if cold_ms <= 3000 else 'NOT met'} ({cold_ms:,.0f} ms); "
          f"<= 300 MB: {'met' if max(peaks.values()) <= 300 else 'NOT met'} "
          f"({', '.join(f'{k} {v:.0f} MB' for k, v in peaks.items())}); "
          f"worst filter rerun <= 200 ms: {'met' if worst_all <= 200 else 'NOT met'} ({worst_all:.0f} ms, median of runs); "
          f"page switch <= 500 ms: {'met' if switch_all <= 500 else 'NOT met'} ({switch_all:.0f} ms, slowest page's "
          f"first visit, median of runs)")
    return 0


def report_switches(runs: list[dict], base: float) -> float:
    """Print page switches per page and language (first visit, again) and the language switch; return
    the slowest page's median first visit."""
    print(f"\n{'page switch':12s} " + " ".join(f"{f'{lang} first':>9s} {f'{lang} again':>9s}" for lang in ("en", "ar"))
          + "   (ms, server side; medians of runs)")
    slowest = 0.0
    for page in PAGES:
        cells = []
        for lang in ("en", "ar"):
            first = _med([r["switch"][lang]["first"][page] for r in runs])
            again = _med([r["switch"][lang]["again"][page] for r in runs])
            slowest = max(slowest, first)
            cells += [f"{first:9.0f}", f"{again:9.0f}"]
        print(f"{page:12s} " + " ".join(cells))
    switches = [t for r in runs for t in r["lang_switch_ms"]]
    print(f"language switch: median {_med(switches):,.0f} ms (x{_med(switches) / base:.2f} baseline; "
          f"runs: {', '.join(f'{t:,.0f}' for t in switches)})")
    return slowest


if __name__ == "__main__":
    sys.exit(main())
