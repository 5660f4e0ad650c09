# The two commands of the README. Set-up runs first and is skipped quickly when done.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
STAMP := .venv/.setup-done

.PHONY: run test setup lint bench sample clean

run: $(STAMP)
	$(UV) run --frozen kiemchung run

test: $(STAMP)
	$(UV) run --frozen pytest

$(STAMP): pyproject.toml uv.lock scripts/setup.sh
	./scripts/setup.sh
	touch $(STAMP)

setup:
	./scripts/setup.sh
	touch $(STAMP)

lint: $(STAMP)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen mypy

sample: $(STAMP)
	$(UV) run --frozen python -m sample_evidence.generate

clean:
	rm -rf var .venv .tools
