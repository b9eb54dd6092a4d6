"""gunicorn settings for eventdesk, all from the environment (deploy/eventdesk.env.example).

Workers keep no state between requests, so any number of them on any number of hosts can serve one PostgreSQL."""

import multiprocessing
import os

wsgi_app = "eventdesk:create_app()"
bind = os.environ.get("EVENTDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("EVENTDESK_THREADS", 4))
worker_class = "gthread"
# The door's scans are short; a worker stuck longer than this is restarted rather than left holding doors up.
timeout = 30
graceful_timeout = 20
# A door tablet keeps its connection open between scans.
keepalive = 30
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("EVENTDESK_PROXY_ADDRESSES", "127.0.0.1")
