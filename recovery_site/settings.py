"""Settings for Recovery Site: one module, every deploy value from the environment.

Debug is off unless DJANGO_DEBUG=1; with debug off a secret key is required.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """Read a 1/0 style boolean from the environment."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core ---------------------------------------------------------------------

DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Set DJANGO_DEBUG=1 for local development, or give the production "
            "secret key in DJANGO_SECRET_KEY."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

SITE_NAME = "Recovery Site"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The one Site row (created from SITE_URL by website's migrations): sitemaps, feeds and redirects use its domain.
SITE_ID = 1
# Hosts a redirect may send visitors to besides this site's own paths (comma-separated), e.g. "www.example.org".
REDIRECT_ALLOWED_HOSTS = [host for host in os.environ.get("DJANGO_REDIRECT_ALLOWED_HOSTS", "").split(",") if host]
ADMISSIONS_PHONE = os.environ.get("ADMISSIONS_PHONE", "(555) 010-0199")
# When the admissions line is answered, shown next to the number everywhere it appears.
ADMISSIONS_HOURS = os.environ.get("ADMISSIONS_HOURS", "24/7")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # PostgreSQL search lookups (trigram_word_similar for typo matching); harmless on SQLite.
    "django.contrib.postgres",
    # Old addresses answer with a 301 (website.redirects records slug changes); redirects need the sites framework.
    "django.contrib.sites",
    "django.contrib.redirects",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts",
    "csp",
    "django_ckeditor_5",
    "editorial",
    # The media library (library/): images and PDF handouts with provenance, chosen by pages and contributors.
    "library",
    "articles",
    "conditions",
    # Review comments and share links for outside reviewers: both build on editorial's public models.
    "comments",
    "sharing",
    "pages",
    "contact",
    "website",
    # WordPress import (imports/): WXR reader, import_wordpress command, import reports.
    "imports",
    # The read API for partners and apps (api/): Django REST framework, its OpenAPI schema by drf-spectacular.
    "rest_framework",
    "drf_spectacular",
    "api",
    # The content calendar and its iCal feeds (calendars/; not "calendar", which would shadow the standard library).
    "calendars",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "jobs",
]

MIDDLEWARE = [
    # Outermost: a hit is served before any other middleware runs, and a miss is stored with every header
    # the others add (security headers, ETag, CSP); it answers conditional requests for hits itself.
    "website.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A control character in the path or query string answers 400 before anything queries or reads a file
    # (PostgreSQL refuses NUL in text: a lookup of such a path answered 500). After the page cache, so a hit
    # pays nothing for it; after SecurityMiddleware, so the 400 has its headers.
    "website.middleware.BadInputMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page rendered.
    "django.middleware.http.ConditionalGetMiddleware",
    "website.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language the address names (/es/...), before anything resolves a URL (docs/architecture.md, "Languages").
    "website.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sign-in (accounts/): which second factor verified this session, idle and absolute
    # session limits, then the gate that keeps a password-only staff session out of every staff page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "accounts.middleware.TwoFactorGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Each post to a staff page is one transaction around the view: a failure stores nothing, and the staff
    # error page (website/staff_errors.py) can say so.
    "website.middleware.StaffPostMiddleware",
    # Innermost: turns a 404 for a page's old address into a 301 to its new one.
    "website.redirects.RedirectFallbackMiddleware",
    # Imported WordPress addresses: a 404 for an old path answers 301 once its article is live (imports/).
    "imports.middleware.WordPressRedirectMiddleware",
]

ROOT_URLCONF = "recovery_site.urls"
WSGI_APPLICATION = "recovery_site.wsgi.application"

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
                "website.context_processors.site",
                "website.context_processors.languages",
                "website.site_blocks.blocks",
            ],
        },
    },
]

