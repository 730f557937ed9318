"""gunicorn settings for chuangwen, from the environment (see README: Serving in production)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("WEB_THREADS", 2))
# Large photo uploads over a slow office link take a while; nginx buffers them in front anyway.
timeout = int(os.environ.get("WEB_TIMEOUT", 120))
graceful_timeout = 30
# X-Forwarded-* are trusted from these addresses only (nginx on the same machine).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
capture_output = True
