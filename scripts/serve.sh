#!/usr/bin/env bash
# Production mode without systemd: gunicorn on $HOST:$PORT and the background task worker, both
# supervised here — the worker is restarted if it stops, and stopping this script stops both.
# With systemd use deploy/chuangwen-web.service and deploy/chuangwen-worker.service instead.
#   HOST=0.0.0.0 PORT=8000 scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=chuangwen.settings
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
if [ "$HOST" = "0.0.0.0" ] && [ -z "${ALLOWED_HOSTS:-}" ]; then
    ALLOWED_HOSTS="$(bash scripts/lan-hosts.sh)"
    export ALLOWED_HOSTS
fi
bash scripts/secret-key.sh
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v 0
$PY manage.py check --deploy --fail-level ERROR

mkdir -p var
# One worker for imports, reminders and batch work; EXPORT_WORKERS (2) for exports, so that a whole
# table's 台账 neither holds up a table import nor the next export.
worker_loop() {
    while true; do
        $PY manage.py db_worker --queue-name "$1" >>"var/$2.log" 2>&1 || true
        echo "$(date -Is) 后台任务进程（$1）已退出，5 秒后重启" >>"var/$2.log"
        sleep 5
    done
}
workers=()
worker_loop default worker &
workers+=($!)
for _ in $(seq "${EXPORT_WORKERS:-2}"); do
    worker_loop exports export-worker &
    workers+=($!)
done
trap 'kill "${workers[@]}" 2>/dev/null; kill 0 2>/dev/null' EXIT INT TERM
echo "创文通已启动：http://${HOST}:${PORT}/（ALLOWED_HOSTS=${ALLOWED_HOSTS:-默认}）"
.venv/bin/gunicorn -c deploy/gunicorn.conf.py chuangwen.wsgi:application
