"""Dashboard benchmark: server-side page reruns after a filter change, and memory, on a large corpus.

    .venv/bin/python benchmarks/dashboard_bench.py [--articles 100000] [--claims 1000000] [--changes 4]

1. Generates realistic synthetic tables (lib.synthetic) once, in a separate
   process, into build/bench/<articles>_<claims>/ (git-ignored) and builds
   the dashboard's caches next to them (the text files and the compact
   claims, as the dashboard's first start after an ingest does), so that
   this process's memory is the dashboard's alone.
2. Runs the app headless with Streamlit's AppTest (the same script runs a
   browser session executes: sidebar, queries, figures, serialisation) and
   times, on every page, reruns after a filter change. Every change is to
   filter values not seen before on that page, so the per-filter caches miss:
   these are the times a user waits.
3. Prints per-page times (median and worst), the server-side time of the
   query functions alone (lib.dashboard.views), and the process's memory: resident now
   and at its peak. With --cold, also the first start after the tables
   changed (the caches are rebuilt in that process), in a process of its own.
4. With --server (needs /usr/bin/chromium and playwright): also starts
   `streamlit run` on 127.0.0.1, opens every page (and a few filtered links)
   in headless chromium, and reports that server process's resident memory -
   the dashboard's real footprint, without AppTest's bookkeeping.

Targets: at most 200 ms per rerun, at most 300 MB.
"""
from __future__ import annotations

import argparse
import datetime as dt
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


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_tables(n_articles: int, n_claims: int, folder: Path) -> None:
    if (folder / "claims.parquet").exists():
        if not (folder / ".dashboard" / "claims.stamp").exists() or \
                not any((folder / ".dashboard" / "compact").glob("*/manifest.json")):
            # Tables from an older checkout: build the caches as a first start would.
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, %r)\n"
                            "from lib.dashboard.corpus import open_tables; open_tables(%r)" % (str(ROOT), str(folder))],
                           check=True)
        return
    print(f"generating {n_articles:,} articles and {n_claims:,} claims into {folder} …", flush=True)
    code = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from lib.synthetic import generate\nfrom lib.store.storage import write_tables\n"
        "from lib.dashboard.corpus import open_tables\n"
        "t = time.time(); a, c = generate(%d, %d, seed=1, filler_sentences=(30, 50))\n"
        "write_tables(a, c, %r); open_tables(%r)\n"
        "print(f'  generated in {time.time() - t:.0f}s; mean article {a.text.str.len().mean():.0f} chars, "
        "mean evidence {c.evidence.str.len().mean():.0f} chars')\n"
    ) % (str(ROOT), n_articles, n_claims, str(folder), str(folder))
    subprocess.run([sys.executable, "-c", code], check=True)


def filter_changes(outlets: list[str], page_index: int, n: int) -> list[dict]:
    """Filter states never used before on this page: a few outlets, all outlets with new dates, kinds."""
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
            changes.append({"outlet": [], "dates": (dt.date(2020 + page_index % 5, 1, 1), dt.date(2025, 12 - page_index, 28))})
    return changes


def bench_app(tables: Path, n_changes: int) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["SYRIA_DASH_TABLES"] = str(tables)
    os.environ["SYRIA_DASH_ARTICLES"] = tempfile.mkdtemp(prefix="no-articles-")  # never rebuild
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    load_s = time.perf_counter() - t0
    assert not at.exception, [e.message for e in at.exception]
    slugs = _outlet_slugs()
    results = {"load_s": load_s, "pages": {}}
    for p, page in enumerate(PAGES):
        at.switch_page(f"pages/{page}.py")
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        assert not at.exception, (page, [e.message for e in at.exception])
        times = []
        for change in filter_changes(slugs, p, n_changes):
            at.multiselect(key="outlet").set_value(change["outlet"])
            if "dates" in change:
                at.date_input(key="dates").set_value(change["dates"])
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, (page, change, [e.message for e in at.exception])
        results["pages"][page] = {"first": first, "reruns": times}
    return results


def _outlet_slugs() -> list[str]:
    """The outlet multiselect's option values (source ids), busiest first."""
    from app_support import _load, tables_dir
    from lib.store.storage import tables_mtime

    corpus = _load(str(tables_dir()), tables_mtime(tables_dir()))
    return list(corpus.outlets["source_id"])


def bench_views(tables: Path) -> dict[str, list[float]]:
    """The query functions alone (no Streamlit), after the same kind of filter changes."""
    from app_support import _load, tables_dir
    from lib.dashboard import views
    from lib.dashboard.filters import Filters
    from lib.store.storage import tables_mtime

    corpus = _load(str(tables_dir()), tables_mtime(tables_dir()))
    slugs = list(corpus.outlets["source_id"])
    filters = [Filters(), Filters(outlets=(slugs[0],)), Filters(outlets=tuple(slugs[1:4])),
               Filters(start=dt.date(2023, 1, 1))]
    fns = {"overview": (views.overview, ("en",)), "attacks": (views.attacks, ("en",)),
           "incidents": (views.incidents, ("en",)), "troops": (views.troops, ("en",)),
           "bases": (views.bases, ("en", None)), "base events": (views.base_events, ("en",)),
           "outlets": (views.outlets, ("en",)),
           "articles": (views.articles, ("",))}
    out = {}
    for name, (fn, args) in fns.items():
        times = []
        for f in filters:
            t0 = time.perf_counter()
            fn(corpus, f, *args)
            times.append(time.perf_counter() - t0)
        out[name] = times
    return out


