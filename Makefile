# `make run` and `make test` are the two commands of the README; both set up everything they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: run test serve image outdated lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Debian packages the tests start: haproxy, the load balancer of the rolling-deploy and gateway tests.
DEBIAN_PACKAGES := haproxy
$(VENV)/.debian: Makefile | $(BIN)/python
	@missing=$$(for package in $(DEBIAN_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || echo $$package; done); \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	elif [ -n "$$missing" ]; then echo "not root: install $$missing yourself, or the tests that need it skip"; fi
	touch $@

CHECKOV := $(VENV)/checkov/bin/checkov
DOCKERFILES := Dockerfile $(wildcard deploy/docker/*/Dockerfile)
$(CHECKOV): requirements-checkov.txt | $(BIN)/python
	$(PYTHON) -m venv $(VENV)/checkov
	$(VENV)/checkov/bin/pip install --quiet -r requirements-checkov.txt
	touch $@

## The shop on its embedded defaults: SQLite, events in-process, DEBUG on (Procfile.dev). Ctrl-C stops it.
run: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo
	@echo "  shop:  http://127.0.0.1:$(PORT)/api/   (API docs: http://127.0.0.1:$(PORT)/api/docs/)"
	@echo "  admin: http://127.0.0.1:$(PORT)/admin/ (sign in as the seller above)"
	@echo
	@# The web server and, beside it, the relay that re-delivers any event whose handler failed, and the scheduler.
	DEBUG=1 PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/python -m deploy.supervise Procfile.dev

## The whole suite: import contracts, lint, the deploy files' security checks, then every test (PostgreSQL at
## 127.0.0.1:5432 unless DATABASE_URL says otherwise). BC_SKIP_MAPPING: checkov works offline.
test: $(VENV)/.dev $(VENV)/.debian $(CHECKOV)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	BC_SKIP_MAPPING=TRUE $(CHECKOV) --quiet --compact --framework kubernetes --directory deploy/k8s
	BC_SKIP_MAPPING=TRUE $(CHECKOV) --quiet --compact --framework dockerfile $(addprefix --file ,$(DOCKERFILES))
	$(BIN)/pytest

## The production-shaped stack on DATABASE_URL and REDIS_URL: every process type of the Procfile, each restarted
## when it dies (deploy/supervise.py). With haproxy installed, the gateway (deploy/haproxy/haproxy.cfg) takes
## the clients on $(PORT) and hands whole requests to gunicorn on 127.0.0.1:$(WEB_PORT).
WEB_PORT ?= 8001
WEB_CONCURRENCY ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	@if command -v haproxy >/dev/null; then \
		echo "gateway on 0.0.0.0:$(PORT), gunicorn on 127.0.0.1:$(WEB_PORT)"; \
		PATH="$(CURDIR)/$(BIN):$$PATH" WEB_CONCURRENCY=$(WEB_CONCURRENCY) GATEWAY_BIND=0.0.0.0:$(PORT) TRUST_PROXY_HEADER=on \
			WEB_ADDRESS=127.0.0.1:$(WEB_PORT) GUNICORN_CMD_ARGS="--bind 127.0.0.1:$(WEB_PORT)" \
			exec $(BIN)/python -m deploy.supervise Procfile "gateway: haproxy -db -f deploy/haproxy/haproxy.cfg"; \
	else \
		echo "no haproxy: gunicorn alone on 0.0.0.0:$(PORT), where slow clients can hold its workers"; \
		PATH="$(CURDIR)/$(BIN):$$PATH" PORT=$(PORT) exec $(BIN)/python -m deploy.supervise Procfile; \
	fi

## The images of compose.yaml, on this machine too: without Docker Hub (a debootstrapped base) and behind a
## TLS-inspecting proxy (its CA for pip, in the build stage only). docs/operations.md, "On one host".
image:
	bash deploy/docker/ensure-docker.sh
	deploy/docker/build.sh

## For each pin, the newest patch release of its series and the newest release (tools/outdated.py). A report:
## it never fails, so that an upstream release cannot turn the build red. CI prints it before the tests.
outdated: $(VENV)/.dev
	-$(BIN)/python tools/outdated.py

## Recompiles the translations after editing locale/*/LC_MESSAGES/django.po.
messages: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py makemessages --locale ko --ignore '.venv/*' --ignore 'tests/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3
