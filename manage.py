#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Lore is not configured correctly: {exc}")
    except Exception as exc:
        from django.db import OperationalError

        if isinstance(exc, OperationalError):
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            sys.exit(f"Lore cannot reach its database (check DATABASE_URL): {first_line}")
        raise


if __name__ == "__main__":
    main()