def bench_cold(tables: Path) -> dict[str, float]:
    """The first start after the tables changed, in a fresh process: no compact cache, so the
    app decodes the Parquet files, computes stories and sort orders, and saves the cache again.
    Returns that start's time (ms) and the process's peak resident memory (MB)."""
    import shutil

    shutil.rmtree(tables / ".dashboard" / "compact", ignore_errors=True)
    code = (
        "import os, resource, sys, tempfile, time; sys.path.insert(0, %r)\n"
        "os.environ['SYRIA_DASH_TABLES'] = %r\n"
        "os.environ['SYRIA_DASH_ARTICLES'] = tempfile.mkdtemp(prefix='no-articles-')\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file(%r, default_timeout=300)\n"
        "t0 = time.perf_counter(); at.run(); ms = (time.perf_counter() - t0) * 1000\n"
        "assert not at.exception, [e.message for e in at.exception]\n"
        "print(ms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    ) % (str(ROOT), str(tables), str(ROOT / "dashboard.py"))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return {"ms": float(out[-2]), "peak": float(out[-1])}


def bench_server(tables: Path) -> dict[str, float]:
    """Resident memory of a real `streamlit run` process serving every page (MB)."""
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, SYRIA_DASH_TABLES=str(tables), SYRIA_DASH_ARTICLES=tempfile.mkdtemp(prefix="no-articles-"))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status() -> dict[str, float]:
        with open(f"/proc/{proc.pid}/status") as fh:
            return {k: int(v.split()[0]) / 1024 for k, v in (ln.split(":", 1) for ln in fh)
                    if k in ("VmRSS", "VmHWM")}

    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        links = ["", "attacks", "troops", "bases", "outlets", "articles", "attacks?outlet=عنب بلدي · Enab Baladi",
                 "outlets?dates=2023-01-01&dates=2025-06-30", "troops?lang=العربية", "bases?lang=العربية"]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            for link in links:
                page.goto(f"{base}/{link}")
                page.wait_for_selector("h1", timeout=120_000)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                       timeout=120_000)
                page.wait_for_timeout(300)
            browser.close()
        return status()
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=4, help="filter changes timed per page")
    parser.add_argument("--data", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--server", action="store_true", help="also measure a real streamlit server's memory")
    parser.add_argument("--cold", action="store_true",
                        help="also measure the first start after the tables change (caches rebuilt)")
    args = parser.parse_args()

    tables = args.data / f"{args.articles}_{args.claims}"
    ensure_tables(args.articles, args.claims, tables)
    base = rss_mb()
    res = bench_app(tables, args.changes)
    after_app = rss_mb()
    view_times = bench_views(tables)

    print(f"\nDashboard benchmark: {args.articles:,} articles, {args.claims:,} claims "
          f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"first start (load tables, first page): {res['load_s'] * 1000:,.0f} ms")
    print(f"\n{'page':10s} {'first visit':>12s} {'rerun median':>13s} {'rerun worst':>12s}   (after a filter change, ms)")
    worst_all = 0.0
    for page, r in res["pages"].items():
        med = statistics.median(r["reruns"]) * 1000
        worst = max(r["reruns"]) * 1000
        worst_all = max(worst_all, worst)
        print(f"{page:10s} {r['first'] * 1000:12.0f} {med:13.0f} {worst:12.0f}")
    print("\nquery functions alone (lib.dashboard.views), ms per filter: no filter / 1 outlet / 3 outlets / since 2023")
    for name, times in view_times.items():
        print(f"  {name:10s} " + " ".join(f"{t * 1000:7.1f}" for t in times))
    print(f"\nmemory: {base:.0f} MB before the app, {after_app:.0f} MB after all pages, "
          f"{rss_mb():.0f} MB now, peak {peak_mb():.0f} MB (resident)")
    peaks = {"this process": peak_mb()}
    if args.server:
        srv = bench_server(tables)
        peaks["server"] = srv["VmHWM"]
        print(f"streamlit server process (every page and some filtered links in chromium): "
              f"{srv['VmRSS']:.0f} MB resident, peak {srv['VmHWM']:.0f} MB")
    if args.cold:
        cold = bench_cold(tables)
        peaks["first start after the tables change"] = cold["peak"]
        print(f"first start after the tables change (caches rebuilt), in a fresh process: "
              f"{cold['ms']:,.0f} ms, peak {cold['peak']:.0f} MB resident")
    ok_time, ok_mem = worst_all <= 200, max(peaks.values()) <= 300
    print(f"targets: rerun <= 200 ms: {'met' if ok_time else 'NOT met'} (worst {worst_all:.0f} ms); "
          f"memory <= 300 MB: {'met' if ok_mem else 'NOT met'} "
          f"(peak {', '.join(f'{k} {v:.0f} MB' for k, v in peaks.items())}; this process now {rss_mb():.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
