# The two commands of the README. Both are safe to run again.
PYTHON ?= python3

.PHONY: run api test lint bench

# Install, prepare the embedded database, demo data and demo models (first time only), serve the app.
run:
	$(PYTHON) -m pip install -q -r requirements.txt
	$(PYTHON) -m core setup
	$(PYTHON) -m streamlit run Home.py

# The decision API for the bank's other channels, on :8000, over the same database and models.
api:
	$(PYTHON) -m pip install -q -r requirements.txt
	$(PYTHON) -m core setup
	$(PYTHON) -m core api

# Install the test tools, make sure PostgreSQL and Chromium are there, run every test tier.
test:
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	./scripts/ensure-services.sh
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy

bench:
	$(PYTHON) bench/bench_scoring.py
