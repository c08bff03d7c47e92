"""Settings for the IDM portal. Every deployment value comes from the environment.

Defaults give the embedded set-up of ``make run``: SQLite and Celery's filesystem broker
under ``var/``, e-mail written to files under ``var/mail``. Production sets ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``CACHE_URL``, ``EMAIL_URL`` and the security values.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("IDM_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_countries",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "directory",
    "workshops",
    "consultations",
    "sessions_council",
    "funding",
    "travel",
    "documents",
    "api",
    "idm_portal",
]

MIDDLEWARE = [
    # Load balancers' /health/ without cookies, answered before any other work (idm_portal/health.py).
    "idm_portal.health.HealthCheckMiddleware",
    # Anonymous visitors' stored pages, before any other work (idm_portal/page_cache.py).
    "idm_portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without its look for a language in addresses that carry none (idm_portal/middleware.py).
    "idm_portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL and other control characters never reach a view (directory/hardening.py).
    "directory.hardening.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user and their roles read by one compiled query (idm_portal/authentication.py).
    "idm_portal.authentication.UserAndRolesAuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "directory.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "directory.middleware.SecretariatMFAMiddleware",
]

ROOT_URLCONF = "idm_portal.urls"
WSGI_APPLICATION = "idm_portal.wsgi.application"
ASGI_APPLICATION = "idm_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The date filter writes "1er mars 2010" in French (directory/dates.py); {% extends %} lists the
            # root template's blocks once, not at every rendering (idm_portal/templatetags/portal_extends.py).
            "builtins": ["directory.templatetags.builtin_dates", "idm_portal.templatetags.portal_extends"],
            "context_processors": [
                "django.template.context_processors.request",
                "idm_portal.context_processors.i18n",  # Django's, a little cheaper
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idm_portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'idm.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A health check is one more round trip (SELECT 1) before the first query of every request; a
# connection the database dropped fails that one request and is then replaced (Django closes a
# connection that errored at the end of the request). Turn it on where the network drops idle links.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=False)
# /health/ asks the database at most once in this many seconds per process (idm_portal/health.py); 0: always.
IDM_HEALTH_DATABASE_SECONDS = env.float("IDM_HEALTH_DATABASE_SECONDS", default=1)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh checkout: SQLite needs the folder to exist
    # One writer at a time: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # A file, not memory, so a Celery worker process in the tests can open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared by every process: allauth's rate limits depend on it) ---------------------
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://idm_cache")}
# Redis that drops packets (a host gone from the network, a firewall) must not hang every request: a
# connection is given up after REDIS_SOCKET_CONNECT_TIMEOUT seconds, a command after REDIS_SOCKET_TIMEOUT,
# and the cache then answers as an empty one (idm_portal/redis_cache.py). redis-py retries nothing here
# (a pool made from a URL has no retry policy).
REDIS_SOCKET_CONNECT_TIMEOUT = env.float("REDIS_SOCKET_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # One Redis client per process instead of one per cache call (see idm_portal/redis_cache.py).
    CACHES["default"]["BACKEND"] = "idm_portal.redis_cache.PortalRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": REDIS_SOCKET_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT}
    )

# --- Auth and accounts ----------------------------------------------------------------------
AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "directory.permissions.RulesBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# A taken e-mail at sign-up gets a form error (the issue asks for it); sign-up is rate-limited per IP.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "directory.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "directory.adapters.AccountAdapter"
# The reset form says the same for any address: it must not tell who has an account (sign-up does).
ACCOUNT_FORMS = {"reset_password": "directory.account_forms.PasswordResetForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IDM] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IOM IDM portal"
# Django's storage, its cookie's signer made only for a request that reads or writes a message cookie.
MESSAGE_STORAGE = "idm_portal.message_storage.FallbackStorage"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
# The project's own catalogue (templates/, idm_portal/); each app has its own under <app>/locale.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as each language writes them (9 March 2010, 9 mars 2010, 9 de marzo de 2010).
FORMAT_MODULE_PATH = ["idm_portal.formats"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Zurich")
USE_I18N = True
USE_TZ = True
# The interface language is kept in a cookie: set by the switcher on every page (set_language) and,
# at log-in, to the user's preferred language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("IDM_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_FILE_PATH = VAR_DIR / "mail"
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Seconds an SMTP connection or command may wait (Django's default is none: a mail server that drops
# packets would hold an outbox worker for good, directory/outbox.py).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="IDM secretariat <idm@iom.int>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address: every link that leaves it (e-mails, allauth's messages, calendars)
# starts with it, whatever host a request came in on. No trailing slash.
PUBLIC_URL = env.str("IDM_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Database sessions (idm_portal.models.PortalSession), each read with its user and their roles by one
# query compiled once per process (idm_portal/sessions.py).
SESSION_ENGINE = "idm_portal.sessions"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- REST API (/api/v1/) ------------------------------------------------------------------
# Personal tokens only (no session, so no CSRF question); JSON in and out; rate limits per token, and
# per address for requests without one. The description is generated by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenThrottle", "api.throttling.AnonymousThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_TOKEN_RATE = env.str("IDM_API_TOKEN_RATE", default="120/minute") or None
API_ANONYMOUS_RATE = env.str("IDM_API_ANONYMOUS_RATE", default="60/minute") or None
# The cache alias holding the rate limits' counters: the shared one, so every web process counts together.
API_THROTTLE_CACHE = "default"
SPECTACULAR_SETTINGS = {
    "TITLE": "IDM portal API",
    "DESCRIPTION": "The International Dialogue on Migration portal: public records without a token; with a "
    "personal token (made on your profile), exactly what you see on the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors_and_language",
    ],
    # Swagger UI and Redoc from drf-spectacular-sidecar's files, served by the portal itself (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Remote control (pidbox) messages too, or kombu writes them to ./control/ of the current folder.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A request publishes after its commit (directory/broker.py, directory/outbox.py's drain flag): a
    # broker that drops packets costs it at most the connect timeout plus one command's, once, and the
    # sweeps send what was not announced. The commands' timeout stays above kombu's BRPOP wait (1 s),
    # or an idle worker's poll would time out; no connection retries on publishing (a worker's own
    # connection retries by broker_connection_retry, not by these).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_SOCKET_CONNECT_TIMEOUT,
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
        "max_retries": 0,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A message whose worker process died (killed, out of memory) goes back to the queue, not lost.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Recycle pool processes: WeasyPrint's memory (fonts, layout caches) is returned to the system.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks, run by `celery beat` (or `celery worker --beat` on one machine).
# The sweeps do what a lost message (broker down) or a dead worker left undone: unsent e-mails of the
# outbox, document jobs queued but never picked up. Their interval, in seconds:
IDM_SWEEP_SECONDS = env.float("IDM_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "directory.tasks.task_sweep_outbox", "schedule": IDM_SWEEP_SECONDS},
    "documents-sweep": {"task": "documents.tasks.task_requeue_stale_jobs", "schedule": IDM_SWEEP_SECONDS},
    "council-presentation-reminders": {
        "task": "sessions_council.tasks.task_send_presentation_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "sessions-clear-expired": {
        "task": "idm_portal.tasks.task_clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "travel-erase-personal-data": {
        "task": "travel.tasks.task_erase_expired_personal_data",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- Council sessions -----------------------------------------------------------------------
# Speakers who have not uploaded their presentation are reminded this many days before the deadline.
COUNCIL_PRESENTATION_REMINDER_DAYS = env.int("COUNCIL_PRESENTATION_REMINDER_DAYS", default=7)

# --- Travel ---------------------------------------------------------------------------------
# Travellers' passport details are erased this many days after their workshop ends.
TRAVEL_PERSONAL_DATA_RETENTION_DAYS = env.int("TRAVEL_PERSONAL_DATA_RETENTION_DAYS", default=90)

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
