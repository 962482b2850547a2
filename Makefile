# Two commands for a newcomer: `make run` and `make test` (see README.md).
PY      := .venv/bin/python
DB      ?= data/procurement.duckdb
PORT    ?= $(or $(STREAMLIT_SERVER_PORT),8501)

.PHONY: run test lint db bench clean

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Rebuilt from the shipped sample when it is missing or older than the ETL code or the sample.
ETL_INPUTS := $(shell find etl data/sample -type f -not -name '*.pyc' 2>/dev/null)

$(DB): .venv/.installed $(ETL_INPUTS)
	$(PY) -m etl build --db $(DB)

db: $(DB)

run: $(DB)
	PROCUREMENT_DB=$(DB) $(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: .venv/.installed
	$(PY) -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo 'no test collected'; exit 0; fi; exit $$rc

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: .venv/.installed
	$(PY) -m bench.run

clean:
	rm -rf .venv data/procurement.duckdb
