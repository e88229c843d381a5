import sys

from django.db import OperationalError, connection


def require_database():
    """Stop a server process with one readable line when the database can't be reached,
    instead of answering every request with a 500 and a traceback in the log."""
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = (str(exc).strip().splitlines() or [repr(exc)])[0]
        sys.exit(f"Lore cannot reach its database (check DATABASE_URL): {first_line}")
    finally:
        # Don't hand a pre-fork connection to gunicorn workers.
        connection.close()
