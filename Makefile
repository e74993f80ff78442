# Two set-up commands that work on a fresh machine:
#   make demo   creates .venv, installs everything pinned, runs accord on the example corpus
#   make test   the same set-up, then the whole test suite (what CI runs)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench lock clean system screenshots

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; no
# browser is ever downloaded). Installed once, as root or through sudo.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium chromium-driver; }

# Debian's PostgreSQL server binaries for the store's tests (each test run starts a
# throwaway cluster of its own; nothing is left running).
POSTGRES := /usr/lib/postgresql
$(POSTGRES):
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get install -y -q postgresql >/dev/null 2>&1 || \
	{ $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q postgresql; }

system: $(CHROMIUM) $(POSTGRES)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	# BERTopic (an evaluation baseline) declares sentence-transformers, which pulls torch and
	# GBs of CUDA; it runs on precomputed vectors, so it is installed without its declared deps.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps bertopic==0.17.4
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/accord brief examples/articles --with-text -o out/examples-brief.json
	$(BIN)/accord brief examples/articles -o out/examples-brief.md
	$(BIN)/accord brief examples/articles -o out/examples-brief.html
	@echo "Written: out/examples-brief.html (open it in a browser), out/examples-brief.md, out/examples-brief.json (schema accord.brief/1)"

test: $(STAMP) $(CHROMIUM) $(POSTGRES)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/cluster_scaling.py
	$(BIN)/python benchmarks/soak.py
	$(BIN)/python benchmarks/brief_scaling.py

# Screenshots of the HTML brief and the app for the README (docs/*.png).
screenshots: $(STAMP) $(CHROMIUM)
	$(BIN)/python scripts/screenshots.py

# Re-pin after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -vE "^(accord|bertopic)" > requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
