# Nämndkollen. The two commands: `make run` and `make test`.
.PHONY: run test install bench lint format clean audit

PY := .venv/bin/python

install:
	@bash scripts/bootstrap.sh

run: export DJANGO_SETTINGS_MODULE = config.settings.local
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Nämndkollen körs på http://127.0.0.1:8000 (SQLite, Celery direkt). Avsluta med Ctrl-C."
	$(PY) manage.py runserver 127.0.0.1:8000

test:
	@bash scripts/test.sh

# Benchmarks on the test harness's PostgreSQL and Redis; writes docs/benchmarks.md.
# make bench QUICK=1: a smaller data set (a few minutes).
bench:
	@QUICK=$(QUICK) bash scripts/bench.sh

# Known vulnerabilities in the locked dependencies (pip-audit); says so when it cannot check.
audit: install
	@bash scripts/audit.sh

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy apps config

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

clean:
	rm -rf .venv var staticfiles
