"""Settings shared by every Fieldguide configuration.

All writable state lives in the home folder (``fieldguide.home``); the code folders stay
read-only. Every setting read from the environment is documented in docs/settings.md.
"""

from __future__ import annotations

from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_levels

from fieldguide import options
from fieldguide.home import build_dir, content_dir, resolve_home

HOME = resolve_home()
FIELDGUIDE_CONTENT_DIR = content_dir()
FIELDGUIDE_BUILD_DIR = build_dir()

SECRET_KEY = options.value("FIELDGUIDE_SECRET_KEY") or HOME.secret_key()
DEBUG = False

# The server binds 127.0.0.1 only; the Host header must name this machine.
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# The per-launch secret the shell passes in; run_django.py generates one when absent.
FIELDGUIDE_LAUNCH_TOKEN = options.value("FIELDGUIDE_LAUNCH_TOKEN")

INSTALLED_APPS = [
    "fieldguide.core",
    "fieldguide.learners",
    "fieldguide.lessons",
    "fieldguide.demos",
    "fieldguide.progress",
    "fieldguide.instructor",
    "fieldguide.packs",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fieldguide.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fieldguide.core.middleware.LaunchTokenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fieldguide.instructor.access.FirstInstructorMiddleware",
    "fieldguide.core.page_cache.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Nothing off this machine, ever; learner pages without inline code either (the Wagtail admin
# gets inline scripts and styles: see fieldguide.core.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
    }
}

# A message's level picks its callout style (templates/includes/messages.html).
MESSAGE_TAGS = {
    message_levels.DEBUG: "note",
    message_levels.INFO: "note",
    message_levels.SUCCESS: "tip",
    message_levels.WARNING: "warning",
    message_levels.ERROR: "warning",
}

ROOT_URLCONF = "fieldguide.urls"
# The instructor logs in through the Wagtail admin's login page.
LOGIN_URL = "wagtailadmin_login"
WSGI_APPLICATION = "fieldguide.wsgi.application"

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
                "fieldguide.core.context_processors.fieldguide",
                "fieldguide.lessons.context_processors.lessons",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME.database,
        "OPTIONS": {
            # Server and worker share one file: WAL lets readers and a writer coexist, the
            # busy timeout waits out the other process's write instead of failing with
            # "database is locked", and IMMEDIATE transactions take the write lock up front
            # so two writers never deadlock while upgrading a read lock.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "default" carries Wagtail's index tasks; "demos" the learners' demo runs, each
        # demo worker running one at a time (FIELDGUIDE_DEMO_CONCURRENCY workers).
        "QUEUES": ["default", "demos"],
    }
}


# Demos: the default timeout (seconds) for demos that set none, how many run at once, and
# how much output a run keeps.
FIELDGUIDE_DEMO_TIMEOUT = options.value("FIELDGUIDE_DEMO_TIMEOUT")
FIELDGUIDE_DEMO_CONCURRENCY = options.value("FIELDGUIDE_DEMO_CONCURRENCY")
FIELDGUIDE_DEMO_LOG_LIMIT = options.value("FIELDGUIDE_DEMO_LOG_LIMIT")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = FIELDGUIDE_BUILD_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME.media
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_NAME = "fieldguide_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"fieldguide": {"level": "INFO"}},
}

# Wagtail, offline: no update check, no gravatar, no "what's new" fetches.
WAGTAIL_SITE_NAME = "Fieldguide"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS: list[dict[str, str]] = []
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "zip", "md", "py", "toml", "json"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
