"""Lore's settings: one file, every knob an environment variable with a laptop-safe default.

Every variable is documented in README.md ("Configuration").
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Only for a laptop or the test suite: sessions signed with it are worthless elsewhere.
        SECRET_KEY = "insecure-local-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DEBUG=1 for local use."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not TESTING else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "Lore")

INSTALLED_APPS = [
    "accounts",
    "articles",
    "search",
    "notifications",
    "discussion",
    "review",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mptt",
    "reversion",
    "axes",
    # Only for single sign-on through OpenID Connect (off unless LORE_OIDC_SERVER_URL is set);
    # Lore's own views keep sign-in, signup, invitations and passwords. allauth.account is
    # socialaccount's required base (its models and middleware); its URLs aren't mounted.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Required by django-allauth (single sign-on): turns its flow's early answers into responses.
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into Lore's lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kb.context_processors.site",
                "notifications.context_processors.bell",
                "review.context_processors.overdue",
            ],
            # {% site_header %} and {% site_footer %}: the layout's memoised parts;
            # {{ moment|time_ago }}.
            "libraries": {"layout": "kb.layout", "when": "kb.when"},
        },
    },
]
if not DEBUG:
    # Compile templates once per process instead of per request.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _database = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj-database-url raises a bare ValueError/KeyError on unknown schemes
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Lore understands ({exc}). "
        "Use sqlite:///path/to/db.sqlite3 or postgres://user:password@host:5432/name."
    ) from None

# Opening a connection per request cost a Django wiki 38% of its throughput here (and on
# SQLite, three PRAGMAs each time): keep them.
_database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent saves queue behind the busy
        # timeout instead of failing with "database is locked" when a reader upgrades.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
elif _database["ENGINE"] in {
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
}:
    _database["ENGINE"] = "django.db.backends.postgresql"
    _database["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
    _database.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
else:
    raise ImproperlyConfigured(
        f"DATABASE_URL uses {_database['ENGINE']}; Lore supports SQLite and PostgreSQL."
    )
if os.environ.get("TEST_DATABASE_NAME"):
    _database["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lore"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read on every request: the cache answers, the database keeps them durable.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is hashed (~0.5 s each here).
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # The production hasher costs ~0.5 s of CPU per check here; tests sign in hundreds of times.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- HTTPS (production) ---------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_HTTPONLY = True

# --- Sign-in throttling (django-axes; docs/permissions.md "Sign-in and lockouts") -----------
# By account, never by IP alone: a whole office shares one proxy address. Failures are
# counted per account (whatever IP they come from) and per account and IP.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Attempts during a lockout don't extend it, so an attacker can't keep someone out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# "alice" and "Alice@Example.com" are the same account: one counter.
AXES_USERNAME_CALLABLE = "accounts.throttling.attempted_account"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out"
AXES_VERBOSE = False
if env_bool("BEHIND_PROXY", False):
    # The proxy appends the client's address; without this every attempt comes from the proxy.
    AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 1)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lore <lore@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails (sent by a background worker, with no request to build them from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Background tasks (django-tasks; README "Background worker") --------------------------
# "immediate" runs a task in the process that queues it (development, tests); "database"
# queues it in the database for `manage.py db_worker` (production's default).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
LORE_TASKS_BACKEND = os.environ.get(
    "LORE_TASKS_BACKEND", "immediate" if DEBUG or TESTING else "database"
)
if LORE_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"LORE_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, got {LORE_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[LORE_TASKS_BACKEND]}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        # whitenoise's compressed manifest storage, remembering each file's URL.
        else "kb.staticfiles.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Lore -----------------------------------------------------------------------------------
# Bodies above this are refused with the text kept in the form (see articles/markdown.py).
LORE_MAX_BODY_CHARS = env_int("LORE_MAX_BODY_CHARS", 500_000)
# Longest comment accepted (discussion); longer ones are refused with the text kept.
LORE_MAX_COMMENT_CHARS = env_int("LORE_MAX_COMMENT_CHARS", 20_000)
# Email domains whose people may create their own (employee) account; empty: invitations only.
LORE_SIGNUP_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("LORE_SIGNUP_DOMAINS")]

# --- Single sign-on: OpenID Connect through django-allauth (docs/permissions.md) -------------
# Off unless LORE_OIDC_SERVER_URL (the issuer, or its /.well-known/openid-configuration) is set.
LORE_OIDC_SERVER_URL = os.environ.get("LORE_OIDC_SERVER_URL", "").strip()
LORE_OIDC_ENABLED = bool(LORE_OIDC_SERVER_URL)
LORE_OIDC_PROVIDER_NAME = os.environ.get("LORE_OIDC_PROVIDER_NAME", "").strip() or "single sign-on"
LORE_OIDC_CLIENT_ID = os.environ.get("LORE_OIDC_CLIENT_ID", "").strip()
LORE_OIDC_CLIENT_SECRET = os.environ.get("LORE_OIDC_CLIENT_SECRET", "")
# Addresses the provider vouches for must be in these domains (empty: any).
LORE_OIDC_ALLOWED_DOMAINS = [
    domain.lower().lstrip("@") for domain in env_list("LORE_OIDC_ALLOWED_DOMAINS")
]
# A first sign-in of someone without an account creates an employee (Editor); off: only people
# who already have an account (matched by verified email) may use single sign-on.
LORE_OIDC_CREATE_ACCOUNTS = env_bool("LORE_OIDC_CREATE_ACCOUNTS", True)
# Treat the provider's addresses as verified even without an email_verified claim (for a
# company directory that doesn't send it, e.g. Microsoft Entra ID).
LORE_OIDC_TRUST_EMAIL = env_bool("LORE_OIDC_TRUST_EMAIL", False)
if LORE_OIDC_ENABLED and not (LORE_OIDC_CLIENT_ID and LORE_OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "LORE_OIDC_SERVER_URL is set, so LORE_OIDC_CLIENT_ID and LORE_OIDC_CLIENT_SECRET must "
        "be set too (from the client registered at the provider)."
    )


def oidc_providers(enabled, *, server_url="", name="", client_id="", secret=""):
    """allauth's SOCIALACCOUNT_PROVIDERS for Lore's one OpenID Connect client."""
    apps = []
    if enabled:
        apps.append(
            {
                "provider_id": "oidc",
                "name": name,
                "client_id": client_id,
                "secret": secret,
                "settings": {"server_url": server_url},
            }
        )
    return {"openid_connect": {"APPS": apps, "OAUTH_PKCE_ENABLED": True}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(
    LORE_OIDC_ENABLED,
    server_url=LORE_OIDC_SERVER_URL,
    name=LORE_OIDC_PROVIDER_NAME,
    client_id=LORE_OIDC_CLIENT_ID,
    secret=LORE_OIDC_CLIENT_SECRET,
)
# /accounts/sso/oidc/login/ and …/login/callback/ (the redirect URI to register).
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""
SOCIALACCOUNT_ADAPTER = "accounts.sso.SocialAccountAdapter"
ACCOUNT_ADAPTER = "accounts.sso.AccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches; Lore checks email_verified
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in button POSTs (CSRF-protected)
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_NOTIFICATIONS = False
