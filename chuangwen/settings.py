"""Settings for chuangwen. One module; the environment switches databases and storage.

SQLite (WAL, IMMEDIATE transactions, busy timeout) is the default. DATABASE_URL switches to
PostgreSQL; S3_BUCKET switches uploaded files to S3-compatible storage.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from chuangwen.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CHUANGWEN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# The key: SECRET_KEY, else the file `make run` / scripts/serve.sh generate once (var/secret_key).
# The committed development key serves only DEBUG and the test suite; otherwise refuse to start.
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(VAR_DIR / "secret_key")))
SECRET_KEY = env_str("SECRET_KEY") or (SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else "")
if not SECRET_KEY:
    if not (DEBUG or "pytest" in sys.modules):
        raise ImproperlyConfigured(
            f"未设置 SECRET_KEY：请设置环境变量 SECRET_KEY，或运行 make run / scripts/serve.sh 生成 {SECRET_KEY_FILE}")
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "chuangwen.apps.AxesConfig",  # django-axes, with a Chinese name
    "chuangwen.apps.TasksDatabaseConfig",  # django-tasks-db, with a Chinese name
    "org",
    "frameworks",
    "evidence",
    "scores",
    "schedules",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",
    "org.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chuangwen.urls"
WSGI_APPLICATION = "chuangwen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schedules.context_processors.unread_notifications",
                "frameworks.context_processors.working_year",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (busy_timeout)
    # instead of failing with "database is locked" halfway through a transaction.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
if env_bool("TEST_POSTGRES") and not env_str("DATABASE_URL"):
    # The PostgreSQL test run: a local server with trust auth (see .ci/run).
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/chuangwen"
if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "chuangwen.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "org.passwords.CharacterClassesValidator",
     "OPTIONS": {"min_classes": env_int("PASSWORD_MIN_CLASSES", 3)}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# One office shares one address (NAT, the proxy): lock the pair user name + address, never either alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True  # the counter restarts; the failures stay in the audit trail
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front (nginx: 1) the address
# they put in X-Forwarded-For. A header no proxy of ours set is never trusted.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT
                                     else ("REMOTE_ADDR",))

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: every request renews the session, which ends after this much inactivity.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_ROOT = VAR_DIR / "media"  # never served directly: downloads go through permission checks

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env_str("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Upload limits: a single file, and the request as a whole (many photos at once).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200
IMPORT_MAX_BYTES = 20 * 1024 * 1024

# --- Background tasks -----------------------------------------------------------------------
# Exports have their own queue and workers (`make run` starts two): a whole table's 台账 takes
# minutes, and neither a table import nor a second export should wait behind it.
TASK_QUEUES = ["default", "exports"]
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}

# --- Security headers -----------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
# HTTPS=1 behind an HTTPS proxy turns on redirect, secure cookies and HSTS; each can be set on its own.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Reminders (schedules) ------------------------------------------------------------------
# Links in emails and group-robot messages point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Django 6.1's MAILERS: SMTP (EMAIL_HOST, default the local mail server); with DEBUG and no EMAIL_HOST
# mail is written to the console log.
MAILERS = {"default": {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": env_str("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"), "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS"), "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": env_int("EMAIL_TIMEOUT", 20)},
} if env_str("EMAIL_HOST") or not DEBUG else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "创文通 <noreply@localhost>")

# Chinese for third-party apps that ship no zh_Hans catalogue (django-axes, django-tasks-db).
LOCALE_PATHS = [BASE_DIR / "locale"]

# Deleted submissions and files stay restorable this many days; `manage.py purge_recycle_bin` (daily) removes them.
RECYCLE_BIN_DAYS = env_int("RECYCLE_BIN_DAYS", 30)

if env_str("LOG_FILE"):
    # WatchedFileHandler reopens the file after logrotate moves it.
    LOGGING["handlers"]["file"] = {"class": "logging.handlers.WatchedFileHandler",
                                   "filename": env_str("LOG_FILE"), "formatter": "plain"}
    LOGGING["root"]["handlers"].append("file")

# --- Audit trail ----------------------------------------------------------------------------
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)

# --- Exports (台账, 原始资料 ZIP, 网上申报材料包) ---------------------------------------------------
INSTALLED_APPS += ["exports"]
# Generated files are kept this long, then refused at download and removed by `manage.py purge_exports`.
EXPORT_RETENTION_HOURS = env_int("EXPORT_RETENTION_HOURS", 72)
# A job queued or running this long has lost its worker (purge_exports marks it failed).
EXPORT_STALE_HOURS = env_int("EXPORT_STALE_HOURS", 12)
# Processes that prepare 台账 photos in parallel (1 = in the worker itself).
EXPORT_PHOTO_WORKERS = env_int("EXPORT_PHOTO_WORKERS", min(2, os.cpu_count() or 1))
