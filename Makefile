# renja: the two commands a newcomer needs are `make demo` and `make test` (see README.md).

CARGO ?= cargo
OUT ?= out
SAMPLES := $(wildcard samples/*.pdf)
BORN_DIGITAL := samples/000_serang_sipd.pdf samples/003_paser_sipd.pdf samples/002_banjar_word.pdf
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind poppler-utils qpdf

.PHONY: demo test deps build bench score lint fmt clean

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

# The main job on the bundled samples: extract every table, then check the documents.
demo: deps build
	./target/release/renja extract $(SAMPLES) --out $(OUT) --format csv
	@echo "tables written to $(OUT)/"

test: deps
	$(CARGO) test --release

# Accuracy of the extraction on the samples with the reference Python scorer (cross-check of the
# Rust port used by the tests).
score: build
	./target/release/renja extract $(BORN_DIGITAL) --out $(OUT)/score
	python3 tests/data/score.py tests/data/gt $(OUT)/score

bench: deps
	$(CARGO) run --release --example bench -- $(BORN_DIGITAL)

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

clean:
	$(CARGO) clean
	rm -rf $(OUT)