# Database and cache --------------------------------------------------------

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
server_side_binding = os.environ.get("DJANGO_DB_SERVER_SIDE_BINDING", "1") == "1"
if DATABASES["default"]["ENGINE"].endswith("postgresql") and server_side_binding:
    # Parameters travel apart from the SQL, and psycopg prepares a statement the fifth time a connection
    # runs it: PostgreSQL then skips parsing (and often planning) the public pages' few repeated queries.
    # Behind PgBouncer in transaction mode, set 0 unless it tracks prepared statements (max_prepared_statements).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default (`make run`) has the worker writing beside the server. SQLite's default deferred
    # transaction takes its write lock only at the first write, and a reader that must upgrade to a writer while
    # the other holds the lock fails at once with "database is locked" (no busy wait can help it): staff got the
    # outage page and lost their edit. IMMEDIATE takes the lock at BEGIN, where the busy timeout queues writers;
    # WAL lets pages be read while the worker writes; synchronous=NORMAL is safe under WAL and spares an fsync a
    # commit. An in-memory database (the tests') ignores WAL. See docs/architecture.md "The embedded default".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=30,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis, not Django's built-in RedisCache, for one reason: IGNORE_EXCEPTIONS. With Redis down,
    # reads miss and writes are dropped instead of raising, so pages render without the page cache,
    # sessions (cached_db) fall back to the database and the contact rate limit lets posts through.
    # Short timeouts keep a dead or hung Redis from holding a request: Redis answers in well under a
    # millisecond on a LAN, so anything slower is treated as down. See README "When Redis is down".
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "recovery"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.2")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.3")),
                # The circuit breaker (caching/breaker.py): after one timeout or refused connection, this
                # process asks Redis nothing for REDIS_BREAKER_SECONDS (misses, dropped writes), then once.
                "CONNECTION_FACTORY": "caching.breaker.BreakerConnectionFactory",
            },
        }
    }
    # Each ignored error is logged as one warning line (the error's class, no traceback): website/logs.py.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "recovery.redis"
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a process asks Redis nothing after it failed to answer (caching/breaker.py): one wait per this
# interval per process, instead of a socket timeout for every cache, session and rate-limit call.
REDIS_BREAKER_SECONDS = float(os.environ.get("REDIS_BREAKER_SECONDS", "5"))
# Rendered page fragments ({% cache %} in the page templates: toc, text, sources and notes, side toc), outlines,
# JSON-LD parts and rendition sizes (caching.content.by_version), keyed by page and publication time, so an entry
# never goes stale and each process may keep its own: no network round trip for them. About six entries and 15 KB
# a page: 5000 entries hold every page of a site of several hundred (the least recently used go first when full).
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "TIMEOUT": 7 * 24 * 3600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Each process's own copies of the pages it served from the page cache (website/cache.py), so a hit fetches only
# the generation over the network, not the page. A copy is used only while its generation is current, so it is
# never stale; the least recently used are dropped past MAX_ENTRIES (pages are 20-60 KB: at most about 20 MB).
CACHES["page_copies"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "page-copies",
    "OPTIONS": {"MAX_ENTRIES": 400},
}

# Anonymous visitors' pages are kept whole in the cache (website/cache.py). Off by default without
# Redis: a per-process memory cache could not be invalidated across several gunicorn workers.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0"))
# Addresses per sitemap file: /sitemap.xml is an index of each section's files (?p=2 and on), a few thousand
# addresses each, so no file nears the sitemaps protocol's 50,000 and each costs a COUNT and one sliced query.
SITEMAP_SECTION_URLS = int(os.environ.get("SITEMAP_SECTION_URLS", "2000"))
# How long browsers and a CDN may reuse a public page (Cache-Control: public, max-age).
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "0"))
# Front cache (docs/architecture.md, "The page cache"): how long Varnish or a CDN may keep a public page
# (Cache-Control: s-maxage; 0 = not at all), the header naming its content tags ("xkey" for Varnish's xkey,
# "Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare; empty = none), and where the worker sends
# "PURGE" with an "xkey-purge" header of the tags a change touched (empty = no purging). Only give shared
# caches a lifetime where they are purged.
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", "0"))
CACHE_TAG_HEADER = os.environ.get("CACHE_TAG_HEADER", "xkey")
VARNISH_PURGE_URL = os.environ.get("VARNISH_PURGE_URL", "")

