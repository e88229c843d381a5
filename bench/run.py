#!/usr/bin/env python
"""Lore's page benchmark (``make bench``): how fast Lore serves its pages, as a fraction of the
fastest page Django can serve on the same machine in the same run.

It builds a throwaway database (SQLite, or PostgreSQL with --postgres), seeds a generated corpus
(``seed_demo --articles N``), starts gunicorn with production settings, loads each kind of page
with keep-alive connections for a fixed time, and prints req/s, latency, SQL queries per page,
and each figure as a ratio to a bare view measured in the same run. See bench/README.md.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import load  # noqa: E402

RESULTS = REPO / "bench" / "results"
HOST = "127.0.0.1"
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

# Lore's aims (see README): a signed-in article at half the bare signed-in view's throughput,
# and at most this many queries whatever the size of the tree.
TARGET_RATIO = 0.5
TARGET_QUERIES = 10
# Above this share of one core, the client competes with the server for this 2-core machine.
CLIENT_CPU_WARNING = 50

# The pages loaded, in the order of each round. Rounds interleave the pages with their
# baseline, so a burst of other work on the machine hits both rather than one page's figure.
PHASES = [
    ("bare_anonymous", "bare view, anonymous"),
    ("bare_signed_in", "bare view, signed in"),
    ("article", "random article, signed in"),
    ("popular", "popular article, signed in"),
    ("home", "home page"),
    ("history", "random article's history"),
    ("edit", "random article's edit page"),
]
BASELINE = "bare_signed_in"
POPULAR_ARTICLES = 20
FIXED_URLS = {
    "bare_anonymous": "/bench/bare/",
    "bare_signed_in": "/bench/bare-signed-in/",
    "home": "/",
}
ARTICLE_URLS = {
    "article": "/wiki/{}/",
    "popular": "/wiki/{}/",
    "history": "/wiki/{}/_history/",
    "edit": "/wiki/{}/_edit/",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000, help="corpus size (default 5000)")
    parser.add_argument(
        "--duration", type=float, default=5, help="seconds measured per page per round (5)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="times every page is measured (default 3)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2,
        help="seconds of warm-up before a page's first round (default 2; 0.5 s in later ones)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=4, help="keep-alive connections (default 4)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per worker (default 2: gthread workers, which keep connections alive; "
        "1 gives gunicorn's sync workers, which close the connection after each response)",
    )
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL on 127.0.0.1")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 500 articles, one round of 3 s per page, 1 s warm-up",
    )
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="profile the article page in-process afterwards (auto: when below target)",
    )
    what_if = parser.add_argument_group(
        "what-if options (try a fix before making it; off, the bench measures Lore as shipped)"
    )
    what_if.add_argument(
        "--analyze",
        action=argparse.BooleanOptionalAction,
        help="run ANALYZE after seeding, so the query planner has statistics (default: on "
        "PostgreSQL, where autovacuum would do it within a minute of the import; off on SQLite, "
        "where nothing does it)",
    )
    what_if.add_argument(
        "--conn-max-age",
        type=int,
        metavar="SECONDS",
        help="override the database's CONN_MAX_AGE (e.g. 600: keep SQLite connections open)",
    )
    parser.add_argument("--only", nargs="+", metavar="PAGE", choices=[key for key, _ in PHASES])
    parser.add_argument("--seed", type=int, default=1, help="picks the random articles")
    args = parser.parse_args(argv)
    if args.analyze is None:
        args.analyze = args.postgres
    if args.quick:
        args.articles, args.rounds, args.duration, args.warmup = min(args.articles, 500), 1, 3, 1
    numbers = (args.articles, args.concurrency, args.workers, args.threads, args.rounds)
    if min(numbers) < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error(
            "--articles, --concurrency, --workers, --threads, --rounds, --duration must be > 0"
        )
    return args


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="lore-bench-"))
        self.database_name = f"lore_bench_{os.getpid()}" if args.postgres else None
        self.server = None
        self.port = None
        self.env = self._environment()

    # --- Setup ----------------------------------------------------------------------------------

    def _environment(self):
        env = {
            key: value
            for key, value in os.environ.items()
            # The bench sets these itself; a developer's own would change what is measured.
            if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "TEST_DATABASE_NAME"}
        }
        if self.database_name:
            pg = POSTGRES
            url = f"postgres://{pg['user']}@{pg['host']}:{pg['port']}/{self.database_name}"
        else:
            url = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=url,
            STATIC_ROOT=str(self.tmp / "static"),
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("BENCH_CONN_MAX_AGE", None)
        if self.args.conn_max_age is not None:
            env["BENCH_CONN_MAX_AGE"] = str(self.args.conn_max_age)
        return env

    def manage(self, *command, capture=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            env=self.env,
            capture_output=capture,
            text=True,
        )
        if result.returncode:
            sys.stderr.write(_tail((result.stdout or "") + (result.stderr or "")))
            raise SystemExit(f"bench: manage.py {' '.join(command)} failed")
        return result.stdout

    def create_database(self):
        if not self.database_name:
            return
        with _postgres() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.database_name}"')

    def drop_database(self):
        if not self.database_name:
            return
        import psycopg2

        try:
            with _postgres() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
        except psycopg2.Error as exc:
            print(f"bench: could not drop database {self.database_name}: {exc}", file=sys.stderr)

    def seed(self):
        step("Creating the schema (migrate)")
        self.manage("migrate", "--noinput", "-v", "0")
        # DEBUG=0 serves hashed static names from the manifest, which collectstatic writes.
        self.manage("collectstatic", "--noinput", "-v", "0")
        step(f"Seeding the demo plus a corpus of {self.args.articles:,} articles (seed_demo)")
        started = time.perf_counter()
        self.manage("seed_demo", "--articles", str(self.args.articles))
        seconds = time.perf_counter() - started
        if self.args.analyze:
            step("Gathering planner statistics (ANALYZE)")
            self.manage(
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('ANALYZE')",
            )
        return seconds

    def prepare(self):
        """Sign in, list the article paths, count queries per page (bench/inprocess.py)."""
        output = subprocess.run(
            [sys.executable, "-m", "bench.inprocess", "prepare", "--seed", str(self.args.seed)],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if output.returncode:
            sys.stderr.write(_tail(output.stdout + output.stderr))
            raise SystemExit("bench: preparing the pages failed")
        return json.loads(output.stdout)

    def profile(self, page):
        command = [sys.executable, "-m", "bench.inprocess", "profile", "--page", page]
        output = subprocess.run(command, cwd=REPO, env=self.env, capture_output=True, text=True)
        if output.returncode:
            sys.stderr.write(_tail(output.stdout + output.stderr))
            return None
        return json.loads(output.stdout)

    # --- The server -----------------------------------------------------------------------------

    def start_server(self):
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "kb.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.args.workers),
            "--threads",
            str(self.args.threads),
            "--keep-alive",
            "10",
            "--log-level",
            "warning",
        ]
        if Path("/dev/shm").is_dir():
            # Workers touch a heartbeat file; on a disk that can stall them (gunicorn's docs).
            command += ["--worker-tmp-dir", "/dev/shm"]
        self.server_log = self.tmp / "gunicorn.log"
        with open(self.server_log, "w") as log:
            self.server = subprocess.Popen(
                command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited:\n{self.server_log.read_text()[-3000:]}")
            try:
                if load.fetch(HOST, self.port, "/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("bench: gunicorn did not answer /healthz within 60 s")

    def stop_server(self):
        if self.server is None or self.server.poll() is not None:
            return
        self.server.terminate()
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()

    def cleanup(self):
        self.stop_server()
        self.drop_database()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- The run --------------------------------------------------------------------------------

    def run(self):
        args = self.args
        database = "PostgreSQL" if args.postgres else "SQLite"
        load_before = os.getloadavg()
        self.create_database()
        seed_seconds = self.seed()
        step("Signing in and counting SQL queries per page (in-process)")
        prepared = self.prepare()
        cookie, paths = prepared["cookie"], prepared["paths"]

        kind = "sync" if args.threads == 1 else f"gthread, {args.threads} threads each"
        step(f"Starting gunicorn: {args.workers} workers ({kind}), DEBUG=0")
        self.start_server()
        self.check_pages(cookie, paths)

        pages = [(key, label) for key, label in PHASES if not args.only or key in args.only]
        rounds = []
        for number in range(1, args.rounds + 1):
            warmup = args.warmup if number == 1 else min(args.warmup, 0.5)
            step(
                f"Round {number}/{args.rounds}: {args.duration:g} s per page "
                f"after {warmup:g} s warm-up, {args.concurrency} connections"
            )
            results = {}
            for key, label in pages:
                results[key] = load.run_phase(
                    key,
                    host=HOST,
                    port=self.port,
                    paths=self.urls_for(key, paths),
                    cookie="" if key == "bare_anonymous" else cookie,
                    concurrency=args.concurrency,
                    warmup=warmup,
                    duration=args.duration,
                    server_pid=self.server.pid,
                    database_name=self.database_name,
                    seed=args.seed + number,
                )
                r = results[key]
                print(
                    f"    {label:<30} {r.rps:8.1f} req/s  p50 {r.percentile(0.5):6.1f} ms  "
                    f"errors {r.errors}",
                    flush=True,
                )
            rounds.append(results)
        self.stop_server()

        report = build_report(args, prepared, rounds, pages)
        ratio = report["verdict"]["article_ratio"]
        profile = None
        if args.profile == "always" or (
            args.profile == "auto" and ratio is not None and ratio < TARGET_RATIO
        ):
            step("Profiling the article page in-process (cProfile)")
            profile = self.profile("article")
        report.update(
            started=datetime.now().isoformat(timespec="seconds"),
            database=database,
            server={"workers": args.workers, "threads": args.threads, "kind": kind},
            corpus={
                "articles_requested": args.articles,
                "live_articles": prepared["articles"],
                "seed_seconds": round(seed_seconds, 1),
            },
            machine={
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "loadavg_before": [round(v, 2) for v in load_before],
                "loadavg_after": [round(v, 2) for v in os.getloadavg()],
            },
            profile=profile,
        )
        print_report(report)
        if profile:
            print_profile(profile)
        saved = save(report)
        print(f"\nResults saved to {saved.relative_to(REPO)}")
        return 1 if any(row["errors"] for row in report["pages"]) else 0

    def urls_for(self, key, paths):
        if key in FIXED_URLS:
            return [FIXED_URLS[key]]
        if key == "popular":
            # A few articles read again and again, as a wiki's most read pages are: served
            # from the cached fragments, where a random article of thousands mostly is not.
            paths = paths[:: max(1, len(paths) // POPULAR_ARTICLES)][:POPULAR_ARTICLES]
        return [ARTICLE_URLS[key].format(path) for path in paths]

    def check_pages(self, cookie, paths):
        """Each page answers 200 over HTTP before it is loaded: a login redirect or an error
        page would otherwise be measured as a very fast page."""
        for key, _ in PHASES:
            url = self.urls_for(key, paths)[0]
            response = load.fetch(HOST, self.port, url, "" if key == "bare_anonymous" else cookie)
            if response.status != 200:
                raise SystemExit(f"bench: GET {url} answered {response.status}, not 200")


def build_report(args, prepared, rounds, pages):
    """Figures per page over all rounds. Ratios are taken within each round (page and baseline
    measured a few seconds apart) and the median round is reported."""
    queries = prepared["pages"]
    rows = []
    for key, label in pages:
        combined = load.combine(key, [results[key] for results in rounds])
        row = combined.summary()
        row["label"] = label
        for baseline in ("bare_signed_in", "bare_anonymous"):
            per_round = [
                _ratio(results[key].rps, results[baseline].rps)
                for results in rounds
                if baseline in results
            ]
            row[f"vs_{baseline}"] = _median(per_round)
            row[f"vs_{baseline}_rounds"] = per_round
        # The same comparison by CPU time per request: what the throughput ratio would be if
        # both pages had the machine to themselves, so it holds up better on a busy machine.
        cpu_rounds = [
            _ratio(
                results[BASELINE].server_cpu_ms_per_request, results[key].server_cpu_ms_per_request
            )
            for results in rounds
            if BASELINE in results and results[key].server_cpu_ms_per_request
        ]
        row["cpu_vs_bare_signed_in"] = _median(cpu_rounds)
        row["cpu_vs_bare_signed_in_rounds"] = cpu_rounds
        row["rounds_rps"] = [round(results[key].rps, 1) for results in rounds]
        row["max_queries"] = queries[key]["max_queries"]
        row["page_bytes"] = queries[key]["bytes"]
        row["ms_in_process"] = round(queries[key]["ms_in_process"], 2)
        rows.append(row)
    by_key = {row["name"]: row for row in rows}
    baseline_rounds = by_key.get(BASELINE, {}).get("rounds_rps", [])
    drift = None
    if len(baseline_rounds) > 1 and max(baseline_rounds):
        drift = round((max(baseline_rounds) - min(baseline_rounds)) / max(baseline_rounds), 3)
    return {
        "options": vars(args),
        "pages": rows,
        "baseline_drift": drift,
        "queries": {
            name: {
                "max": page["max_queries"],
                "min": page["min_queries"],
                "bytes": page["bytes"],
                "ms_in_process": round(page["ms_in_process"], 2),
                "samples": page["samples"],
            }
            for name, page in queries.items()
        },
        "verdict": {
            "article_ratio": by_key.get("article", {}).get("vs_bare_signed_in"),
            "article_cpu_ratio": by_key.get("article", {}).get("cpu_vs_bare_signed_in"),
            "article_ratio_target": TARGET_RATIO,
            "article_queries": queries["article"]["max_queries"],
            "article_queries_target": TARGET_QUERIES,
        },
    }


def _ratio(value, baseline):
    return round(value / baseline, 3) if baseline else None


def _median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    return (
        values[middle] if len(values) % 2 else round((values[middle - 1] + values[middle]) / 2, 3)
    )


def print_report(report):
    options = report["options"]
    corpus = report["corpus"]
    server = report["server"]
    machine = report["machine"]
    print(
        f"\nLore page benchmark: {report['database']}, {corpus['live_articles']:,} live articles, "
        f"gunicorn {server['workers']} workers ({server['kind']}), "
        f"{options['concurrency']} connections, {options['rounds']} × {options['duration']:g} s "
        "per page"
    )
    what_if = []
    if options["analyze"] != options["postgres"]:
        what_if.append("--analyze" if options["analyze"] else "--no-analyze")
    if options["conn_max_age"] is not None:
        what_if.append(f"--conn-max-age {options['conn_max_age']}")
    if what_if:
        print(f"WHAT-IF run, not Lore as shipped: {' '.join(what_if)}")
    print(
        f"machine: {machine['cpus']} CPUs, load average {machine['loadavg_before'][0]:.2f} "
        f"before, {machine['loadavg_after'][0]:.2f} after\n"
    )
    header = (
        f"{'page':<27} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'err':>3} {'×signed-in':>10} "
        f"{'×anon':>6} {'CPU ms':>7} {'×CPU':>5} {'SQL':>3} {'KB':>4} {'ms/req':>6} "
        f"{'CPU s/c/all':>11}"
    )
    print(header)
    print("-" * len(header))
    for row in report["pages"]:
        cpu = "/".join(
            "-" if row[key] is None else f"{row[key]:.0f}"
            for key in ("server_cpu_percent", "client_cpu_percent", "machine_cpu_percent")
        )
        print(
            f"{row['label']:<27} {row['rps']:>7.1f} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
            f"{row['errors']:>3} {_fmt(row['vs_bare_signed_in']):>10} "
            f"{_fmt(row['vs_bare_anonymous']):>6} {_fmt(row['server_cpu_ms_per_request']):>7} "
            f"{_fmt(row['cpu_vs_bare_signed_in']):>5} {_fmt(row['max_queries'], 'd'):>3} "
            f"{_fmt((row['page_bytes'] or 0) / 1000, '.0f'):>4} "
            f"{_fmt(row['ms_in_process'], '.1f'):>6} {cpu:>11}"
        )
    print(
        "\nreq/s, p50, p95: over all rounds.  ×signed-in, ×anon: req/s as a fraction of the bare "
        "view's\n(signed in / anonymous), taken within each round; the median round is shown.\n"
        "CPU ms: the server's CPU time per request (gunicorn, plus PostgreSQL's backends);\n"
        "×CPU: the signed-in bare view's CPU ms over the page's, i.e. ×signed-in as it would be\n"
        "with the machine to themselves.  SQL: most queries on sampled pages.  ms/req: median\n"
        "time of one request in-process, no HTTP.  CPU s/c/all: % of one core used by the server\n"
        "/ this client / the whole machine (200 = both cores busy)."
    )
    for row in report["pages"]:
        for sample in row["error_samples"]:
            print(f"  error on {row['name']}: {sample}")
        if row["client_cpu_percent"] > CLIENT_CPU_WARNING:
            print(
                f"  warning: the load generator used {row['client_cpu_percent']:.0f}% of a core "
                f"on {row['name']}: it may have held that page's req/s down"
            )
    drift = report["baseline_drift"]
    if drift is not None:
        note = " (noisy machine: figures are rough; rerun to confirm)" if drift > 0.15 else ""
        print(f"The signed-in baseline varied {drift:.0%} between rounds{note}.")
    verdict = report["verdict"]
    if verdict["article_ratio"] is not None:
        ok = verdict["article_ratio"] >= TARGET_RATIO
        by_cpu = verdict["article_cpu_ratio"]
        print(
            f"\nVERDICT: article view = {verdict['article_ratio']:.2f} × bare signed-in view "
            f"(target ≥ {TARGET_RATIO}): {'OK' if ok else 'BELOW TARGET'}"
            + (f"  [by CPU time: {by_cpu:.2f}]" if by_cpu is not None else "")
        )
    ok = verdict["article_queries"] <= TARGET_QUERIES
    print(
        f"VERDICT: article view = {verdict['article_queries']} SQL queries "
        f"(target ≤ {TARGET_QUERIES}): {'OK' if ok else 'ABOVE TARGET'}"
    )


def print_profile(profile):
    print(
        f"\nWhere an article page's time goes (cProfile, {profile['requests']} requests, "
        f"{profile['ms_per_request_profiled']:.1f} ms each under the profiler):"
    )
    whole = profile["landmarks"][0]["ms"] or 1
    for landmark in profile["landmarks"]:
        print(f"  {landmark['label']:<55} {landmark['ms']:7.2f} ms  {landmark['ms'] / whole:5.0%}")
    print("Own time by area (adds up to the whole):")
    for area in profile["areas"]:
        print(f"  {area['area']:<55} {area['ms']:7.2f} ms  {area['share']:5.0%}")
    print("Top functions by own time (ms per request, calls per request):")
    for row in profile["top_own_time"][:12]:
        print(f"  {row['own_ms']:7.3f} ms  {row['calls_per_request']:>8}×  {row['function']}")


def _fmt(value, spec=".2f"):
    return "-" if value is None else format(value, spec)


def save(report):
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = report["database"].lower()
    path = RESULTS / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{database}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


def _tail(text, limit=4000):
    return text if len(text) <= limit else "…" + text[-limit:]


def step(message):
    print(f"==> {message}", flush=True)


def _free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class _postgres:
    """A cursor on the server's maintenance database, in autocommit (CREATE/DROP DATABASE)."""

    def __enter__(self):
        import psycopg2

        self.connection = psycopg2.connect(dbname="postgres", connect_timeout=5, **POSTGRES)
        self.connection.autocommit = True
        return self.connection.cursor()

    def __exit__(self, *exc):
        self.connection.close()


def _exit_on_signal(signum, frame):
    # Turn SIGTERM/SIGHUP into an exception, so the finally below cleans up.
    raise SystemExit(128 + signum)


def main():
    args = parse_args()
    # Started in the background by a shell, a process inherits SIGINT ignored: restore it so
    # Ctrl+C (or kill -INT) still stops the bench and cleans up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    bench = Bench(args)
    try:
        return bench.run()
    except KeyboardInterrupt:
        print("\nbench: interrupted; cleaning up", file=sys.stderr)
        return 130
    except SystemExit as exc:
        if isinstance(exc.code, int) and exc.code > 128:
            print(f"\nbench: stopped by signal {exc.code - 128}; cleaning up", file=sys.stderr)
        raise
    finally:
        bench.cleanup()


if __name__ == "__main__":
    sys.exit(main())
