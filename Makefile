# The two commands of the README: `make dev` and `make test`. Each sets itself up.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: dev test bench lint infra clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

dev: $(VENV)/.installed
	PORT=$(PORT) $(PY) -m local

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) -m bench

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy chalicelib app.py

infra: $(VENV)/.installed
	$(PY) -m infra.synth --out build/template.json
	$(VENV)/bin/cfn-lint build/template.json

clean:
	rm -rf $(VENV) .data build