# Authentication ------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Lets a passkey ceremony find its user; passkeys are a second factor only (passwordless login is off).
    "django_otp_webauthn.backends.WebAuthnBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Lockouts (accounts/lockout.py): five failures lock one username from one address only, so nobody can
# lock a named colleague out from elsewhere; one address is cut off after a higher count over any usernames.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
ACCOUNTS_ADDRESS_FAILURE_LIMIT = int(os.environ.get("ACCOUNTS_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.StaffLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Tries during a lockout do not extend it, so the time the lockout page gives is the time it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# No "AXES: BEGIN version ..." line at the start of every management command; lockout log lines then name only
# the lockout's own parameters (username, address), not the user agent.
AXES_VERBOSE = False
# Second factors (accounts/): django-otp for TOTP and recovery codes, django-otp-webauthn for passkeys.
OTP_TOTP_ISSUER = "Recovery Site"
OTP_WEBAUTHN_RP_NAME = "Recovery Site"
# A passkey belongs to a host name: by default the first allowed host (".example.org" read as example.org).
OTP_WEBAUTHN_RP_ID = os.environ.get(
    "OTP_WEBAUTHN_RP_ID",
    "localhost" if DEBUG else next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*"), "localhost"),
)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000" if DEBUG else f"https://{OTP_WEBAUTHN_RP_ID}"
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Staff sessions end after this long without a request, and this long after sign-in whatever happens.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))
STAFF_SESSION_MAX_HOURS = int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600

# Internationalisation ------------------------------------------------------

# English at the addresses the site always had; each other language under its own prefix (/es/), by i18n_patterns.
# The address alone decides the language (website.middleware.LanguageFromPathMiddleware), never Accept-Language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# Static and media ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Several app servers need one shared media store: S3-compatible storage when a bucket is named.
# Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a role).
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            # Article images are public; plain URLs let a CDN and the page cache keep them.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    # Where media URLs point, for the Content-Security-Policy's img-src below.
    MEDIA_ORIGINS = [
        f"https://{os.environ['MEDIA_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("MEDIA_S3_CUSTOM_DOMAIN")
        else os.environ.get("MEDIA_S3_ENDPOINT_URL") or "https://*.amazonaws.com"
    ]
