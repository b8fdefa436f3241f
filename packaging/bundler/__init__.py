"""Build and verify Fieldguide's self-contained bundle (see docs/packaging.md).

Used by ``packaging/build_bundle.py`` and ``packaging/verify_bundle.py``. Standard library only:
it runs on the packager's Python, not the bundle's.
"""
