# Two entry points for a fresh machine (Python 3.11+, make):
#   make run   - install into .venv and certify the embedded reference server
#   make test  - install tox into .venv and run lint, type checks and the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,lint]' tox
	touch $@

run: $(VENV)/.installed
	$(BIN)/runs-conformance run $(ARGS)

test: $(VENV)/.installed
	$(BIN)/tox run -e lint,py311,contracts-verified

clean:
	rm -rf $(VENV) .tox runs-conformance-report
