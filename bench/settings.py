"""Lore's production settings plus the bench's baseline views (bench/bare.py).

Everything else (middleware, sessions, templates, database) is exactly kb.settings, so the
baseline goes through the same stack as the pages it is compared with.
"""

from kb.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
