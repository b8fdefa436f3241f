PYTHON ?= .venv/bin/python

.PHONY: run test test-fast lint bench screenshot lock

run:
	python3 scripts/bootstrap.py run --open

test:
	python3 scripts/bootstrap.py test

# The tier to run every few minutes: no real servers, no browser, no waiting on real time.
test-fast:
	$(PYTHON) -m pytest -m "not slow and not browser"

PY_SOURCES = site tests bench scripts packaging run_django.py

# Every static check the suite runs, without the rest of the suite.
lint:
	$(PYTHON) -m ruff check $(PY_SOURCES)
	$(PYTHON) -m ruff format --check $(PY_SOURCES)
	PYTHONPATH=site $(dir $(PYTHON))lint-imports
	$(PYTHON) -m mypy
	npm run lint

bench:
	cd bench && ../$(PYTHON) startup.py && ../$(PYTHON) step_latency.py && ../$(PYTHON) demos.py && ../$(PYTHON) seat_reset.py && ../$(PYTHON) packs.py && ../$(PYTHON) first_visit.py && ../$(PYTHON) load_docs.py && ../$(PYTHON) editor_bundle.py && ../$(PYTHON) bundle_size.py
	node bench/shell_startup.js

screenshot:
	$(PYTHON) scripts/screenshot.py

lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test -c requirements.lock --universal --python-version 3.11 --generate-hashes -o requirements-test.lock
