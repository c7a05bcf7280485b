# Two commands: `make serve` and `make test`. Both set everything up on a fresh Debian
# machine with Python 3.11 and are safe to re-run.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8866
GPU ?= 0
CHROMIUM ?= /usr/bin/chromium
POOL ?= 1
JAX_CACHE ?= $(CURDIR)/.cache/jax

BIN := $(VENV)/bin
EXTRAS_SERVE := dashboard$(if $(filter 1,$(GPU)),$(comma)gpu)
comma := ,

.PHONY: serve test bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.serve-$(GPU): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS_SERVE)]"
	touch $@

# The test extra includes the dashboard extra, so the CPU serve set-up is done too (and a
# later `make serve`, also the one the browser tests run, reinstalls nothing).
$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.serve-0

# Voila keeps POOL kernels per dashboard preheated: each has imported sgexplore and compiled
# the default views before anyone asks (see sgexplore.widgets.warm_up). JAX keeps compiled
# programs in JAX_CACHE, so even a cold kernel skips most compilation after the first run.
serve: $(VENV)/.serve-$(GPU)
	JAX_COMPILATION_CACHE_DIR="$(JAX_CACHE)" JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS=0 \
	$(BIN)/voila notebooks/explorer.ipynb --port=$(PORT) --Voila.ip=127.0.0.1 \
		--preheat_kernel=True --pool_size=$(POOL) \
		--VoilaConfiguration.file_allowlist="['.*\.(png|svg|css|js)']"

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "Debian Chromium is missing: run 'sudo apt-get install -y chromium'" >&2; \
			if [ "$$CI" = true ]; then exit 1; fi; \
		fi; \
	fi

test: $(VENV)/.test chromium
	$(BIN)/python -m pytest -n 2 tests sgexplore README.md --doctest-glob=README.md

bench: $(VENV)/.test
	$(BIN)/python -m sgexplore.bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
