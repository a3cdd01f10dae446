# 科协报编辑部 — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: run test bench lint format install demo clean-db

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Front-end packages pinned in package.json (ECharts for the statistics, axe-core for the
# browser tests), served by the site itself.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

# Embedded SQLite database, demo paper, demo editor, served on http://127.0.0.1:8000
run: export DJANGO_DEBUG := 1
run: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite on a throwaway PostgreSQL, and side by side (the machine's second core)
# again, browser tests aside, on the embedded SQLite database that `make run` uses, which
# includes the SQLite-specific tests (bin/test-suites).
test: export DJANGO_SECRET_KEY := test-secret-key-not-for-production
test: $(STAMP) $(NODE_STAMP)
	bin/ensure-browser
	bin/test-suites

bench: export DJANGO_SECRET_KEY := bench-secret-key-not-for-production
bench: $(STAMP)
	$(PY) bench/parse_throughput.py
	bin/with-postgres $(PY) bench/import_throughput.py
	BENCH_IMPORT_PUBLISH=0 bin/with-postgres $(PY) bench/import_throughput.py
	PG_SHARED_BUFFERS=1GB bin/with-postgres $(PY) bench/run.py
	bin/with-postgres $(PY) bench/photos.py
	PG_SHARED_BUFFERS=1GB bin/with-postgres $(PY) bench/reports.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The production stack on loopback (bin/stack: nginx, two app nodes, the task worker, Redis,
# a PostgreSQL primary and its replica), under load with faults, then a backup restored.
# STACK_LOAD_SECONDS (default 300), STACK_USERS (50), STACK_ISSUES (300).
.PHONY: stack-test
stack-test: export DJANGO_SECRET_KEY := stack-secret-key-not-for-production
stack-test: $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -r deploy/loadtest/requirements.lock
	bin/stack $(PY) deploy/loadtest/run.py
