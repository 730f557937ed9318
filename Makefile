# Two commands do everything on a fresh Debian 12 machine:
#   make run   — set up, load demo data on SQLite and serve on 127.0.0.1:$(PORT)
#   make test  — set up and run the whole test suite (unit, integration, browser)
PORT ?= 8000
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE := chuangwen.settings

.PHONY: setup run test test-postgres e2e bench lint bench-dossier

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py seed_demo
	@echo "后台任务进程（导出、批量处理）已随服务一起启动"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --queue-name '*' >var/worker.log 2>&1 & \
	  echo "打开 http://127.0.0.1:$(PORT)/ 使用上面的演示账号登录"; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

test: setup
	@bash scripts/system-deps.sh || true
	$(PY) -m pytest -q -n 2 --dist loadfile

test-postgres: setup
	TEST_POSTGRES=1 $(PY) -m pytest -q -n 2 --dist loadfile

bench: setup
	$(PY) benchmarks/photo_ingest.py

lint: setup
	.venv/bin/ruff check .

e2e: setup
	@bash scripts/system-deps.sh || true
	$(PY) -m pytest -q -m e2e -n 2 --dist loadfile

bench-dossier: setup
	$(PY) benchmarks/dossier.py
