.PHONY: run test bench lint
run:   ## the whole pipeline on samples/ → warehouse/reporting.duckdb
	bash scripts/run.sh
test:  ## lint + every test
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
bench: ## accuracy, extraction speed and a quick scale run
	.venv/bin/python bench/accuracy.py && .venv/bin/python bench/extract_speed.py && .venv/bin/python bench/scale.py --quick
