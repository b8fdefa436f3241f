#!/usr/bin/env python3
"""Fieldguide's one entry point. See ``python run_django.py --help`` and docs/launch.md."""

import sys
from pathlib import Path

# site/ holds Fieldguide's packages. It is a source folder, never a package: "site" is a
# standard-library module name.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

from fieldguide.launcher import main

if __name__ == "__main__":
    sys.exit(main())
