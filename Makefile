# One entry point. `make run` starts a board; `make test` is exactly what CI runs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PORT ?= 8000
HOST ?= 127.0.0.1
DATA ?= data

.PHONY: run test test-fast lint format schema setup clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Run the board (embedded engine, no Redis); prints the start page's link: create boards there.
## `make run HOST=0.0.0.0` serves the room's network; links then carry this machine's address.
run: $(STAMP)
	$(BIN)/crossboard serve --host $(HOST) --port $(PORT) --data-dir $(DATA)

## Lint, type-check and run every test: Python (unit, contract, integration, e2e in
## Chromium, slow ones too) and the JS unit tests.
test: $(STAMP) $(NPM_STAMP) lint
	node --test client/test/
	$(BIN)/pytest

## The fast layer only: no process kills, no big bursts.
test-fast: $(STAMP)
	node --test client/test/
	$(BIN)/pytest -m "not slow"

## ruff, mypy --strict on the server, tsc --checkJs on the client (tsconfig.json).
lint: $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy server/crossboard
	node_modules/.bin/tsc -p tsconfig.json

format: $(STAMP)
	$(BIN)/ruff format server tests bench
	$(BIN)/ruff check --fix server tests bench

## Regenerate the JSON schemas in shared/schema/ from the pydantic models and the client's
## constants module client/src/protocol.gen.js from the Python package.
schema: $(STAMP)
	$(BIN)/python -m crossboard.protocol.schema

# npm dev dependencies, exactly as package-lock.json pins them: typescript for `make lint`,
# axe-core for the accessibility browser test (tests/e2e/test_accessibility.py). Runs again
# only when the lock file changes.
$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
