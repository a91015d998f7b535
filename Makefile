# Two entry points a fresh Debian machine needs: `make run` and `make test`.
# Each creates or updates .venv itself; the stamp files re-install when pyproject.toml changes.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
PYTEST_ARGS ?=

.PHONY: run test lint format bench package wheelhouse clean-venv

$(BIN)/python:
	@sh scripts/system-deps.sh venv
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(STAMP)

run: $(STAMP)
	@sh scripts/system-deps.sh qt
	$(BIN)/python -m briefing_app

test: $(TEST_STAMP)
	@sh scripts/system-deps.sh qt
	@sh scripts/system-deps.sh postgresql
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check briefing_app tests bench scripts
	$(BIN)/ruff format --check briefing_app tests bench scripts

format: $(TEST_STAMP)
	$(BIN)/ruff format briefing_app tests bench scripts
	$(BIN)/ruff check --fix briefing_app tests bench scripts

bench: $(TEST_STAMP)
	$(BIN)/python bench/run_all.py

PACKAGE_STAMP := $(VENV)/.installed-package
$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[package]'
	@touch $@

# A onedir bundle in dist/briefing, smoke-tested offscreen with a fresh library.
package: $(PACKAGE_STAMP)
	@sh scripts/system-deps.sh qt
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/briefing.spec
	sh scripts/smoke-test-bundle.sh dist/briefing/briefing
	@du -sh dist/briefing | sed 's/^/bundle size: /'

# Every dependency as wheels with hashes, for `pip install --no-index` on an air-gapped machine.
wheelhouse: $(BIN)/python
	sh scripts/make-wheelhouse.sh wheelhouse

clean-venv:
	rm -rf $(VENV)