else:
    MEDIA_ORIGINS = []
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# WordPress exports uploaded in the admin (imports/): refused above this size (a 5,000-post export is about 40 MB),
# streamed to disk (over FILE_UPLOAD_MAX_MEMORY_SIZE), kept here until the worker has imported them. Never under
# MEDIA_ROOT, which is served; the web and worker processes must both see this folder.
WORDPRESS_IMPORT_MAX_BYTES = int(os.environ.get("WORDPRESS_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
WORDPRESS_IMPORT_ROOT = Path(os.environ.get("WORDPRESS_IMPORT_ROOT", BASE_DIR / "var" / "wordpress-imports"))

# Security headers ----------------------------------------------------------

SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "website.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "interest-cohort": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# A strict policy: no inline script or style anywhere, assets only from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# E-mail --------------------------------------------------------------------

# With debug on, mail is written to files in var/mail/ (one file per connection, messages separated by a line of
# dashes): the demo queues about 70 workflow mails, which on the console buried `make run`'s sign-in block.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if DEBUG else "jobs.mail.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("DJANGO_EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
# jobs.mail.EmailBackend (Django's SMTP backend plus this): EMAIL_TIMEOUT bounds each socket read, so a server
# dripping a byte every few seconds would hold the worker for minutes; this bounds a whole connection (one mail).
EMAIL_DEADLINE_SECONDS = float(os.environ.get("DJANGO_EMAIL_DEADLINE_SECONDS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Recovery Site <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work -----------------------------------------------------------

# Django's Tasks API (the django-tasks backport of Django 6's django.tasks); docs/architecture.md,
# "Background work". "database" (the default) keeps tasks in this database, written in the transaction of
# the change they report; "rq" puts them on RQ over Redis (REDIS_URL) for workers on several machines.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured('TASKS_BACKEND must be "database" or "rq".')
# The web process relays each task to RQ after its commit: a hung Redis must not hold that request, so the broker's
# connection has the cache's short timeouts too (redis-py reads them from the URL's query string). RQ's worker raises
# its own connection's socket timeout above its blocking wait for jobs, so it is not cut short.
_RQ_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
_RQ_TIMEOUTS = "socket_connect_timeout={}&socket_timeout={}".format(
    os.environ.get("REDIS_CONNECT_TIMEOUT", "0.2"), os.environ.get("REDIS_SOCKET_TIMEOUT", "0.3")
)
RQ_QUEUES = {"default": {"URL": f"{_RQ_URL}{'&' if '?' in _RQ_URL else '?'}{_RQ_TIMEOUTS}", "DEFAULT_TIMEOUT": 300}}
# django-rq's queue dashboard in the admin (superusers), only where RQ is in use.
RQ_SHOW_ADMIN_LINK = TASKS_BACKEND == "rq"
# A notification that fails is tried again after each of these pauses (about an hour in all), then
# listed for superusers in the admin under "Failed notifications".
TASK_RETRY_DELAYS = (30, 60, 120, 300, 600, 900, 1500)
# A database task still marked running this long after it started belongs to a worker that died:
# it is handed to another worker. Longer than any task may take (a mail gives up after EMAIL_DEADLINE_SECONDS).
TASK_ABANDONED_AFTER_SECONDS = int(os.environ.get("TASK_ABANDONED_AFTER_SECONDS", "300"))

# Logging: personal data never goes here; see contact/ for how it is kept out.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Database and Redis outages and bad requests log one line with the error's class (website/logs.py).
    "filters": {
        "expected_faults": {"()": "website.logs.ExpectedFaultsOnOneLine"},
        "redis_fast_failures": {"()": "caching.breaker.SkipFastFailures"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_faults"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # SQL with its parameters (a visitor's name, phone, message) is logged at DEBUG: never let it through.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-redis's line per ignored error, except for calls the open breaker refused (it logged once).
        "recovery.redis": {"filters": ["redis_fast_failures"]},
    },
}

# Contact intake ------------------------------------------------------------

# Closed and spam requests older than this are deleted by `manage.py purge_contact_requests`.
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "365"))
# (form posts, seconds): how many posts one client IP may make per window, counted in the shared cache.
CONTACT_RATE_LIMIT = (
    int(os.environ.get("CONTACT_RATE_LIMIT_POSTS", "5")),
    int(os.environ.get("CONTACT_RATE_LIMIT_SECONDS", "600")),
)
# A form sent sooner than this after it was shown is a bot's (time-trap, contact/forms.py).
CONTACT_MIN_FILL_SECONDS = 3
# Phone numbers without a country code are read as numbers of this country.
CONTACT_PHONE_REGION = "US"
# New-request mail goes to the active members of this group (editorial.roles.INTAKE_STAFF) with an email
# address; the consent text and its version live in contact/consent.py.
CONTACT_NOTIFY_GROUP = "Intake staff"

# Editorial -----------------------------------------------------------------

# Months after a medical review before the page is due for another one.
REVIEW_INTERVAL_MONTHS = {
    "articles.article": int(os.environ.get("ARTICLE_REVIEW_INTERVAL_MONTHS", "12")),
    "conditions.condition": int(os.environ.get("CONDITION_REVIEW_INTERVAL_MONTHS", "12")),
}

# Days a share link's use keeps the address it came from (sharing/tasks.py): longer than any link lives (30 days).
SHARE_LINK_ADDRESS_DAYS = int(os.environ.get("SHARE_LINK_ADDRESS_DAYS", "60"))

# The link checker (editorial/linkcheck.py) fetches only addresses on the public internet, so a link typed into a
# draft cannot make the worker probe the site's own network (Redis, PostgreSQL, cloud metadata). 1 allows them.
LINK_CHECK_PRIVATE_NETWORKS = os.environ.get("LINK_CHECK_PRIVATE_NETWORKS", "0") == "1"

# Rich text: CKEditor 5, assets served from here, raw-HTML plugins left out.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_CUSTOM_CSS = "css/editor.css"
CKEDITOR_5_MAX_FILE_SIZE = 2  # megabytes
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp"]
# Larger images are refused before decoding (editorial/uploads.py): a small file can hold a huge image.
UPLOAD_IMAGE_MAX_SIDE = 8000
# Renditions (website/renditions.py) are also made in AVIF where Pillow can write it; 0 turns that off (it is
# the slowest step of the worker's image work).
RENDITIONS_AVIF = os.environ.get("RENDITIONS_AVIF", "1") == "1"
# Media library uploads (library/uploads.py): an image or a PDF handout above these sizes is refused.
LIBRARY_IMAGE_MAX_MB = int(os.environ.get("LIBRARY_IMAGE_MAX_MB", "10"))
LIBRARY_DOCUMENT_MAX_MB = int(os.environ.get("LIBRARY_DOCUMENT_MAX_MB", "20"))
UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
CKEDITOR_5_CONFIGS = {
    "default": {
        # The library chooser's toolbar button (static/js/library-chooser.js, docs/architecture.md "Media library").
        "extraPlugins": ["callback:libraryImagePlugin"],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "|",
                "imageUpload",
                "libraryImage",
                "|",
                "undo",
                "redo",
            ],
            # Wrap onto a second row rather than hide buttons behind "Show more items" (the library button's text
            # would otherwise go there first, on a phone most of the toolbar would).
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Heading 4", "class": "ck-heading_heading4"},
            ]
        },
        "image": {"toolbar": ["imageTextAlternative"]},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    },
}

