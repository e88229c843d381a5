import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    sys.exit(f"Lore is not configured correctly: {exc}")

from kb.startup import require_database  # noqa: E402

require_database()
