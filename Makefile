# The two commands of the README: `make dev` and `make test`. Each sets itself up.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json

.PHONY: dev test bench lint infra web browser java clean deploy lock

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.txt
	@touch $@

# The agent web client (TypeScript, Vite). `npm ci` installs exactly the lock and never rewrites it.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent

web: web/dist/index.html

# The browser of the end-to-end tests: Debian's Chromium, driven by Playwright.
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

# The runtime of DynamoDB Local (local/dynamodb_local.py fetches the jar itself): Debian's Java 17.
java:
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)

dev: $(VENV)/.installed web java
	PORT=$(PORT) $(PY) -m local

test: $(VENV)/.installed web browser java
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) -m bench

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy chalicelib app.py local infra bench ops

infra: $(VENV)/.installed
	$(PY) -m infra.synth --out build/template.json
	$(VENV)/bin/cfn-lint build/template.json

# `make deploy STAGE=prod REGION=eu-west-3 [MAIL_FROM=...] [DRY_RUN=1] [YES=1]`: see infra/README.md.
deploy: $(VENV)/.installed
	$(PY) -m infra.deploy

# The locks, with hashes: the runtime for Lambda's platform (requirements.txt: everything; requirements-lambda.txt:
# what ships), and the development tools (requirements-dev.txt), which take the runtime's versions.
LOCK_FLAGS := --generate-hashes --only-binary :all: --python-version 3.11 --python-platform x86_64-manylinux2014 --quiet
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile requirements.in --excludes requirements-exclude.txt $(LOCK_FLAGS) -o requirements.txt
	$(VENV)/bin/uv pip compile requirements.in --excludes requirements-exclude.txt \
	  --excludes lambda-runtime-provided.txt --constraints requirements.txt $(LOCK_FLAGS) -o requirements-lambda.txt
	$(VENV)/bin/uv pip compile requirements-dev.in --constraints requirements.txt --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux2014 --quiet -o requirements-dev.txt

clean:
	rm -rf $(VENV) .data build web/dist web/node_modules
