"""Static files storage for ``run_django.py``: hashed, compressed, and ES modules that work.

whitenoise serves the hashed names with a one-year cache lifetime. A module's ``import``
statements name other files, so they must name the hashed files too, or a browser would keep
an old module forever (or load two copies of one). Django rewrites them when asked to.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's storage, with ``import`` and ``export … from`` rewritten to hashed names."""

    support_js_module_import_aggregation = True
