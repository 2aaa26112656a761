# Every target creates the virtual environment first when it is missing or out of date.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench migrate seed-demo clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## migrate, then serve on HOST:PORT (settings come from the environment / .env)
	$(BIN)/python -m manage migrate
	$(BIN)/uvicorn main:app --host $(HOST) --port $(PORT) --no-access-log --no-proxy-headers

.PHONY: serve
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
GRACEFUL_SHUTDOWN_SECONDS ?= 30
serve: export LOG_FORMAT ?= json
# Where the workers share their metrics (README, "Serving in production"); emptied on each start.
serve: export PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/.prometheus-multiproc
serve: $(STAMP)  ## production: migrate, then WORKERS processes on HOST:PORT, JSON logs (see README)
	rm -rf "$$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"
	$(BIN)/python -m manage migrate
	$(BIN)/uvicorn main:app --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--no-access-log --proxy-headers --timeout-graceful-shutdown $(GRACEFUL_SHUTDOWN_SECONDS)

migrate: $(STAMP)
	$(BIN)/python -m manage migrate

seed-demo: migrate  ## demo accounts, profiles, jobs and applications (see README)
	$(BIN)/python -m manage seed-demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

pytest: $(STAMP)
	$(BIN)/pytest -n auto --cov --cov-report=term

test: lint typecheck pytest  ## what CI runs

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

.PHONY: fuzz
fuzz: $(STAMP)  ## schemathesis, every check, against a live server; FUZZ_EXAMPLES, FUZZ_ARGS="--database-url ..."
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-25} $(BIN)/python -m fuzz $(FUZZ_ARGS)

.PHONY: bench-scale
bench-scale: $(STAMP)  ## list path at scale against a real uvicorn; SCALE_ARGS="--rows 10000 ..."
	$(BIN)/python -m benchmarks.scale $(SCALE_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage

.PHONY: client
client: $(STAMP)  ## regenerate the TypeScript client's types from the app, then type-check it
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p clients/typescript/build
	$(BIN)/python -m manage openapi clients/typescript/build/openapi.json
	cd clients/typescript && npm run --silent generate && npm run --silent typecheck
