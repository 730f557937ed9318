"""Production settings come from the environment; without its own key the app does not start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "HTTPS": "1", "TRUSTED_PROXY_COUNT": "1",
              "ALLOWED_HOSTS": "chuangwen.example", "CSRF_TRUSTED_ORIGINS": "https://chuangwen.example"}


def manage(*args, **env) -> subprocess.CompletedProcess:
    # A clean environment: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (set on import) must not leak in.
    ignored = {"SECRET_KEY", "DEBUG", "HTTPS", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_without_debug_the_app_refuses_to_start_without_its_own_key(tmp_path):
    result = manage("check", DEBUG="0", SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode != 0 and "未设置 SECRET_KEY" in result.stderr


def test_the_deploy_check_passes_with_the_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    warned = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"})
    assert warned.returncode != 0 and "SECURE_SSL_REDIRECT" in warned.stderr
