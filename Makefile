# Two commands matter: `make run` (the whole assistant on this machine) and `make test` (every check).
# Both build what is missing first. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

RASA_VENV := .venvs/rasa
APP_VENV := .venvs/app
APP_PY := $(APP_VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
PIP_QUIET := --quiet --disable-pip-version-check

help:
	@echo "make run    start the assistant (Rasa, action server, gateway) and print the demo page address"
	@echo "make test   run every check: data validation, training, test stories, Easy Read, pytest"
	@echo "make setup  build the two Python environments only"
	@echo "make train  train the Rasa model if the training data changed"
	@echo "make clean  remove environments, models and local data under var/"

setup: $(RASA_VENV)/.installed $(APP_VENV)/.installed

$(RASA_VENV)/.installed: requirements/rasa.lock
	@echo "Building the Rasa environment (Python 3.10) in $(RASA_VENV)..."
	rm -rf $(RASA_VENV)
	py=$$(scripts/find-python 3.10) && "$$py" -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install $(PIP_QUIET) -r requirements/rasa.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(RASA) --version >/dev/null
	$(RASA) telemetry disable >/dev/null
	touch $@

$(APP_VENV)/.installed: requirements/app.lock
	@echo "Building the app environment (Python 3.11) in $(APP_VENV)..."
	rm -rf $(APP_VENV)
	py=$$(scripts/find-python 3.11) && "$$py" -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install $(PIP_QUIET) -r requirements/app.lock 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(APP_PY) -c "import rasa_sdk, sqlalchemy, aiohttp, spacy, textstat, pytest"
	touch $@

train: setup
	$(APP_PY) -m bot.cli train

run: setup
	$(APP_PY) -m bot.cli run

test: setup
	$(APP_PY) -m bot.cli validate
	$(APP_PY) -m bot.cli train
	$(APP_PY) -m bot.cli test-stories
	$(APP_PY) -m pytest

clean:
	rm -rf .venvs models var

.PHONY: help setup train run test clean
