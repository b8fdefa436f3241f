PYTHON ?= .venv/bin/python

.PHONY: run test test-fast lint bench screenshot lock

run:
	python3 scripts/bootstrap.py run --open

test:
	python3 scripts/bootstrap.py test

# The tier to run every few minutes: no real servers, no browser, no waiting on real time.
test-fast:
	$(PYTHON) -m pytest -m "not slow and not browser"

lint:
	$(PYTHON) -m ruff check site tests bench scripts run_django.py
	$(PYTHON) -m ruff format --check site tests bench scripts run_django.py

bench:
	cd bench && ../$(PYTHON) startup.py && ../$(PYTHON) step_latency.py && ../$(PYTHON) demos.py && ../$(PYTHON) seat_reset.py && ../$(PYTHON) packs.py && ../$(PYTHON) bundle_size.py
	node bench/shell_startup.js

screenshot:
	$(PYTHON) scripts/screenshot.py

lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test -c requirements.lock --universal --python-version 3.11 --generate-hashes -o requirements-test.lock
