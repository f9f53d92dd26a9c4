# The two commands of the README: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
JOBS ?= 2

.PHONY: setup system-deps venv run test eval lint schema clean

system-deps:
	bash scripts/install-system-deps.sh
	bash scripts/install-browser.sh

$(BIN)/congvan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/congvan

venv: $(BIN)/congvan

setup: system-deps venv

# Extract every document of the bundled corpus into out/records, then score it against the gold.
run: setup
	$(BIN)/congvan extract corpus/docs --out out/records --jobs $(JOBS)
	$(BIN)/congvan eval corpus/ --jobs $(JOBS)

# The whole suite: the tracker's tests run on a real PostgreSQL server too (Debian's, started here);
# the Celery engine's tests start redis-servers of their own (Debian's, installed by system-deps),
# one per test on a free loopback port, and fail (never skip) with the fix when it is missing.
test: setup
	eval "$$(bash scripts/start-postgres.sh)" && $(BIN)/pytest -q

eval: setup
	$(BIN)/congvan eval corpus/ --jobs $(JOBS)

lint: venv
	$(BIN)/ruff check congvan pipeline extractors schemas tracker evaluation operations web cli tests scripts benchmarks

schema: venv
	$(BIN)/congvan schema > schemas/record.schema.json

clean:
	rm -rf out .pytest_cache
