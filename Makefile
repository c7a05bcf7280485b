# Two commands: `make serve` and `make test`. Both set everything up on a fresh Debian
# machine with Python 3.11 and are safe to re-run.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8866
GPU ?= 0
CHROMIUM ?= /usr/bin/chromium
POOL ?= 1
JAX_CACHE ?= $(CURDIR)/.cache/jax
# Kernels idle this long (seconds) are shut down even with their page open (as in voila.json);
# a kernel whose page went away ends PAGE_GRACE seconds later, checked every CULL_INTERVAL
# seconds (the README's "Serving a class" explains the values). LAN=1 lets students on the
# network in; SERVE_ARGS passes more options to `sgexplore serve` (see its --help).
CULL_IDLE ?= 1200
CULL_INTERVAL ?= 10
PAGE_GRACE ?= 60
LAN ?= 0
SERVE_ARGS ?=
LOCK := requirements.lock
TEMPLATE := $(wildcard share/jupyter/voila/templates/sgexplore/*)

BIN := $(VENV)/bin
EXTRAS_SERVE := dashboard$(if $(filter 1,$(GPU)),$(comma)gpu)
comma := ,

.PHONY: serve test bench clean chromium lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every package at the version in $(LOCK), the same lock Binder installs, so that a new
# upstream release cannot break a fresh clone. The template is copied at install time.
$(VENV)/.serve-$(GPU): pyproject.toml $(LOCK) $(TEMPLATE) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[$(EXTRAS_SERVE)]"
	touch $@

# The test extra includes the dashboard extra, so the CPU serve set-up is done too (and a
# later `make serve`, also the one the browser tests run, reinstalls nothing).
$(VENV)/.test: pyproject.toml $(LOCK) $(TEMPLATE) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[test]"
	touch $@ $(VENV)/.serve-0

# `sgexplore serve` (sgexplore/serving): one Voila server for every dashboard, a landing page
# at /, POOL kernels per dashboard preheated (each has imported sgexplore and compiled the
# default views before anyone asks; POOL=1,lesson_wallpaper=20 sets one dashboard's pool).
# JAX keeps compiled programs in JAX_CACHE, so even a cold kernel skips most compilation.
serve: $(VENV)/.serve-$(GPU)
	$(BIN)/sgexplore serve --port=$(PORT) --pool=$(POOL) $(if $(filter 1,$(LAN)),--lan) \
		--cull-idle=$(CULL_IDLE) --cull-interval=$(CULL_INTERVAL) --page-grace=$(PAGE_GRACE) \
		--jax-cache="$(JAX_CACHE)" $(SERVE_ARGS)

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
	$(BIN)/python -m pytest -n 2 --dist worksteal --durations=30 tests sgexplore README.md --doctest-glob=README.md

bench: $(VENV)/.test
	$(BIN)/python -m sgexplore.bench

# Regenerate the lock from pyproject's extras (test includes dashboard and crystal; the gpu
# extra adds only CUDA plug-ins matching the locked jax). Existing pins are kept where they
# still satisfy pyproject, so only what must move moves; `make lock UPGRADE=1` moves all.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu $(if $(UPGRADE),--upgrade) -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
