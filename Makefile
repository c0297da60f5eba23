# Familieplan: every target installs what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON_VERSION := 3.11
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB := var/demo.sqlite3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-reset test check fmt install install-uv system-deps assets chromium messages serve-prod clean

## demo: install, migrate an embedded SQLite demo database, load demo data, serve on
##       http://127.0.0.1:8000/ (another port: make demo PORT=8001); email goes to a file
DEMO_EMAIL_LOG := var/demo-email.log
BASE_URL ?= http://$(HOST):$(PORT)
# Debug off, so the demo shows the product's own error pages; plain HTTP on this machine.
DEMO_ENV = DATABASE_URL=sqlite:///$(DEMO_DB) DJANGO_DEBUG=false FAMILIEPLAN_DEMO=true FAMILIEPLAN_INSECURE_HTTP=true FAMILIEPLAN_BASE_URL=$(BASE_URL)
demo: install assets
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) PY=$(PY) HOST=$(HOST) PORT=$(PORT) DEMO_EMAIL_LOG=$(DEMO_EMAIL_LOG) ./scripts/demo-serve.sh

## demo-reset: throw away the demo database (the next `make demo` builds it anew)
demo-reset:
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

## test: install what tests need (incl. Debian's chromium) and run the whole suite
##       (SQLite by default; DATABASE_URL=postgres://… runs it on PostgreSQL)
test: install assets chromium
	FAMILIEPLAN_TESTING=true $(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

## check: lint, format check, migrations in step with models, translations complete
check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	FAMILIEPLAN_TESTING=true DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	FAMILIEPLAN_TESTING=true $(PY) scripts/check_view_access.py
	FAMILIEPLAN_TESTING=true $(VENV)/bin/lint-imports --no-cache
	FAMILIEPLAN_TESTING=true $(VENV)/bin/mypy

## fmt: format and fix lint where safe
fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: extract translatable strings into the .po files (then translate, then compile);
##           nb and en cover everything, the other six the family's pages (decision 0013)
messages: install
	cd familieplan && FAMILIEPLAN_TESTING=true ../$(PY) ../manage.py makemessages -l nb -l en -l nn -l ar -l so -l pl -l uk -l ti --no-obsolete --add-location file --ignore "static/*"
	$(PY) scripts/fill_source_language.py

install-uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv

install: install-uv system-deps
	$(UV) sync --frozen --python $(PYTHON_VERSION) --quiet
	FAMILIEPLAN_TESTING=true $(PY) manage.py compilemessages -v0

assets:
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	./scripts/copy-assets.sh

system-deps:
	@command -v msgfmt >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@# Tigrinya (Ethiopic script) on the family pages and in their PDF copy
	@fc-list 2>/dev/null | grep -qi abyssinica || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-sil-abyssinica >/dev/null) || true

## serve-prod: what a server runs (needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
##             and on PostgreSQL DATABASE_MIGRATE_URL for the tables' owner):
##             gunicorn and the email worker; schedule `manage.py send_reminders` once a morning
##             and `manage.py prune_notifications` and `manage.py prune_drafts` once a day
serve-prod: install assets
	DJANGO_DEBUG=false FAMILIEPLAN_STATIC_MANIFEST=true $(PY) manage.py collectstatic --no-input -v0
	@# migrate runs as DATABASE_MIGRATE_URL's role (the tables' owner) when set; the application's
	@# own role (DATABASE_URL) then gets row access only: README "PostgreSQL roles"
	DJANGO_DEBUG=false FAMILIEPLAN_STATIC_MANIFEST=true $(PY) manage.py migrate --no-input
	@if [ -n "$$DATABASE_MIGRATE_URL" ]; then \
	  DJANGO_DEBUG=false FAMILIEPLAN_STATIC_MANIFEST=true $(PY) manage.py grant_runtime_role --apply; \
	else echo "Note: DATABASE_MIGRATE_URL is not set, so the application's role owns the tables (README, PostgreSQL roles)"; fi
	DJANGO_DEBUG=false FAMILIEPLAN_STATIC_MANIFEST=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=false FAMILIEPLAN_STATIC_MANIFEST=true $(VENV)/bin/gunicorn familieplan.wsgi --bind $(HOST):$(PORT) --workers 3

clean:
	rm -rf $(VENV) node_modules familieplan/static/vendor var .pytest_cache .ruff_cache
