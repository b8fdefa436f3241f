"""The configuration ``run_django.py`` serves with."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
STORAGES = {
    **STORAGES,
    # whitenoise's hashed, compressed files, with ES module imports rewritten to hashed names.
    "staticfiles": {"BACKEND": "fieldguide.core.storage.StaticFilesStorage"},
}
# Static files are collected once into the build folder; whitenoise caches them forever.
WHITENOISE_MAX_AGE = 365 * 24 * 3600
