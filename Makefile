# renja: the two commands a newcomer needs are `make demo` and `make test` (see README.md).

CARGO ?= cargo
OUT ?= out
SAMPLES := $(wildcard samples/*.pdf)
BORN_DIGITAL := samples/000_serang_sipd.pdf samples/003_paser_sipd.pdf samples/002_banjar_word.pdf
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind poppler-utils qpdf
# The binary cargo builds, wherever CARGO_TARGET_DIR puts it.
RENJA := $(or $(CARGO_TARGET_DIR),target)/release/renja

.PHONY: demo test deps build bench bench-scale score lint fmt clean

# Installs the Debian packages renja needs at run time (Tesseract with Indonesian data for scans,
# poppler's pdftotext as the benchmark's reference) when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build:
	$(CARGO) build --release

# The main job on the bundled samples: extract every table, check the documents as a BAPPEDA
# reviewer would, and digitise them into a database for comparison across regions.
demo: deps build
	$(RENJA) extract $(SAMPLES) --out $(OUT)/tables --format csv
	$(RENJA) check $(SAMPLES) tests/data/seeds/*.txt --out $(OUT)/check --fail-on never
	rm -f $(OUT)/renja.sqlite
	$(RENJA) batch samples tests/data/seeds --db $(OUT)/renja.sqlite
	$(RENJA) compare 2.07.03.2.01.0001 --db $(OUT)/renja.sqlite
	@echo "tables in $(OUT)/tables/, findings in $(OUT)/check/, database $(OUT)/renja.sqlite"

test: deps
	$(CARGO) test --release

# Accuracy of the extraction on every sample (the scan goes through OCR) with the reference
# Python scorer, a cross-check of the Rust port the tests use.
score: build
	$(RENJA) extract $(SAMPLES) --out $(OUT)/score
	python3 tests/data/score.py tests/data/gt $(OUT)/score

# Speed and memory as ratios against reference runs in the same process: text-layer extraction vs
# `pdftotext -layout`, then the OCR path vs the bare `tesseract` program on the same page images.
bench: deps
	$(CARGO) run --release --example bench -- $(BORN_DIGITAL)
	$(CARGO) run --release --example ocr_bench -- samples/000_serang_sipd_scan.pdf 1-4

# How `check` grows with its input (rows of a table, amounts in a paragraph): cost per row of
# each size as a ratio to the smallest's, ~1.0x when linear.
bench-scale:
	$(CARGO) run --release --example check_scale -- 1000 10000 30000

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

clean:
	$(CARGO) clean
	rm -rf $(OUT)
