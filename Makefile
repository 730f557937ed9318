# Two commands do everything on a fresh Debian 12 machine:
#   make run   — set up, load demo data into an empty database and serve on $(HOST):$(PORT)
#   make test  — set up and run the whole test suite (unit, integration, browser)
PORT ?= 8000
# Exports run on their own workers, this many at once (a table import never waits behind them).
EXPORT_WORKERS ?= 2
HOST ?= 127.0.0.1
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE := chuangwen.settings

.PHONY: setup run serve check-deploy test test-postgres e2e bench lint bench-dossier

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/secret-key.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py seed_demo $(if $(DEMO),--force,)
	@echo "后台任务进程（导出、批量处理）已随服务一起启动"
	@trap 'kill 0' EXIT INT TERM; \
	  if [ "$(HOST)" = "0.0.0.0" ] && [ -z "$${ALLOWED_HOSTS:-}" ]; then export ALLOWED_HOSTS="$$(bash scripts/lan-hosts.sh)"; fi; \
	  $(PY) manage.py db_worker --queue-name default >var/worker.log 2>&1 & \
	  for n in $$(seq $(EXPORT_WORKERS)); do $(PY) manage.py db_worker --queue-name exports >>var/export-worker.log 2>&1 & done; \
	  $(PY) manage.py run_reminders --every 3600 >var/reminders.log 2>&1 & \
	  echo "打开 http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)/ 登录（演示账号见上方或 README）"; \
	  if [ "$(HOST)" = "0.0.0.0" ]; then for a in $$(hostname -I | tr ' ' '\n' | grep -v :); do \
	    echo "办公室网络内的手机可打开 http://$$a:$(PORT)/"; done; fi; \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# Production mode: gunicorn + the supervised task worker (README: Serving in production).
serve: setup
	@bash scripts/serve.sh

check-deploy: setup
	DEBUG=0 SECRET_KEY=ci-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-0123456789 HTTPS=1 \
	  TRUSTED_PROXY_COUNT=1 ALLOWED_HOSTS=chuangwen.example CSRF_TRUSTED_ORIGINS=https://chuangwen.example \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: setup
	@bash scripts/system-deps.sh || true
	$(PY) -m pytest -q -n 2 --dist loadfile

test-postgres: setup
	TEST_POSTGRES=1 $(PY) -m pytest -q -n 2 --dist loadfile

bench: setup
	$(PY) benchmarks/photo_ingest.py
	$(PY) benchmarks/import_xlsx.py

lint: setup
	.venv/bin/ruff check .

e2e: setup
	@bash scripts/system-deps.sh || true
	$(PY) -m pytest -q -m e2e -n 2 --dist loadfile

.PHONY: bench-city
bench-city: setup
	$(PY) benchmarks/city_scale.py --fresh

bench-dossier: setup
	$(PY) benchmarks/dossier.py
