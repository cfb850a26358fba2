# sohoa: `make demo` and `make test` work on a fresh Debian 12 machine with Python 3.11.
# Each installs what is missing (Debian packages, a virtual environment) before its job.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils ghostscript \
	fonts-liberation2 fonts-dejavu-core
# Only the tests need these: a PostgreSQL server, to prove nothing is SQLite-only, and a
# headless Chromium that opens the HTML quota report.
TEST_APT_PACKAGES := postgresql chromium
BENCH_APT_PACKAGES := ocrmypdf
EVALSET := bench/evalset/out
SAMPLE_SCANS = $(shell find samples -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' \
	-o -name '*.tif' -o -name '*.tiff' -o -name '*.pdf' \) | sort)
# What a citizen hands in (applications, the desk's receipts) belongs to a dossier, not a result.
SAMPLE_DOSSIER_PAPERS = $(filter samples/don-de-nghi-% samples/phieu-hen-%,$(SAMPLE_SCANS))
SAMPLE_RESULTS = $(filter-out $(SAMPLE_DOSSIER_PAPERS),$(SAMPLE_SCANS))

.PHONY: help system venv demo test lint typecheck unit-tests bench bench-accuracy samples clean

help:
	@echo "make demo   install what is missing, digitise samples/, print what was done"
	@echo "make test   install what is missing, run ruff, mypy --strict and the test suite"
	@echo "make bench  throughput: raw Tesseract vs OCRmyPDF vs sohoa on samples/"
	@echo "make bench-accuracy  OCR accuracy of the three on bench/evalset (LIMIT=N: quick)"

system:
	@missing="$$(for p in $(APT_PACKAGES) $(EXTRA_APT); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done)"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

demo: system venv
	rm -rf out/demo
	$(BIN)/sohoa process $(SAMPLE_RESULTS) --out out/demo
	$(BIN)/sohoa process $(SAMPLE_DOSSIER_PAPERS) samples/dossier-stack/*.pdf --kind dossier \
		--out out/demo
	@echo "Verify one output with: $(BIN)/sohoa verify out/demo/*.pdf"
	$(BIN)/sohoa register import samples/register/register.csv
	$(BIN)/sohoa dossiers import samples/register/dossiers.csv
	$(BIN)/sohoa report quota --as-of 2022-06-30 --format html --out out/demo/quota-2022-06-30.html
	@# As of today the documents just digitised count too (from the day they were committed).
	$(BIN)/sohoa report quota --as-of $$(date +%F) --since 2022-01-01

lint: venv
	$(BIN)/ruff check pipeline tests bench samples

typecheck: venv
	$(BIN)/mypy --strict pipeline

unit-tests: venv
	@url="$$(tests/services/postgres.sh start)" && \
	SOHOA_TEST_POSTGRES_URL="$$url" $(BIN)/pytest -q -ra; status=$$?; \
	tests/services/postgres.sh stop; exit $$status

test: EXTRA_APT = $(TEST_APT_PACKAGES)
test: system venv lint typecheck unit-tests

bench: EXTRA_APT = $(BENCH_APT_PACKAGES)
bench: system venv $(EVALSET)/.made
	$(BIN)/python bench/throughput.py samples
	$(BIN)/python bench/preprocess.py samples
	$(BIN)/python bench/quota.py
	$(BIN)/python bench/register_import.py
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/accuracy.py --evalset $(EVALSET)
	$(BIN)/python bench/fields.py samples
	$(BIN)/python bench/doctype.py
	$(BIN)/python bench/dossier_stack.py

# The accuracy benchmark's evaluation set (bench/evalset), remade when its generator changes.
$(EVALSET)/.made: $(wildcard bench/evalset/*.py samples/scangen/*.py) | venv
	rm -rf $(EVALSET)
	$(BIN)/python -m bench.evalset.generate --out $(EVALSET)
	touch $@

# OCR accuracy only: raw Tesseract vs OCRmyPDF vs sohoa on the evaluation set (LIMIT=N: quick).
bench-accuracy: EXTRA_APT = $(BENCH_APT_PACKAGES)
bench-accuracy: system venv $(EVALSET)/.made
	$(BIN)/python bench/accuracy.py --evalset $(EVALSET) $(if $(LIMIT),--limit $(LIMIT))

samples: venv
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf out var .pytest_cache .mypy_cache .ruff_cache
