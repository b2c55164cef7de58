# 应急沟通手册 — the two commands in the README are `make serve` and `make test`.
SHELL   := /bin/bash
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PIP     := $(BIN)/python -m pip --disable-pip-version-check -q
PORT    ?= 8000

# Material for MkDocs prints an end-of-life banner on every run (EOL 2027-05-05,
# see the README's maintenance section). The targets silence it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build offline publish rollback audit bench flow check check-zensical test lint format browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The shared setup of serve, build and test: pinned site dependencies plus the
# project itself (editable), which puts `macros` on the import path.
$(VENV)/.site-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.site-installed
	$(PIP) install -r requirements-dev.txt
	@touch $@

install: $(VENV)/.site-installed

# --dirty: after an edit, rebuild only the pages it affects (macros/render/rebuild.py knows
# which pages list templates); the first build is a full one.
serve: install
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:$(PORT)

build: install
	$(BIN)/mkdocs build --strict --clean --site-dir site

# The make targets below are thin wrappers around the one command surface: `handbook`.
# A copy that opens from disk (file://): .html URLs.
offline: install
	$(BIN)/handbook offline --out dist/handbook-offline.zip

# Build beside DEST and swap it in only if the strict build passed.
publish: install
	@if [ -z "$(DEST)" ]; then echo "用法：make publish DEST=/srv/www/handbook"; exit 2; fi
	$(BIN)/handbook publish --dest "$(DEST)" $(ARGS)

# Put the previous release of DEST back in one step; run it again to undo.
rollback: install
	@if [ -z "$(DEST)" ]; then echo "用法：make rollback DEST=/srv/www/handbook"; exit 2; fi
	$(BIN)/handbook publish --rollback --dest "$(DEST)"

# Templates overdue for review; exits 1 when any is.
audit: install
	$(BIN)/handbook audit

# Build cost, scaling and page weight against plain Material: prints one table.
bench: install
	$(BIN)/python -m tests.bench.bench $(ARGS)

# An incident on a phone, stage by stage: taps, characters and scrolling (Chromium, 390×844).
flow: $(VENV)/.dev-installed browser-deps
	$(BIN)/python -m tests.bench.flow

# Browser tests drive Debian's chromium; CJK text needs fonts-noto-cjk.
browser-deps:
	@if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing chromium and fonts-noto-cjk (Debian packages)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; \
	else \
	  echo "The browser tests need Debian's chromium and fonts-noto-cjk. Install them with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk"; \
	  exit 1; \
	fi

# The JavaScript checks: ESLint, Prettier and TypeScript (checkJs over JSDoc), pinned in
# tests/js/package-lock.json and installed from the npm registry by `npm ci`.
NODE_BIN := tests/js/node_modules/.bin
PRETTIER := $(NODE_BIN)/prettier --config tests/js/.prettierrc.json
JS_FILES := docs/assets/javascripts/search.js 'docs/assets/javascripts/workspace/*.js' 'tests/**/*.mjs' tests/js/eslint.config.mjs
tests/js/node_modules/.installed: tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(VENV)/.dev-installed tests/js/node_modules/.installed
	$(BIN)/ruff check macros tests
	$(BIN)/ruff format --check macros tests
	$(BIN)/mypy macros
	$(NODE_BIN)/eslint -c tests/js/eslint.config.mjs docs/assets/javascripts tests
	@# --check names only the files: show where, as a diff against Prettier's output.
	@echo '$(NODE_BIN)/prettier --check $(JS_FILES)'
	@$(PRETTIER) --check $(JS_FILES) || { for f in $$($(PRETTIER) --list-different $(JS_FILES)); do \
	  $(PRETTIER) "$$f" | diff -u --label "$$f" --label "$$f (prettier)" "$$f" -; done; exit 1; }
	$(NODE_BIN)/tsc -p tests/js/tsconfig.json
	$(NODE_BIN)/tsc -p tests/js/tsconfig.strict.json

format: $(VENV)/.dev-installed tests/js/node_modules/.installed
	$(BIN)/ruff check --fix macros tests
	$(BIN)/ruff format macros tests
	$(NODE_BIN)/prettier --config tests/js/.prettierrc.json --write $(JS_FILES)

# Material's successor: build with Zensical 0.0.73 (its own virtualenv) and compare every
# page's article with the MkDocs build. About 20 s on a fresh machine, so `make test` runs it.
ZVENV := .venv-zensical
$(ZVENV)/.installed: requirements-zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip --disable-pip-version-check -q install -r requirements-zensical.txt
	@touch $@

check-zensical: $(VENV)/.site-installed $(ZVENV)/.installed
	$(BIN)/python -m tests.zensical.check --zensical $(ZVENV)/bin/zensical

# The fast loop: lint, types and every test that needs neither a browser nor a full build.
check: $(VENV)/.dev-installed lint
	$(BIN)/pytest -q -m "not browser and not build"

# Everything: lint, types, unit tests, full builds and the browser tests. Two workers:
# one runs the browser tests, the other everything else (tests/conftest.py groups them).
test: $(VENV)/.dev-installed browser-deps lint check-zensical
	$(BIN)/pytest -n 2

clean:
	rm -rf site dist .pytest_cache test-artifacts .venv-zensical tests/js/node_modules
