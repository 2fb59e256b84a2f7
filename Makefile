# `make test` is the one command CI runs (.ci/run): it installs the Debian packages the build needs
# on a fresh machine, builds, and runs every test.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libjpeg62-turbo-dev libpng-dev libwebp-dev zlib1g-dev libssl-dev pkg-config

.PHONY: deps build release test bench goldens reference-env fuzz-smoke clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	python3 Scripts/check_openapi.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) fuzz-smoke

# The reference stack (Debian python3-torch + PyPI transformers) for goldens and benchmarks.
reference-env:
	Scripts/setup-reference-env.sh

goldens: reference-env
	.venv-ref/bin/python Scripts/make_tokenizer_goldens.py
	.venv-ref/bin/python Scripts/make_image_goldens.py
	.venv-ref/bin/python Scripts/make_model_goldens.py

bench: release
	Scripts/bench.sh

fuzz-smoke:
	@if [ -x Scripts/fuzz.sh ]; then Scripts/fuzz.sh smoke; else echo "fuzz-smoke: no fuzz targets yet"; fi

clean:
	rm -rf .build
