# The two commands of the README. Both are safe to run again. Everything runs in the project's
# own virtual environment, .venv/ (made and kept current by scripts/venv.sh), so nothing is
# installed into the system's Python.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export PYTHON VENV

.PHONY: run api test lint bench venv

# Install, prepare the embedded database, demo data and demo models (first time only), serve the app.
# Streamlit's own banner is hidden (setup printed the address and what to do next), and so is its
# search for an external IP address, which fails without internet access and reads as an error.
run:
	@./scripts/venv.sh requirements.txt
	$(PY) -m core setup
	@$(PY) -m streamlit run Home.py --logger.hideWelcomeMessage true --logger.level warning

# The decision API for the bank's other channels, on 127.0.0.1:8000, over the same database and models.
api:
	@./scripts/venv.sh requirements.txt
	$(PY) -m core setup
	$(PY) -m core api

# Install the test tools and lint (ruff, mypy), make sure PostgreSQL and Chromium are there, run every test tier.
test: lint
	./scripts/ensure-services.sh
	$(PY) -m pytest

# The environment alone (used by the other targets; `make venv` to prepare it ahead).
venv:
	@./scripts/venv.sh requirements-dev.txt

lint:
	@./scripts/venv.sh requirements-dev.txt
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

bench:
	@./scripts/venv.sh requirements-dev.txt
	$(PY) bench/bench_scoring.py
