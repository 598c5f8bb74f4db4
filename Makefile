.PHONY: run test bench lint
run:   ## the whole pipeline on samples/ → warehouse/reporting.duckdb
	bash scripts/run.sh
test:  ## lint + every test
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
bench: ## accuracy, extraction speed and a quick scale run
	.venv/bin/python -m bench.accuracy && .venv/bin/python -m bench.extract_speed && .venv/bin/python -m bench.scale --quick
