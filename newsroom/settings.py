"""One settings module, configured from the environment.

DATABASE_URL          default: an embedded SQLite file under var/
DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off
DJANGO_DEBUG          "1"/"true" turns debug on (default off)
DJANGO_ALLOWED_HOSTS  comma-separated host names
REDIS_URL             redis://… : the shared page cache (several app processes)
DJANGO_MEDIA_ROOT     uploaded photos and facsimiles (default var/media)
DJANGO_MEDIA_URL      their URL prefix (default /media/)
DJANGO_S3_BUCKET      store them in an S3-compatible bucket instead (django-storages)
DJANGO_CACHE_DIR      a folder: a page cache shared by the processes of one machine
DJANGO_IMPORT_PENDING_ROOT  page PDFs between an import's preview and confirmation (default
                      var/pending; on several machines a folder they share)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY 未设置:关闭 DJANGO_DEBUG 运行时必须提供密钥"
            "(例如 export DJANGO_SECRET_KEY=$(python3 -c 'import secrets;"
            "print(secrets.token_urlsafe(50))'))。"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "accounts.apps.DeskAdminConfig",  # django.contrib.admin with the desk's two-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "reversion",
    "organizations",
    "articles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "photos",
    "reports",
    "jobs",
    "planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cached reader pages are answered here, before sessions, CSRF and routing; the
    # middlewares above still see (and add their headers to) every response.
    "articles.reader.cache.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.audit.AuditContextMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "newsroom.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: one writer at a time, readers never blocked.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    (BASE_DIR / "var").mkdir(exist_ok=True)

# A PostgreSQL streaming replica for readers' queries (newsroom/routers.py says which go
# there): DATABASE_REPLICA_URL=postgres://… . Editors, and a browser for
# DATABASE_REPLICA_PIN_SECONDS after it wrote, stay on the primary; a replica that is down
# or behind is passed over. A database that cannot be reached answers 503, saying that
# nothing was saved and to submit again.
MIDDLEWARE.insert(0, "newsroom.routers.DatabaseUnavailableMiddleware")
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))
DATABASE_REPLICA_RETRY_SECONDS = int(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "10"))
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a restarted primary: reconnect
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "newsroom.routers.ReplicaMiddleware")

# Task queue (jobs/): Celery with Redis as its broker. Without a broker, tasks run inline.
_BROKER = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")
CELERY_BROKER_URL = _BROKER or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER", default=not _BROKER)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}  # > the longest task
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # failures are kept on the desk (jobs.TaskFailure)
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TIMEZONE = "Asia/Shanghai"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# At least 12 characters of letters, digits and symbols, not common, not like the user's
# names (等级保护); Django's rules with Chinese messages (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.ComplexityValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages installed from npm (package.json, `npm ci` in make run and make test)
# are served by the site itself, never from a CDN.
if (BASE_DIR / "node_modules" / "echarts" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"))
if (BASE_DIR / "node_modules" / "sortablejs").is_dir():
    STATICFILES_DIRS.append(("vendor/sortablejs", BASE_DIR / "node_modules" / "sortablejs"))
# WhiteNoise serves static files from the app server, found at startup without collectstatic.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing.

# Photos and page facsimiles (photos app). Served by Django only with debug on
# (`make run`); in production by the front server from MEDIA_ROOT, or from an
# S3-compatible bucket when DJANGO_S3_BUCKET is set (pip install django-storages[s3];
# AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as boto3 reads them).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("DJANGO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # public pictures: stable URLs the page cache can keep
            "file_overwrite": False,
        },
    }
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(30 * 1024 * 1024)))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", "60000000"))
FACSIMILE_MAX_BYTES = int(os.environ.get("FACSIMILE_MAX_BYTES", str(80 * 1024 * 1024)))


# The page cache and its content version must be shared by every app process:
# REDIS_URL (Django's Redis cache, redis-py with hiredis) for several processes or
# machines, DJANGO_CACHE_DIR (files) for several processes on one machine; the
# process-local default is for one process (runserver) and is flagged by a system
# check (articles.W001) when debug is off.
def _redis_retry():
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return Retry(NoBackoff(), 0)


if os.environ.get("REDIS_URL"):
    # Redis errors are cache misses (newsroom/cache.py): the site answers while Redis is down.
    redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": redis_timeout,
                "socket_timeout": redis_timeout,
                # no retry: a refused or hung Redis costs one attempt (at most the timeout
                # above) per cache operation, then the error is a miss
                "retry": _redis_retry(),
            },
        }
    }
elif os.environ.get("DJANGO_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["DJANGO_CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }

LOGIN_URL = "admin:login"
# A refused CSRF check answers in Chinese, saying nothing was done and what to do.
CSRF_FAILURE_VIEW = "newsroom.urls.csrf_failure"

# ---------------------------------------------------------------- security (accounts app)
# DJANGO_HTTPS=1            behind TLS: SSL redirect, HSTS, Secure cookies, the proxy header
# DJANGO_TRUSTED_PROXIES    how many reverse proxies append to X-Forwarded-For (default 0)
# DJANGO_OTP_REQUIRED       second factor for 编辑/主编/superusers (default: on unless debug)
# DJANGO_SESSION_IDLE_MINUTES  desk sessions end after this many idle minutes (default 30)
HTTPS = env_flag("DJANGO_HTTPS")
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=HTTPS)
if HTTPS:
    # The front server terminating TLS sets X-Forwarded-Proto (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), fullscreen=(self)"
)

# Sessions: the desk logs out after idle minutes; the cookie dies with the browser.
SESSION_IDLE_TIMEOUT = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp 4). Reader pages: nothing inline, nothing third-party,
# no nonce (cached pages are shared by readers); the desk: the request's nonce for its few
# inline styles and scripts. Images may come from the photo bucket's own domain.
_IMAGE_ORIGINS = [f"https://{d}" for d in [os.environ.get("DJANGO_S3_CUSTOM_DOMAIN")] if d]
_READER_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *_IMAGE_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if HTTPS:
    _READER_CSP["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _READER_CSP}
DESK_URL_PREFIXES = ("/admin/", "/accounts/")
DESK_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_READER_CSP,
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
    }
}

# Login lockout (django-axes): 5 failures for one user from one address within 15 minutes
# lock that pair for 30 minutes (accounts/lockout.py); a 主编 unlocks from the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
LOGIN_LOCKOUT_DURATION = timedelta(minutes=30)
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password"]

# Second factor (django-otp, TOTP + recovery codes): accounts/second_factor.py.
OTP_REQUIRED = env_flag("DJANGO_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("NEWSPAPER_NAME", "四川科协报") + "编辑部"

# Notifications (planning app): Django's mail. The console backend under debug (`make run`
# prints each mail); otherwise SMTP from DJANGO_EMAIL_HOST/PORT/USER/PASSWORD, or any
# backend named in DJANGO_EMAIL_BACKEND.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "kexiebao-desk@localhost")

# Audit log (accounts.AuditEvent): kept at least this long, then `manage.py prune_audit_log`.
AUDIT_RETENTION_DAYS = 180

# Requests per client address on search and the JSON API (429 with Retry-After beyond).
RATE_LIMITS = {
    "search": os.environ.get("DJANGO_RATE_SEARCH", "60/m"),
    "api": os.environ.get("DJANGO_RATE_API", "120/m"),
}
RATELIMIT_USE_CACHE = "default"

# Tags: our own model (slugs never empty) and a parser that splits Chinese lists.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "newsroom.text.parse_tags"
TAGGIT_STRING_FROM_TAGS = "newsroom.text.join_tags"

# The importer refuses files larger than this (bytes).
# Page PDFs waiting between the import's preview and its confirmation (articles.desk.pending)
IMPORT_PENDING_ROOT = Path(
    os.environ.get("DJANGO_IMPORT_PENDING_ROOT") or BASE_DIR / "var" / "pending"
)
LEGACY_IMPORT_MAX_BYTES = int(os.environ.get("LEGACY_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# Public site name shown to readers.
NEWSPAPER_NAME = os.environ.get("NEWSPAPER_NAME", "四川科协报")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
