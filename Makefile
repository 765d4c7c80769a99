# The site's commands. Each sets itself up on a fresh machine (virtualenv, pinned packages).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= _build/html
STAMP  := $(VENV)/.installed
# Parallel builds only pay with more than 2 cores: on 2 the benchmark measured -j auto 1.6×
# slower than serial at 10,000 papers (benchmarks/results.md).
SPHINXOPTS ?= $(shell [ "$$(nproc 2>/dev/null || echo 1)" -gt 2 ] && echo "-j auto")
CHECKFLAGS ?=

.PHONY: html test test-fast lint serve check check-snippets linkcheck clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,dev]"
	touch $(STAMP)

html: $(STAMP)  ## build the site strictly (warnings are errors) into _build/html
	$(BIN)/sphinx-build -b html -W --keep-going -n $(SPHINXOPTS) -c . docs $(OUT)
	@echo "Site built: open $(OUT)/index.html"

lint: $(STAMP)  ## ruff and mypy, configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint  ## install everything the tests need, then run them (after ruff and mypy)
	bash tests/setup-system.sh
	$(BIN)/python -m pytest

# The tests that need no root, browser, TeX Live or Java (what setup-system.sh installs): the
# checker, the CLI, the builds and their HTML. CI and `make test` run the rest as well.
FAST := not slow and not browser and not latex and not java
test-fast: $(STAMP)  ## the tests a page edit needs, without root, Chromium, TeX Live or Java
	$(BIN)/python -m pytest -m "$(FAST)"

check: $(STAMP)  ## validate pages and references.bib without building (CHECKFLAGS="--format github" in CI)
	$(BIN)/headsurvey check $(CHECKFLAGS)

SNIPPETS := .venv-snippets
# Without byte-compiling at install (pip compiles every module of torch and transformers: about
# 40 s of CPU); the first run writes the bytecode of the modules it imports, so later runs start as fast.
$(SNIPPETS)/.installed: Makefile
	$(PYTHON) -m venv $(SNIPPETS)
	$(SNIPPETS)/bin/python -m pip install --quiet --no-compile torch==2.13.0
	$(SNIPPETS)/bin/python -m pip install --quiet --no-compile torch==2.13.0 transformer-lens==4.3.0 nnsight==0.8.1
	touch $@

check-snippets: $(STAMP) $(SNIPPETS)/.installed  ## run the atlas's TransformerLens and nnsight snippets on random models (installs torch once, about 1.6 GB); tests/test_snippets.py runs it
	$(BIN)/python tests/snippets/emit.py _build/snippets
	HF_HUB_OFFLINE=1 PYTHONDONTWRITEBYTECODE= $(SNIPPETS)/bin/python tests/snippets/run.py _build/snippets

linkcheck: $(STAMP)  ## check external links online (not part of the offline tests)
	$(BIN)/sphinx-build -b linkcheck -c . docs _build/linkcheck

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/sphinx-autobuild -c . docs $(OUT) --port 8000

clean:
	rm -rf _build
