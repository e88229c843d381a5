"""Lore's production settings plus the bench's baseline views (bench/bare.py).

Everything else (middleware, sessions, templates, database) is exactly kb.settings, so the
baseline goes through the same stack as the pages it is compared with.
"""

import os

from kb.settings import *  # noqa: F403
from kb.settings import DATABASES

ROOT_URLCONF = "bench.bare"

# A what-if knob (bench/run.py --conn-max-age) for trying a change before making it in
# kb/settings.py. Unset, the database settings are production's.
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])
