#!/usr/bin/env python
"""Search benchmark (``make bench-search``): latency of ``search.query.search()`` on PostgreSQL
with a generated corpus of 10,000 and 100,000 articles.

For each size it uses a throwaway database ``<prefix>_<size>`` (created if missing, or dropped
and recreated with ``--fresh``), migrates it, loads the corpus with ``seed_demo --articles N``
(which indexes as it loads; re-running only tops up), refreshes the planner's statistics, then
times ``search()`` as a signed-in employee for four kinds of query:

- common: words in most articles ("team", "review"), alone and together;
- rare: words in a handful of articles (invented names, found in a sample of the corpus);
- phrase: quoted pairs of common words ("quarterly budget");
- prefix: the start of a word, as typed ("budg"), matched as a prefix;
- exclusion: a common word without another common word ("deploy -team").

Every query runs once to warm up, then ``--runs`` times; p50/p95 are over all timings of a kind.
Search-as-you-type (``suggest_titles``) is timed too. Target (issue 7): p95 <= 50 ms for every
kind at 100,000 articles.

    .venv/bin/python bench/search_bench.py                 # 10,000 and 100,000
    .venv/bin/python bench/search_bench.py --sizes 10000 --runs 5
    .venv/bin/python bench/search_bench.py --fresh         # rebuild the databases first

The PostgreSQL server is the one in ``--server`` (default postgres://postgres@127.0.0.1:5432).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50

QUERIES = {
    "common": ["team", "review", "process", "customer", "new", "team review", "project update"],
    # "rare": words in a handful of articles, picked from each corpus (see rare_words).
    "phrase": [
        '"quarterly budget"',
        '"new team"',
        '"customer request"',
        '"weekly report"',
        '"internal service"',
        '"release process"',
    ],
    "prefix": ["budg", "revi", "custo", "proj", "deplo", "sched"],
    # A word leaving out another word; both in many articles (issue 7: "deploy -team").
    "exclusion": ["deploy -team", "team -review", "customer -process", "review -new"],
}
SUGGESTIONS = ["te", "bud", "quarterly re", "how to rev", "vel"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes (comma-separated)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--prefix", default="lore_bench_search", help="database name prefix")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the databases")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    # Internal: time searches in this process against --database-url.
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- Orchestration (no Django here: each database needs its own process) -----------------------


def psql(server, sql, database="postgres"):
    subprocess.run(
        ["psql", f"{server}/{database}", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def database_exists(server, name):
    result = subprocess.run(
        [
            "psql",
            f"{server}/postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() == "1"


def prepare(args, size):
    name = f"{args.prefix}_{size}"
    if args.fresh and database_exists(args.server, name):
        psql(args.server, f'DROP DATABASE "{name}" WITH (FORCE)')
    if not database_exists(args.server, name):
        psql(args.server, f'CREATE DATABASE "{name}"')
    url = f"{args.server}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    manage = [sys.executable, str(REPO / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, env=env, cwd=REPO)
    subprocess.run(
        [*manage, "seed_demo", "--articles", str(size), "-v", "0"], check=True, env=env, cwd=REPO
    )
    # A bulk load leaves the planner without statistics: it would guess, and guess badly.
    psql(args.server, "VACUUM ANALYZE", database=name)
    return url, time.perf_counter() - started


def measure(args, url):
    env = {**os.environ, "DATABASE_URL": url}
    # Production settings (no DEBUG query log), as a server would run.
    env.pop("DEBUG", None)
    env.setdefault("SECRET_KEY", "search-benchmark-only")
    command = [sys.executable, __file__, "--measure", "--database-url", url, "--runs"]
    output = subprocess.run(
        [*command, str(args.runs)], check=True, env=env, cwd=REPO, capture_output=True, text=True
    )
    return json.loads(output.stdout)


def main(argv=None):
    args = parse_args(argv)
    if args.measure:
        print(json.dumps(run_measurements(args.runs)))
        return 0
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    report = {"machine": platform.node(), "load": os.getloadavg(), "sizes": {}}
    for size in sizes:
        print(f"Preparing {size:,} articles…", file=sys.stderr)
        url, seconds = prepare(args, size)
        print(f"  ready in {seconds:,.0f} s; timing searches…", file=sys.stderr)
        report["sizes"][size] = measure(args, url)
    report["load_after"] = os.getloadavg()
    print_table(report, args.runs)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


def print_table(report, runs):
    first = next(iter(report["sizes"].values()), {})
    print()
    print(f"search() latency on {first.get('database', 'PostgreSQL')}, {runs} runs per query")
    print(
        f"{'articles':>9}  {'kind':<11}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}  results (median)"
    )
    for size, figures in report["sizes"].items():
        for kind, row in figures["kinds"].items():
            flag = "" if row["p95"] <= TARGET_P95_MS else "  > target"
            print(
                f"{int(size):>9,}  {kind:<11}{row['queries']:>8}{row['p50']:>9.1f}"
                f"{row['p95']:>9.1f}  {row['results']}{flag}"
            )
    load = ", ".join(f"{value:.1f}" for value in report["load"])
    print(f"\nTarget: p95 <= {TARGET_P95_MS} ms. Load average before the run: {load}.")


# --- Measuring (inside Django) -----------------------------------------------------------------


def run_measurements(runs):
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from articles.models import Article
    from search.query import search, suggest_titles

    reader = User.objects.get(username="alice")  # a demo employee, not an admin
    queries_by_kind = {"rare": rare_words(connection), **QUERIES}
    kinds = {}
    for kind, queries in queries_by_kind.items():
        kinds[kind] = _time_kind(queries, runs, lambda q: search(reader, q).total)
    kinds["suggest"] = _time_kind(SUGGESTIONS, runs, lambda q: len(suggest_titles(reader, q)))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return {
        "database": f"PostgreSQL {version}",
        "articles": Article.objects.live().count(),
        "kinds": kinds,
        "queries": queries_by_kind,
    }


def rare_words(connection, count=7):
    """Words in one article of a 5% sample (so in about 1 to 20 of all), longer than 5 letters."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat('SELECT vector FROM search_searchdocument"
            " WHERE article_id %% 20 = 0') WHERE ndoc = 1 AND length(word) > 5"
            " AND word ~ '^[a-z]+$' ORDER BY md5(word) LIMIT %s",
            [count],
        )
        return [word for (word,) in cursor.fetchall()]


def _time_kind(queries, runs, run):
    timings, results = [], []
    for query in queries:
        run(query)  # warm-up: plans and pages cached, as on a busy server
    for _ in range(runs):
        for query in queries:
            started = time.perf_counter()
            found = run(query)
            timings.append((time.perf_counter() - started) * 1000)
            results.append(found)
    return {
        "queries": len(queries),
        "p50": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0],
        "results": int(statistics.median(results)),
    }


if __name__ == "__main__":
    sys.exit(main())
