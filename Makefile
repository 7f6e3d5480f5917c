# The alumni portal's commands. `make run` serves the demo site; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?=

.PHONY: help install install-dev run demo migrate test test-fast test-clock lint format bench cluster-test messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the runtime requirements

install-dev: $(VENV)/.installed-dev node_modules/.installed ## Install what the tests need (Python tools, axe-core, Chromium)
	bash scripts/ensure-chromium.sh

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate ## Load (or refresh) the demo university
	$(BIN)/python manage.py load_demo_data $(if $(DEMO_PASSWORD),--admin-password $(DEMO_PASSWORD),)

run: demo ## Install, migrate, load demo data and serve the site at http://127.0.0.1:8000
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev ## Install what the tests need and run the whole suite (DATABASE_URL picks the database)
	$(BIN)/pytest

test-fast: ## Run the suite without the browser tests
	$(BIN)/pytest -m "not browser"

CLOCK ?= 2027-03-28T01:30:00Z
test-clock: install-dev ## Run the suite (no browser) as if it were CLOCK, e.g. make test-clock CLOCK=2028-02-29T10:00:00Z
	ALUMNI_TEST_CLOCK=$(CLOCK) $(BIN)/pytest -m "not browser"

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev ## Load-test the site (gunicorn + wrk), then alumni at scale on SQLite and PostgreSQL (writes benchmarks/RESULTS.md)
	@command -v wrk >/dev/null || (echo "wrk is missing: apt-get install -y wrk" && exit 1)
	$(BIN)/python benchmarks/run.py --duration 10
	$(BIN)/python benchmarks/soak.py --duration 600
	$(BIN)/python benchmarks/alumni.py
	$(BIN)/python benchmarks/sign_in.py
	$(BIN)/python benchmarks/newsletter_send.py
	$(BIN)/python benchmarks/survey_report.py
	$(BIN)/python benchmarks/office_reports.py
	$(BIN)/python benchmarks/site_search.py

cluster-test: install-dev ## Start the multi-server topology (Varnish, 2 app servers, worker, S3) and check it end to end
	@command -v varnishd >/dev/null || (echo "varnishd is missing: apt-get install -y varnish" && exit 1)
	$(BIN)/python tests/cluster/cluster_test.py

messages: ## Extract and compile the Romanian translations
	$(BIN)/python manage.py makemessages --locale ro --ignore ".venv/*" --ignore "node_modules/*" --ignore "benchmarks/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale ro --ignore ".venv/*"

clean: ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) node_modules db.sqlite3 media static_collected .page-cache
