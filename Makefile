# renja: the two commands a newcomer needs are `make demo` and `make test` (see README.md).

CARGO ?= cargo
OUT ?= out
SAMPLES := $(wildcard samples/*.pdf)
BORN_DIGITAL := samples/000_serang_sipd.pdf samples/003_paser_sipd.pdf samples/002_banjar_word.pdf
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind poppler-utils qpdf
# What the report's end-to-end tests open its output with: a real browser for the HTML report and
# LibreOffice Calc for the workbook, and the PostgreSQL server tests/batch_pg.rs starts a private
# cluster of (test-only, so not part of `make deps`).
TEST_PACKAGES := chromium libreoffice-calc postgresql
# The binary cargo builds, wherever CARGO_TARGET_DIR puts it.
RENJA := $(or $(CARGO_TARGET_DIR),target)/release/renja

.PHONY: demo test deps test-deps build bench bench-batch bench-scale score lint fmt clean fuzz

# Installs the Debian packages renja needs at run time (Tesseract with Indonesian data for scans,
# poppler's pdftotext as the benchmark's reference) when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Installs the test-only packages when missing, without recommends (chromium and LibreOffice pull
# in hundreds of MB otherwise). A machine that cannot install them still runs the suite: those
# tests skip with a loud message.
test-deps: deps
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing for the report tests:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; } \
		|| echo "WARNING: could not install$$missing; the browser / LibreOffice / PostgreSQL tests will be SKIPPED"; \
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

test: test-deps
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
	$(CARGO) run --release --example report_bench -- samples/003_paser_sipd.pdf samples/000_serang_sipd_mut.pdf
	$(MAKE) bench-batch

# `renja batch` on >= 200 documents (copies of the seeds and born-digital samples, a few corrupt
# files): documents and pages per second with 1 and 2 threads, an immediate re-run vs the first.
bench-batch:
	$(CARGO) run --release --example bench_batch

# How `check` grows with its input (rows of a table, amounts in a paragraph): cost per row of
# each size as a ratio to the smallest's, ~1.0x when linear.
bench-scale:
	$(CARGO) run --release --example check_scale -- 1000 10000 100000

# The long, coverage-guided fuzzing (issue 13): each target of fuzz/ for FUZZ_SECS seconds, one
# after the other, in one libFuzzer process (cargo-fuzz's default --jobs 1), each starting from a
# seed corpus of the repo's own inputs that fuzz/seed_corpus.py copies into fuzz/corpus/<target>
# (samples/*.pdf whole, their pages' content streams, their images, tests/data/seeds/*.txt; needs
# qpdf from `make deps`). Corpora and crash artifacts stay in fuzz/corpus and fuzz/artifacts, out
# of git. Every target runs even when one fails; the run fails at the end naming them.
# cargo-fuzz builds with nightly-only flags (-Zsanitizer=address and other -Z options). A rustup
# nightly is used when there is one; otherwise the default (stable) toolchain with
# RUSTC_BOOTSTRAP=1, which makes a stable rustc accept those flags: it is the same compiler, and
# this build is only ever a local fuzzing binary, never a release. FUZZ_TOOLCHAIN=stable forces
# it. The quick bounded run is tests/fuzz_quick.rs under `make test`.
FUZZ_SECS ?= 60
FUZZ_TARGETS := pdf_ingest content_stream image_decode text_export
FUZZ_TOOLCHAIN ?= $(shell rustup toolchain list 2>/dev/null | grep -q '^nightly' && echo nightly || echo stable)
FUZZ_CARGO = $(if $(filter nightly,$(FUZZ_TOOLCHAIN)),$(CARGO) +nightly,RUSTC_BOOTSTRAP=1 $(CARGO))
fuzz:
	@echo "make fuzz: $(FUZZ_TOOLCHAIN) toolchain: $(FUZZ_CARGO)"
	@$(FUZZ_CARGO) fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@failed=""; for t in $(FUZZ_TARGETS); do \
		python3 fuzz/seed_corpus.py $$t fuzz/corpus/$$t || exit 1; \
		echo "== fuzz $$t for $(FUZZ_SECS) s"; \
		$(FUZZ_CARGO) fuzz run --jobs 1 $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECS) \
			-rss_limit_mb=2048 -timeout=20 -print_final_stats=1 || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: failed:$$failed (inputs in fuzz/artifacts/)"; exit 1; fi

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

clean:
	$(CARGO) clean
	rm -rf $(OUT)
