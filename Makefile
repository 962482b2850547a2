# Two commands for a newcomer: `make run` and `make test` (see README.md).
PY         := .venv/bin/python
SAMPLE_DB  := data/procurement.duckdb
# The database served: DB=... or env PROCUREMENT_DB when given, else the sample's build.
DB         ?= $(or $(PROCUREMENT_DB),$(SAMPLE_DB))
PORT       ?= $(or $(STREAMLIT_SERVER_PORT),8501)

.PHONY: run test lint db update bench clean

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# The sample's DB is rebuilt when it is missing or older than the ETL code or the sample.
ETL_INPUTS := $(shell find common etl data/sample -type f -not -name '*.pyc' 2>/dev/null)

$(SAMPLE_DB): .venv/.installed $(ETL_INPUTS)
	$(PY) -m etl build --db $(SAMPLE_DB)

db: $(SAMPLE_DB)

# Another DB is served as it is: never replaced by the sample when it is missing.
run: .venv/.installed $(if $(filter $(SAMPLE_DB),$(DB)),$(SAMPLE_DB))
	@test -f "$(DB)" || { echo "error: $(DB) does not exist; build it with: $(PY) -m etl build SOURCE --db $(DB)" >&2; exit 1; }
	@$(PY) -m etl info --db "$(DB)" --brief
	PROCUREMENT_DB="$(DB)" $(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# The national data, refreshed (README « Live data and the daily refresh »): downloads what changed
# into data/raw/ (env ETL_RAW_DIR), then rebuilds from that cache alone. A failed fetch or build
# stops here and leaves the published DB as it was.
UPDATE_DB ?= $(or $(PROCUREMENT_DB),data/national.duckdb)

update: .venv/.installed
	$(PY) -m etl fetch decp-tabular-parquet sirene-unites-legales
	$(PY) -m etl build decp-tabular-parquet --sirene sirene-unites-legales --offline --db "$(UPDATE_DB)"

test: .venv/.installed
	$(PY) -m pytest -q

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: .venv/.installed
	$(PY) -m bench.run

clean:
	rm -rf .venv $(SAMPLE_DB)
