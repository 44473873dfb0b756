"""What the benchmark puts in front of the site: Varnish with the repository's VCL, and nginx as the reference.

nginx serving the article's bytes from a file is what a static page costs on this machine: the most any front
cache can hope to reach, so "Varnish ÷ nginx" says how close the shipped configuration comes to it. Both run as
Debian packages (``varnish`` + ``varnish-modules`` for xkey, ``nginx-light`` or ``nginx``) on free local ports,
each in a temporary directory removed afterwards.
"""

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

from bench import server

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
INSTALL = {
    "varnishd": "apt-get install -y varnish varnish-modules",
    "nginx": "apt-get install -y nginx-light (or nginx)",
}
NGINX_CONF = """\
worker_processes {workers};
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        root {home}/www;
        location / {{
            default_type "text/html; charset=utf-8";
            try_files /page.html =404;
        }}
    }}
}}
"""


def executable(name: str) -> str:
    """Return the program's path, or stop the benchmark saying how to install it."""
    found = shutil.which(name) or next((str(path) for path in (Path("/usr/sbin") / name,) if path.exists()), None)
    if not found:
        raise SystemExit(f"{name} is not installed: {INSTALL[name]}")
    return found


def free_port(start: int, tries: int = 50) -> int:
    """Return the first port from ``start`` on that nothing listens on."""
    for port in range(start, start + tries):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {start}-{start + tries - 1}")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, process: subprocess.Popen, log: IO[bytes], seconds: float = 20) -> None:
    """Return once the server listens; else raise with what it wrote."""
    deadline = time.monotonic() + seconds
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"{process.args[0]} did not start listening on {port}:\n{output}")
        time.sleep(0.05)


@contextlib.contextmanager
def running(command: list[str], port: int):
    """Run a server in the foreground of a child process for the duration of the block; its output goes to a log."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop(process)


@contextlib.contextmanager
def varnish(backend_port: int, port: int):
    """Run varnishd with deploy/varnish/default.vcl in front of the site's gunicorn; yield its base URL."""
    program = executable("varnishd")
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as home:
        vcl = Path(home) / "default.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        command = [program, "-F", "-n", f"{home}/work", "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
        # -j none: run as whoever runs the benchmark (no jail user, who could not read the temporary directory).
        with running([*command, "-j", "none", "-s", "malloc,64m"], port) as base:
            yield base


@contextlib.contextmanager
def nginx(page: bytes, port: int, workers: int):
    """Run nginx serving ``page`` from a file at every path; yield its base URL."""
    program = executable("nginx")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as home:
        Path(home).chmod(0o755)  # nginx's workers run as another user when the benchmark runs as root
        (Path(home) / "www").mkdir(mode=0o755)
        (Path(home) / "www" / "page.html").write_bytes(page)
        conf = Path(home) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(workers=workers, home=home, port=port))
        with running([program, "-c", str(conf), "-p", home, "-g", "daemon off;"], port) as base:
            yield base
