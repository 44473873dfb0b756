# `make run` and `make test` set up everything they need; both are safe to repeat.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run worker test install install-dev migrate demo demo-code lint bench bench-tags bench-scale

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

# The demo accounts' current sign-in code (debug only; see README "Staff sign-in and security").
demo-code: install
	@$(DEV_ENV) $(PY) manage.py demo_code

RUN_ADDR ?= 127.0.0.1:8000

# The worker (mail, renditions, cache warming, scheduled publishing) runs beside the server and stops with it.
# The demo's queued mail is sent first, into files in var/mail/ (debug's mail backend), and summarised in one line,
# so the sign-in block is printed last, just before the server's start-up lines.
run: migrate
	$(DEV_ENV) $(PY) manage.py load_demo --no-sign-in
	@$(DEV_ENV) $(PY) manage.py send_demo_mail
	@$(DEV_ENV) $(PY) manage.py demo_sign_in --url http://$(RUN_ADDR)
	$(DEV_ENV) $(PY) manage.py run_worker & trap 'kill $$! 2>/dev/null' EXIT; \
	$(DEV_ENV) $(PY) manage.py runserver $(RUN_ADDR)

worker: migrate
	$(DEV_ENV) $(PY) manage.py run_worker

# Commit subjects from COMMITS_CHECKED_FROM on (earlier ones predate the rule): at most 72 characters.
COMMITS_CHECKED_FROM := 1def0c6

# tests/test_architecture.py: dependencies point one way (docs/architecture.md, "Layers"), so an import
# against the layers fails lint, and CI with it.
# mypy reads its configuration from pyproject.toml; django-stubs loads the settings, hence DEV_ENV (no secret key).
lint: install-dev
	@if [ -d .git ]; then $(PY) .ci/commit_subject.py --range $(COMMITS_CHECKED_FROM)..HEAD; fi
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(VENV)/bin/mypy
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -p no:cacheprovider tests/test_architecture.py

# Two workers (pytest-xdist), then the few tests that time a server of their own, alone.
# docs/testing.md says how the suite is organised and why.
test: lint
	$(VENV)/bin/pytest -n 2

# One run, one report (bench/results/latest.md): Varnish against nginx, the Django hit against minimal Django,
# uncached CPU against the 1 KB view, the hit rate after one publish, the workers' balance (docs/performance.md).
# BENCH_QUICK=1: a smoke run of the harness; BENCH_SCALE=1 adds bench-scale's figures.
bench: install-dev
	$(PY) bench/run.py

# After one publish on the 5,000-page corpus, the share of other cached pages still hits (content tags).
bench-tags: install-dev
	$(PY) bench/cache_tags.py

# Uncached page costs at 500, 5,000 and 50,000 articles, one request at a time (bench/scale.py).
bench-scale: install-dev
	$(PY) bench/scale.py
