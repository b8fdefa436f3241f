"""pytest's configuration: a throw-away home, a fixed launch token and tasks run inline."""

import os
import tempfile

# Settings read the home at import time: give the test run a throw-away one first.
os.environ.setdefault("FIELDGUIDE_HOME", tempfile.mkdtemp(prefix="fieldguide-test-home-"))

from .base import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
FIELDGUIDE_LAUNCH_TOKEN = "test-launch-token"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Wagtail's own index tasks run inline in tests; the real worker is tested as a process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "demos"],
    }
}
