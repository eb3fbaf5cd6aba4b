# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench clean

# (Re)install whenever pyproject.toml is newer than the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/zhunong db upgrade
	$(BIN)/zhunong roster import --if-empty examples/huangtuling.yaml
	$(BIN)/zhunong serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

# The whole suite on SQLite, then again on PostgreSQL when ZHUNONG_TEST_DATABASE_URL is set.
test: lint
	ZHUNONG_TEST_DATABASE_URL= $(BIN)/pytest -q
	@if [ -n "$$ZHUNONG_TEST_DATABASE_URL" ]; then \
		echo "== the suite again, on PostgreSQL =="; \
		$(BIN)/pytest -q; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/language.py
	$(BIN)/python bench/console.py
	$(BIN)/python bench/broadcast.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/bare.py

# Thousands of malformed and hostile callbacks at a real server: never a 5xx, never a stray row.
.PHONY: fuzz
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz_callback.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
