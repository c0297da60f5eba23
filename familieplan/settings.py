"""Django settings for Familieplan. Every deployment value comes from the environment.

See README.md ("Settings") for the list; `.env.example` shows a production set.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from familieplan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# Demo mode allows synthetic (Test-Norge) identity numbers and the demo data command.
DEMO_MODE = env_bool("FAMILIEPLAN_DEMO", False)
# Set by `make test`: plain HTTP test server, synthetic identity numbers allowed.
TESTING = env_bool("FAMILIEPLAN_TESTING", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE or TESTING):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production-" + "x" * 20

# The demo runs with debug off (our own error pages), on this machine only.
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or DEMO_MODE else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "familieplan.core",
    "familieplan.accounts",
    "familieplan.families",
    "django_tasks",
    "django_tasks_db",
    "familieplan.outbox",
    "familieplan.notifications",
    "familieplan.partners",
    "familieplan.plans",
    "familieplan.meetings",
    "familieplan.economy",
    "familieplan.journal",
    "familieplan.mapping",
    "familieplan.partner_portal",
    "familieplan.portal",
    "familieplan.reminders",
    "familieplan.workday",
    "familieplan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so on every response but static files: the Content-Security-Policy,
    # and no caching, Permissions-Policy and CORP (core/security.py).
    "csp.middleware.CSPMiddleware",
    "familieplan.core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "familieplan.accounts.middleware.UserLanguageMiddleware",
    # Whose browser this is (a keyed mark, for text kept over a session's end).
    "familieplan.accounts.middleware.FormOwnerMiddleware",
    # A NUL byte in the address or query string: a clear 400 page (core/bad_input.py).
    "familieplan.core.bad_input.RefuseNulBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Deny by default: every view needs login unless marked @login_not_required. A form sent
    # after the session ended is kept for its owner until they log in (core/kept_forms.py).
    "familieplan.accounts.middleware.LoginRequiredMiddleware",
    # Writes a POST's access-log entries once the view has answered (core/access.py).
    "familieplan.core.access.AccessLogMiddleware",
    # Axes must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "familieplan.urls"
WSGI_APPLICATION = "familieplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "familieplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "familieplan.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'familieplan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Web queries are short; PostgreSQL's JIT compilation costs more than it saves on them.
    # The working set is in memory (or on SSD), where a random page read costs about as much
    # as a sequential one: with the default of 4 the planner prefers reading thousands of
    # rows through a bitmap to stopping early in a newest-first index (benchmarks/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c random_page_cost=1.1"
    )

# The tables' owner, for `migrate` and `grant_runtime_role` only: the same database as
# DATABASE_URL, whose role then owns nothing and may only read and write rows (no TRUNCATE, no
# DDL; decision 0004, README "PostgreSQL roles"). Unset, migrate runs as DATABASE_URL's role.
FAMILIEPLAN_MIGRATE_DATABASE = None
if _migrate_url := env_str("DATABASE_MIGRATE_URL", ""):
    _migrate = dj_database_url.parse(_migrate_url)
    if not (
        _migrate["ENGINE"] == DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    ):
        raise ImproperlyConfigured("DATABASE_MIGRATE_URL is for PostgreSQL, as DATABASE_URL.")
    if _migrate["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured("DATABASE_MIGRATE_URL must name DATABASE_URL's database.")
    FAMILIEPLAN_MIGRATE_DATABASE = {
        key: _migrate[key] for key in ("USER", "PASSWORD", "HOST", "PORT")
    } | {"OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), **_migrate.get("OPTIONS", {})}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Family members with ID-porten; skipped for username/password logins.
    "familieplan.accounts.oidc.OIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after this many seconds without activity (and when the browser closes).
SESSION_COOKIE_AGE = env_int("FAMILIEPLAN_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
# A logged-in page warns this many seconds before the session would end, with a button to stay
# logged in (templates/includes/idle_dialog.html, static/familieplan/idle.js).
SESSION_IDLE_WARNING_SECONDS = 2 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes; familieplan/accounts/lockout.py): a
# username is locked at one address after AXES_FAILURE_LIMIT failures, an address for every
# username after FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT failures across usernames (spraying).
# The address is the access log's (core.access.client_address, X-Forwarded-For when trusted).
AXES_FAILURE_LIMIT = env_int("FAMILIEPLAN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1
)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FAMILIEPLAN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_HANDLER = "familieplan.accounts.lockout.LockoutHandler"
# What a successful login clears, and what the lockout page and log lines name: the pair.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "familieplan.core.access.client_address"
# The username as recorded: cut to axes' column (a longer one is a failed login, not an error).
AXES_USERNAME_CALLABLE = "familieplan.accounts.lockout.client_username"
# Our own proxies whose addresses X-Forwarded-For carries (a load balancer before the web
# server; addresses or networks, comma separated): skipped from the right when trusted.
try:
    FAMILIEPLAN_TRUSTED_PROXIES = [
        str(ipaddress.ip_network(proxy, strict=False))
        for proxy in env_list("FAMILIEPLAN_TRUSTED_PROXIES", [])
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"FAMILIEPLAN_TRUSTED_PROXIES: {error}") from None
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Language: bokmål first and complete, English second; the family's own pages (and the login
# pages) also in nynorsk, Arabic (right to left), Somali, Polish, Ukrainian and Tigrinya.
# Each language is named in itself, never translated. Staff pages stay bokmål or English.
# docs/decisions/0013-family-languages.md; scripts/check_translations.py checks completeness.
LANG_INFO.update(
    {
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    }
)
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("ti", "ትግርኛ"),
]
FAMILY_LANGUAGES = [code for code, _name in LANGUAGES]
STAFF_LANGUAGES = ["nb", "en"]
LOCALE_PATHS = [BASE_DIR / "familieplan" / "locale"]
LANGUAGE_COOKIE_NAME = "familieplan_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "familieplan" / "static"]
# Production runs collectstatic and sets this on (hashed, compressed files, long cache).
_manifest = env_bool("FAMILIEPLAN_STATIC_MANIFEST", False)
# Without collectstatic (development and the demo, which runs with debug off), whitenoise
# serves the files straight from the static folders.
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Email: the console in development and the demo, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Familieplan <ikke-svar@familieplan.local>")
# Where links in emails point (invitations and reminders carry no sensitive content, only a link).
# `make demo` sets it from HOST and PORT.
FAMILIEPLAN_BASE_URL = env_str("FAMILIEPLAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Text messages to families (generic notices): dotted path to a class with
# send(to, body, *, topic) -> provider id (see familieplan/outbox/sms.py). The default only logs.
FAMILIEPLAN_SMS_BACKEND = env_str(
    "FAMILIEPLAN_SMS_BACKEND", "familieplan.outbox.sms.LoggingSMSBackend"
)

# Family login with ID-porten (OpenID Connect): off unless FAMILIEPLAN_OIDC_ISSUER is set.
# README "Logging in with ID-porten (OIDC)"; docs/decisions/0012-family-login-and-id-porten.md.
FAMILIEPLAN_OIDC = (
    {
        "issuer": env_str("FAMILIEPLAN_OIDC_ISSUER"),
        "client_id": env_str("FAMILIEPLAN_OIDC_CLIENT_ID"),
        "client_secret": env_str("FAMILIEPLAN_OIDC_CLIENT_SECRET"),
        "acr_values": env_str("FAMILIEPLAN_OIDC_ACR_VALUES", "idporten-loa-substantial"),
        "token_auth_method": env_str("FAMILIEPLAN_OIDC_TOKEN_AUTH", "client_secret_basic"),
        "prompt": env_str("FAMILIEPLAN_OIDC_PROMPT", ""),
        "identity_claim": "pid",
    }
    if env_str("FAMILIEPLAN_OIDC_ISSUER", "")
    else {}
)

# Background work (email delivery): django-tasks with its database backend; run
# `manage.py db_worker` beside the web server (`make demo` starts one).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Security headers and cookies; production defaults when DEBUG is off.
SECURE = not (DEBUG or TESTING) and not env_bool("FAMILIEPLAN_INSECURE_HTTP", False)
SESSION_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; decision 0004): scripts and styles from our own static
# files only, never inline or eval'd; an inline <style> only with the request's nonce (the
# printed plan, mapping and copy: one template for the page and the PDF). Forms post to
# ourselves only (ID-porten's login starts with a link, not a form), and no page may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Designsystemet's icons are data: URLs in its CSS
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Trust X-Forwarded-For for the access log's address only behind a known proxy.
FAMILIEPLAN_TRUST_X_FORWARDED_FOR = env_bool("FAMILIEPLAN_TRUST_X_FORWARDED_FOR", False)

_LOG_LEVEL = env_str("FAMILIEPLAN_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_ids": {"()": "familieplan.core.logging.RedactIdentityNumbers"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_ids"]},
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    # Every logger with handlers of its own goes to the masking console: "django" too, or
    # Django's default handlers for it (console, mail_admins) would print unmasked.
    "loggers": {
        "django": {"handlers": ["console"], "level": _LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# The caseload's covering indexes INCLUDE columns for PostgreSQL's index-only scans; SQLite
# (the demo) builds them without those columns, which is what we want there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