# Read API (api/, docs/architecture.md "The read API") ---------------------------

# Read-only: no authentication class reads a session or a password, so signed-in staff get what anyone gets; JSON
# only (the reference page at /api/v1/ is the site's own). Partner keys and rate limits are set on the API's views
# (api/views.py ReadOnly), not here, so DRF's other views (the schema) keep none.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    # The anonymous rate limit counts per REMOTE_ADDR, as the contact form's does (contact/ratelimit.py): with the
    # default (None) DRF would trust any X-Forwarded-For a client makes up, and each made-up one is a fresh limit.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Recovery Site read API",
    "DESCRIPTION": "What visitors may read: live articles, condition pages, site pages, topics, contributors and "
    "corrections, each page with its medical review, sources and correction notes.",
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Nullable enums and read-only fields stay exact for clients (and schemathesis) that validate against them.
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests a client without a key may make from one address (DRF rate syntax: "120/min", "5000/hour"). Behind a
# proxy that sets X-Forwarded-For, set REST_FRAMEWORK's NUM_PROXIES to the number of proxies in front.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "60/min")
# Webhooks: one try's socket timeout, the pauses between tries (1 min ... 8 h, about 16 hours in all), and whether
# plain http and this machine's loopback addresses are allowed as targets (a receiver on a developer's machine).
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_RETRY_DELAYS = (60, 300, 900, 1800, 3600, 7200, 14400, 28800)
WEBHOOK_ALLOW_LOCAL = env_flag("WEBHOOK_ALLOW_LOCAL", DEBUG)
