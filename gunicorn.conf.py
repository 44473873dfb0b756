"""gunicorn's production settings: ``gunicorn -c gunicorn.conf.py`` (docs/architecture.md, "Every core busy").

Sync workers, one request per connection, about two per core. A sync worker takes a connection only when it is
free, so the kernel hands each new connection to an idle worker and CPU-bound pages spread over every core.
gthread workers with keep-alive let one worker accept most of a client's long-lived connections while another
sat idle (990 of 1,002 requests on one worker in issue 29's run). Visitors' keep-alive connections end at the
front cache (Varnish) or the load balancer, which buffer slow clients, so gunicorn never needs them. Each
variable below can be overridden from the environment (``GUNICORN_*``, ``WEB_CONCURRENCY``).
"""

import os


def cores() -> int:
    """Return the cores this process may run on (a container's share, not the host's count)."""
    return len(os.sched_getaffinity(0))


wsgi_app = "recovery_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core: while one waits on PostgreSQL or Redis, the other computes.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * cores() + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# SO_REUSEPORT on the listening socket: a new master can bind the port while the old one drains (a deploy).
reuse_port = True
# A request slower than this is stuck (a page renders in tens of milliseconds): the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Workers are replaced now and then, staggered, so that slow leaks (fragmented memory) cannot build up.
max_requests = 5000
max_requests_jitter = 500
# The front cache or load balancer sends X-Forwarded-Proto; gunicorn trusts it from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
