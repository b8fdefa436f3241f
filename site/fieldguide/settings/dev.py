"""For hacking on Fieldguide with ``manage runserver``-style tools: debug pages, static files
served straight from the apps."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
