"""The parts of the bench that run inside Django, in a process of their own (bench/run.py starts
it with the bench's environment):

- ``prepare``: signs a user in, lists the pages to load, counts the SQL queries of each kind of
  page and times it without HTTP;
- ``profile``: runs pages under cProfile and says where the time goes.

Pages go through Django's WSGI handler directly, the way gunicorn calls it, rather than through
the test Client, whose template-context recording would inflate rendering costs.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402

BENCH_USERNAME = "alice"  # a demo employee (seed_demo): an ordinary, non-staff reader
SAMPLED_ARTICLES = 8
TIMED_REQUESTS = 40

# Each kind of page the bench loads: its name and how to make its URL from an article path.
PAGE_KINDS = {
    "article": lambda path: f"/wiki/{path}/",
    # The same pages again, now cached: what a much-read article costs (bench/run.py loads 20).
    "popular": lambda path: f"/wiki/{path}/",
    "history": lambda path: f"/wiki/{path}/_history/",
    "edit": lambda path: f"/wiki/{path}/_edit/",
}
FIXED_PAGES = {
    "bare_anonymous": "/bench/bare/",
    "bare_signed_in": "/bench/bare-signed-in/",
    "home": "/",
}

application = get_wsgi_application()


def call(path, cookie=""):
    """(status, headers, body) of GET ``path``, as gunicorn would get them."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split(" ", 1)[0])
        started["headers"] = headers

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return started["status"], started["headers"], body


def sign_in():
    """A session cookie (and a CSRF cookie, as a browser would send back) for the bench user."""
    User = get_user_model()
    user = User.objects.filter(username=BENCH_USERNAME).first()
    if user is None:
        sys.exit(f"bench: no user {BENCH_USERNAME!r}: did seed_demo run?")
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return user, f"{name}={client.cookies[name].value}"


def csrf_cookie(cookie, path):
    status, headers, _ = call(PAGE_KINDS["edit"](path), cookie)
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith(f"{settings.CSRF_COOKIE_NAME}="):
            return value.split(";", 1)[0]
    return ""


def measure(url, cookie):
    with CaptureQueriesContext(connection) as queries:
        status, _, body = call(url, cookie)
    return {
        "url": url,
        "status": status,
        "queries": len(queries),
        "bytes": len(body),
        "sql": [query["sql"][:300] for query in queries.captured_queries],
    }


def timed(urls, cookie, count):
    """Median milliseconds per request, in this process, without HTTP (the median, because
    other work on a shared machine only ever adds time)."""
    times = []
    for index in range(count):
        started = time.perf_counter()
        call(urls[index % len(urls)], cookie)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def prepare(args):
    user, cookie = sign_in()
    paths = sorted(Article.objects.visible_to(user).values_list("path", flat=True))
    if not paths:
        sys.exit("bench: the database has no articles: did seed_demo run?")
    sample = random.Random(args.seed).sample(paths, min(SAMPLED_ARTICLES, len(paths)))
    cookie = "; ".join(filter(None, [cookie, csrf_cookie(cookie, sample[0])]))
    # The first signed-in request of a process reads the session from the database; later
    # ones find it in the cache, as gunicorn's long-lived workers do. Count the steady state.
    call(FIXED_PAGES["bare_signed_in"], cookie)

    pages = {}
    for name, url in FIXED_PAGES.items():
        pages[name] = {"samples": [measure(url, "" if name == "bare_anonymous" else cookie)]}
        pages[name]["ms_in_process"] = timed(
            [url], "" if name == "bare_anonymous" else cookie, TIMED_REQUESTS
        )
    for name, url_for in PAGE_KINDS.items():
        urls = [url_for(path) for path in sample]
        pages[name] = {"samples": [measure(url, cookie) for url in urls]}
        pages[name]["ms_in_process"] = timed(urls, cookie, TIMED_REQUESTS)
    for page in pages.values():
        samples = page["samples"]
        page["max_queries"] = max(sample["queries"] for sample in samples)
        page["min_queries"] = min(sample["queries"] for sample in samples)
        page["bytes"] = round(sum(sample["bytes"] for sample in samples) / len(samples))
        page["statuses"] = sorted({sample["status"] for sample in samples})
        failed = [f"{s['url']} answered {s['status']}" for s in samples if s["status"] != 200]
        if failed:
            sys.exit("bench: pages fail before any load:\n  " + "\n  ".join(failed))

    json.dump(
        {
            "user": user.username,
            "cookie": cookie,
            "paths": paths,
            "articles": Article.objects.live().count(),
            "pages": pages,
        },
        sys.stdout,
    )


# --- Profile -----------------------------------------------------------------------------------

# (label, file path part, function name or "*"): cumulative time inside these, per request.
# They overlap (SQL runs inside the view and inside templates) by design: each answers "how
# much of the page is spent doing X".
LANDMARKS = [
    ("whole request (WSGI handler)", "django/core/handlers/wsgi.py", "__call__"),
    ("view, with its article lookup and queries", ("articles/views/", "articles/lookup.py"), "*"),
    ("template rendering (lazy queries included)", "template/backends/django.py", "render"),
    ("sidebar_tree()", "articles/tree.py", "sidebar_tree"),
    ("SQL execution (cursor.execute, driver)", "django/db/backends/utils.py", "_execute"),
    ("ORM: model instances from rows", "django/db/models/base.py", "from_db"),
    ("reverse() (URL building, anywhere)", "django/urls/base.py", "reverse"),
    ("{% static %}", "django/templatetags/static.py", "handle_simple"),
    ("session load", "django/contrib/sessions/backends/base.py", "_get_session"),
    ("user load (auth.get_user)", "django/contrib/auth/__init__.py", "get_user"),
    ("URL resolving", "django/urls/resolvers.py", "resolve"),
]

