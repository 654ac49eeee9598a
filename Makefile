# Pasar Kreatif: everything a fresh machine with Python 3.11+ and make needs.
# With DATABASE_URL (TEST_DATABASE_URL for tests) unset, commands use the embedded PostgreSQL
# in $(DATA_DIR).

PYTHON ?= python3
VENV ?= .venv
DATA_DIR ?= .data
PYTEST_ARGS ?=

BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OPENAPI := openapi/openapi.json
EVENTS_DOC := docs/events.md

.DEFAULT_GOAL := help
.PHONY: help install run test lint format openapi openapi-check fuzz deploy-check clean-data

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install the project with test extras

# Re-installs only when pyproject.toml is newer than the last successful install.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11+ is required (PYTHON=$(PYTHON))" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { echo "creating $(VENV) failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	@echo "installing the project and its test tools into $(VENV) (a minute or two the first time)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

run: install ## migrate and serve the API on PORT (default 8000)
	$(BIN)/pasar serve --with-worker

test: install ## run the tests (extra pytest options: PYTEST_ARGS="-k gigs -x")
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5)" >&2; fi; \
	exit $$status

lint: install ## ruff check, ruff format --check, mypy, import layers (all run; fails if any fails)
	@status=0; \
	echo "ruff check ."; $(BIN)/ruff check . || status=1; \
	echo "ruff format --check ."; $(BIN)/ruff format --check . || status=1; \
	echo "mypy"; $(BIN)/mypy || status=1; \
	echo "lint-imports (layer rules, ARCHITECTURE.md)"; $(BIN)/lint-imports --no-cache || status=1; \
	exit $$status

format: install ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: install ## regenerate openapi/openapi.json and docs/events.md
	$(BIN)/pasar openapi --output $(OPENAPI)
	$(BIN)/pasar event-catalogue --output $(EVENTS_DOC)

openapi-check: install ## fail when openapi/openapi.json or docs/events.md differs from the app
	@tmp=$$(mktemp); trap 'rm -f "$$tmp"' EXIT; status=0; \
	$(BIN)/pasar openapi --output "$$tmp" || exit 1; \
	if diff -u $(OPENAPI) "$$tmp"; then echo "$(OPENAPI) is up to date"; else \
		echo "$(OPENAPI) is out of date with the app: run 'make openapi' and commit it" >&2; \
		status=1; \
	fi; \
	$(BIN)/pasar event-catalogue --output "$$tmp" || exit 1; \
	if diff -u $(EVENTS_DOC) "$$tmp"; then echo "$(EVENTS_DOC) is up to date"; else \
		echo "$(EVENTS_DOC) is out of date with app/core/event_types.py: run 'make openapi'" >&2; \
		status=1; \
	fi; \
	exit $$status

fuzz: install ## schemathesis against a live server (FUZZ_MAX_EXAMPLES=200 for a deep run)
	$(BIN)/python scripts/fuzz_live.py

deploy-check: install ## validate deploy/ (Kubernetes schemas offline, Compose and CLI agreement)
	@$(BIN)/kubernetes-validate --strict --quiet deploy/k8s/*.yaml
	@$(BIN)/python deploy/check.py

clean-data: ## stop the embedded PostgreSQL and delete $(DATA_DIR)
	@case "$(DATA_DIR)" in ""|/|.|..) echo "refusing to delete DATA_DIR='$(DATA_DIR)'" >&2; exit 1;; esac
	@if [ -x $(BIN)/pasar ]; then DATA_DIR="$(DATA_DIR)" $(BIN)/pasar db-stop; fi
	rm -rf "$(DATA_DIR)"
