# The two commands: `make run` (set up everything and start the portal) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: run test install migrate demo lint worker web bench clean messages

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var/mail var/media var/celery
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

# Web server and a real Celery worker (with its beat) side by side; Ctrl-C stops both within seconds
# (idm_portal/management/commands/serve.py says how).
run: demo
	@echo ""
	@echo "E-mail is written to var/mail/."
	$(DEV_ENV) $(PY) manage.py serve 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .

test: install lint
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run -v0
	$(DEV_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Translations (French, Spanish): gather the marked strings into every catalogue (<app>/locale, locale/),
# write the new translations into the .po files, then run it again to compile them. The .mo files are
# committed, so a fresh clone speaks French and Spanish; tests/i18n fails when one is missing or stale.
# No source locations and no creation date in the .po files: engineers working in parallel merge them
# without conflicts on lines that say nothing about the translations.
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l fr -l es --no-location --ignore=.venv --ignore=var
	find . -path ./.venv -prune -o -path '*/locale/*/LC_MESSAGES/django.po' -print | xargs sed -i '/^"POT-Creation-Date: /d'
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=var

# Benchmarks print figures; they are not tests. Each script says what it measures.
bench: install
	for script in bench/*_bench.py; do echo "== $$script"; $(DEV_ENV) $(PY) $$script || exit 1; done

clean:
	rm -rf var/ .pytest_cache .ruff_cache