# Own (exclusive) time by where the code lives: these add up to the whole.
AREAS = [
    # SQLiteCursorWrapper.execute shows as a built-in: it is where sqlite3 runs the query.
    ("database driver (C)", ("sqlite3", "sqlitecursorwrapper", "psycopg2")),
    ("Django ORM (django/db)", ("django/db/",)),
    ("Django templates", ("django/template/", "django/templatetags/", "django/contrib/humanize/")),
    ("Django utils (escaping, dates, lazy)", ("django/utils/",)),
    ("Django URLs", ("django/urls/",)),
    ("sessions + auth", ("django/contrib/sessions/", "django/contrib/auth/")),
    (
        "handlers, middleware, HTTP",
        ("django/core/handlers/", "django/middleware/", "django/http/", "django/contrib/messages/"),
    ),
    ("django-mptt", ("/mptt/",)),
    ("django-reversion", ("/reversion/",)),
    ("other Django", ("django/",)),
    ("other libraries", ("site-packages/",)),
    ("Lore's code (articles/, accounts/, kb/)", ("/articles/", "/accounts/", "/kb/", "/search/")),
]


def profile(args):
    _, cookie = sign_in()
    user = get_user_model().objects.get(username=BENCH_USERNAME)
    paths = list(Article.objects.visible_to(user).values_list("path", flat=True))
    rng = random.Random(args.seed)
    if args.page in PAGE_KINDS:
        urls = [PAGE_KINDS[args.page](rng.choice(paths)) for _ in range(args.requests)]
    else:
        urls = [FIXED_PAGES[args.page]] * args.requests
    for url in urls[:10]:  # warm caches (templates, session, URL resolver)
        status, _, _ = call(url, cookie)
        if status != 200:
            sys.exit(f"bench: GET {url} answered {status}; profiling an error page is pointless")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for url in urls:
        call(url, cookie)
    profiler.disable()
    wall_ms = (time.perf_counter() - started) * 1000 / len(urls)
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, "django/core/handlers/wsgi.py", "__call__")
    report = {
        "page": args.page,
        "requests": len(urls),
        "ms_per_request_profiled": round(wall_ms, 2),
        "landmarks": [
            {
                "label": label,
                "ms": round(_cumulative(stats, ending, name) * 1000 / len(urls), 3),
                "share": round(_cumulative(stats, ending, name) / total, 3) if total else 0,
            }
            for label, ending, name in LANDMARKS
        ],
        "areas": _areas(stats, len(urls)),
        "top_own_time": _top(stats, len(urls), "tottime"),
        "top_cumulative": _top(stats, len(urls), "cumulative"),
    }
    json.dump(report, sys.stdout)


def _cumulative(stats, where, name):
    """Cumulative seconds in functions named ``name`` ("*": any) in files whose path contains
    ``where`` (or one of them), not counting calls made from another of them (a nested call
    isn't counted twice)."""
    parts = (where,) if isinstance(where, str) else where
    matches = {
        key
        for key in stats.stats
        if any(part in key[0].replace(os.sep, "/") for part in parts)
        and (name == "*" or key[2] == name)
    }
    total = 0.0
    for key in matches:
        _, _, _, cumulative, callers = stats.stats[key]
        if not callers:
            total += cumulative
            continue
        share_from_outside = sum(c[3] for caller, c in callers.items() if caller not in matches)
        total += min(cumulative, share_from_outside)
    return total


def _areas(stats, requests):
    own = {}
    for key, (_, _, tottime, _, _) in stats.stats.items():
        where = f"{key[0]} {key[2]}".replace(os.sep, "/").lower()
        area = next(
            (label for label, parts in AREAS if any(part in where for part in parts)),
            "Python itself (stdlib, builtins)",
        )
        own[area] = own.get(area, 0.0) + tottime
    total = sum(own.values()) or 1.0
    return [
        {
            "area": area,
            "ms": round(seconds * 1000 / requests, 3),
            "share": round(seconds / total, 3),
        }
        for area, seconds in sorted(own.items(), key=lambda item: item[1], reverse=True)
    ]


def _top(stats, requests, order):
    index = 2 if order == "tottime" else 3
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][index], reverse=True)
    return [
        {
            "function": f"{_short(key[0])}:{key[1]}({key[2]})",
            "calls_per_request": round(calls / requests, 1),
            "own_ms": round(own * 1000 / requests, 3),
            "cumulative_ms": round(cumulative * 1000 / requests, 3),
        }
        for key, (_, calls, own, cumulative, _) in ranked[:25]
    ]


def _short(filename):
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("--seed", type=int, default=1)
    profile_parser = commands.add_parser("profile")
    profile_parser.add_argument("--page", default="article", choices=[*PAGE_KINDS, *FIXED_PAGES])
    profile_parser.add_argument("--requests", type=int, default=300)
    profile_parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    {"prepare": prepare, "profile": profile}[args.command](args)


if __name__ == "__main__":
    main()
