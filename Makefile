# Two entry points for a fresh machine (Python 3.11+, make):
#   make run   - install into .venv and certify the embedded reference server
#   make test  - install tox into .venv and run lint, type checks and the tests
#   make docs  - install the docs extra into .venv and build the documentation site, strict
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test docs clean

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

$(VENV)/.docs-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

# --strict: a broken link or anchor, a page missing from the nav or a nav entry with no page
# fails the build (mkdocs.yml). Never --quiet: it hides the warnings, and strict then passes.
# NO_MKDOCS_2_WARNING silences the notice Material prints on every build (its end of life).
docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) .tox runs-conformance-report site
