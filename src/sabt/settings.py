"""Django settings for sabt, read from the environment, failing loudly.

Every path lives under ``SABT_HOME`` (default ``./var``): the SQLite database,
the node's keys, collected static files. Secrets may come from ``<NAME>_FILE``.
``SABT_HOME`` is made readable by its owner only (0700) when this module
creates it; ``sabt`` itself runs with umask 077 (``sabt.cli``).
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def envstr(name: str, default: str) -> str:
    """Return ``$NAME``, or the contents of the file ``$NAME_FILE``, or default."""
    if f"{name}_FILE" in os.environ:
        path = Path(os.environ[f"{name}_FILE"])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = envstr(name, default).lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def envint(name: str, default: str) -> int:
    value = envstr(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from exc


SABT_HOME = Path(envstr("SABT_HOME", "var")).resolve()


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, else one kept under SABT_HOME."""
    configured = envstr("SABT_SECRET_KEY", "")
    if configured:
        return configured
    path = SABT_HOME / "secret_key"
    if not path.exists():
        # It holds keys and witnesses' identities: nobody else may list it.
        SABT_HOME.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("SABT_DEBUG", "false")
ALLOWED_HOSTS = [
    h.strip() for h in envstr("SABT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The second factor (TOTP) and the lock-out after failed logins.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "sabt.ledger_store",
    "sabt.gazetteer",
    "sabt.access",
    "sabt.records",
    "sabt.evidence",
    "sabt.tracing",
    "sabt.bundles",
    "sabt.reports",
    "sabt.notes",
    "sabt.analysis",
    "sabt.demo",
    "sabt.odk",
    "sabt.field",
    "sabt.web",
    # Only for the Leaflet copy it ships as static files (web/incident_map.js).
    "leaflet",
    # Only for the Swagger UI it ships as static files (the /api/docs page).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "sabt.access.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sabt.access.idle_session.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language: a reader without a choice gets the language's calendar.
    "sabt.web.calendar_choice.CalendarMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any middleware reads the body: a page for a request too large.
    "sabt.web.uploads.UploadLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sabt.access.middleware.SecondFactorRequiredMiddleware",
    "sabt.access.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

# A field kit (``sabt field init`` wrote field/kit.json) serves only its own
# pages, which record sealed and show counts (sabt.web.field); the office's
# pages would record in clear there.
SABT_FIELD_KIT = (SABT_HOME / "field" / "kit.json").exists()
ROOT_URLCONF = "sabt.web.field.urls" if SABT_FIELD_KIT else "sabt.urls"
WSGI_APPLICATION = "sabt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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


def _database() -> dict[str, object]:
    engine = envstr("SABT_DB_ENGINE", "sqlite")
    if engine == "sqlite":
        name = envstr("SABT_DB_NAME", str(SABT_HOME / "sabt.sqlite3"))
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # A file, not memory, so other processes can share the test database.
            "TEST": {"NAME": envstr("SABT_TEST_DB_NAME", name + ".test")},
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue
                # instead of failing when one upgrades a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": envint("SABT_DB_TIMEOUT", "30"),
                # WAL lets pages be read while one writer appends. The page
                # cache (default 2 MB) is raised to 64 MB: the log's id and
                # record indexes are probed at random on every append.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA cache_size=-65536;"
                ),
            },
        }
    if engine == "postgresql":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": envstr("SABT_DB_NAME", "sabt"),
            "USER": envstr("SABT_DB_USER", "sabt"),
            "PASSWORD": envstr("SABT_DB_PASSWORD", ""),
            "HOST": envstr("SABT_DB_HOST", ""),
            "PORT": envstr("SABT_DB_PORT", ""),
            # A page's queries run in milliseconds; compiling one to machine
            # code (JIT) cost 50-100 ms of a count at a million incidents.
            # With the default 4 MB, the bitmap of a search's matches lost
            # its rows and every incident of a page of the table was read.
            "OPTIONS": {"options": "-c jit=off -c work_mem=32MB"},
            # A new connection is a new server process, about 20 ms of a
            # page; each thread keeps its own for five minutes instead,
            # checked before a request reuses it.
            "CONN_MAX_AGE": envint("SABT_DB_CONN_MAX_AGE", "300"),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"SABT_DB_ENGINE must be sqlite or postgresql, not {engine!r}"
    )


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + ".UserAttributeSimilarityValidator"},
    {
        "NAME": _VALIDATORS + ".MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": _VALIDATORS + ".CommonPasswordValidator"},
    {"NAME": _VALIDATORS + ".NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# django-axes first: it refuses a locked-out username before any password is
# checked. The login view passes the request to authenticate(), as it needs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins (wrong passwords and wrong second-factor codes alike)
# for one username from one address lock that pair for 30 minutes after the
# last failure; `sabt axes_reset_username NAME` unlocks it sooner.
AXES_FAILURE_LIMIT = envint("SABT_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("SABT_LOCKOUT_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "sabt.web.views.auth.locked_out"
# A correct password must not wipe the count of wrong second-factor codes.
AXES_RESET_ON_SUCCESS = False
# No table of where and when each person logged in from: on a seized server
# it would map the staff.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "sabt"

# An idle timeout: the session ends SABT_SESSION_SECONDS after the last
# request. Its expiry is moved on once a minute at most (IdleSessionMiddleware),
# not saved at every request, so reading a page writes nothing.
SESSION_COOKIE_AGE = envint("SABT_SESSION_SECONDS", str(8 * 3600))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SABT_HTTPS = envbool("SABT_HTTPS", "false")
SESSION_COOKIE_SECURE = SABT_HTTPS
CSRF_COOKIE_SECURE = SABT_HTTPS
# Behind HTTPS, browsers are told to use nothing else for a year.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SABT_HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by access.headers.SecurityHeadersMiddleware. No inline script, style
# or event handler anywhere: scripts and styles are files under /static/.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Permissions-Policy: no page may use these, whatever it loads.
SABT_DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "دری")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("SABT_STATIC_ROOT", str(SABT_HOME / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("SABT_LOG_LEVEL", "WARNING")},
    # waitress warns of every request that waits for a free thread: under
    # load that is every request, and the log says nothing else.
    "loggers": {"waitress.queue": {"level": "ERROR"}},
}

# No tile layer: maps draw the shipped district outlines and work offline.
LEAFLET_CONFIG: dict[str, object] = {"TILES": []}

# The node's Ed25519 signing key, created on first start.
SABT_NODE_KEY = Path(envstr("SABT_NODE_KEY", str(SABT_HOME / "keys" / "node.key")))
# A copy of the latest checkpoint outside the database, so `sabt verify`
# catches a truncated log even when the checkpoint rows were deleted too.
SABT_CHECKPOINT_COPY = Path(
    envstr("SABT_CHECKPOINT_COPY", str(SABT_HOME / "checkpoints" / "latest.txt"))
)

# The key that seals the second factor's TOTP seeds in the database
# (access.seeds), created when the first device is: a copy of the database
# alone cannot produce codes.
SABT_TOTP_KEY = Path(envstr("SABT_TOTP_KEY", str(SABT_HOME / "keys" / "totp.key")))

# The organisation's X25519 key (DESIGN.md "The event", sealed fields): the
# private key locked under a passphrase (Argon2id), the public key beside it.
# A field kit holds only the public key. The passphrase unlocks the private
# key when the server starts (sabt serve); it is never written anywhere.
SABT_ORG_KEY = Path(
    envstr("SABT_ORG_KEY", str(SABT_HOME / "keys" / "organisation.key"))
)
SABT_ORG_PUBLIC_KEY = Path(
    envstr("SABT_ORG_PUBLIC_KEY", str(SABT_HOME / "keys" / "organisation.pub"))
)
SABT_ORG_PASSPHRASE = envstr("SABT_ORG_PASSPHRASE", "")
# The organisation's RSA key for ODK's encrypted forms (sabt.odk.keys),
# locked under the same passphrase; the public half goes into every form.
SABT_ODK_KEY = Path(envstr("SABT_ODK_KEY", str(SABT_HOME / "keys" / "odk.key")))
SABT_ODK_PUBLIC_KEY = Path(
    envstr("SABT_ODK_PUBLIC_KEY", str(SABT_HOME / "keys" / "odk.pub"))
)

# Evidence files, write-once, each named by its SHA-256 (evidence.blobs).
SABT_BLOB_DIR = Path(envstr("SABT_BLOB_DIR", str(SABT_HOME / "blobs")))
# Uploads go to a temporary file under SABT_HOME, never into memory (nor a
# tmpfs /tmp): evidence can be a video of a gigabyte on its way to the blob
# store. A larger request is refused with a page (sabt.web.uploads).
SABT_MAX_UPLOAD_BYTES = envint("SABT_MAX_UPLOAD_BYTES", str(1024**3))
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
_UPLOAD_DIR = Path(envstr("SABT_UPLOAD_DIR", str(SABT_HOME / "uploads")))
FILE_UPLOAD_TEMP_DIR: Path | None = _UPLOAD_DIR
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
# The form fields beside the files, which Django reads into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
if SABT_FIELD_KIT:
    # On a kit a file in clear must never reach the disk: uploads are held
    # in memory, so the limit is lower, and sealed as they are saved.
    SABT_MAX_UPLOAD_BYTES = envint("SABT_MAX_UPLOAD_BYTES", str(256 * 1024**2))
    FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
    FILE_UPLOAD_MAX_MEMORY_SIZE = SABT_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
    FILE_UPLOAD_TEMP_DIR = None
else:
    # Django's checks want it to exist before anything starts.
    _UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
# waitress buffers a whole request before Django sees it, and stops at this
# size with a bare 413. Twice sabt's own limit, so a body somewhat over it
# still reaches sabt's page that says what the limit is.
SABT_SERVER_MAX_BODY_BYTES = 2 * (SABT_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE)
