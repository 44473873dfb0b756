"""Load generators: Debian's wrk for GET pages, Python threads for contact-form posts."""

import concurrent.futures
import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_ms: float = 0.0  # the app server's CPU time per request, when measured
    shares: list[float] = field(default_factory=list)  # each worker's share of the requests, largest first
    idle: float = 0.0  # the machine's idle share of CPU time during the run


def ensure_wrk() -> str:
    """Return wrk's path, installing Debian's package first if it is missing."""
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    return shutil.which("wrk")


def _to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# For a URL with EVERY_REQUEST in it: wrk asks a different one each time, the marker replaced by a number unique
# to the run, the thread and the request (wrk's setup/init/request hooks; a thread's globals are its own).
EVERY_REQUEST = "{n}"
VARYING_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  sent = 0
end
function request()
  sent = sent + 1
  return wrk.format(nil, string.format(path, id, sent))
end
"""


def wrk(name: str, url: str, *, connections: int = 16, seconds: int = 10, threads: int = 2) -> Result:
    """Measure one URL with wrk: requests/s, p50/p99 latency, and failed or non-2xx/3xx answers.

    A URL holding EVERY_REQUEST is a different one on every request (a search nobody asked before).
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if EVERY_REQUEST in url:
            parts = urllib.parse.urlsplit(url)
            varying = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
            unique = varying.replace("%", "%%").replace(EVERY_REQUEST, f"{uuid.uuid4().hex[:8]}x%dx%d")
            script.write(f"path = {unique!r}\n" + VARYING_SCRIPT)
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _to_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _to_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Result(name, rps, p50, p99, errors, total)


class Browser:
    """One visitor's keep-alive connection that remembers the CSRF cookie (and nothing personal)."""

    def __init__(self, base: str, timeout: float = 10):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection = None
        self.last_used = 0.0
        self.csrf_cookie = ""
        self.csrf_token = ""

    def request(self, method: str, path: str, body: str | None = None, cookies: str = "") -> tuple[int, dict, bytes]:
        headers = {"Host": f"{self.host}:{self.port}"}
        if cookies:
            headers["Cookie"] = cookies
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # gunicorn closes idle keep-alive connections after 2 s; never send a post down one it may have closed.
        if self.connection is not None and time.monotonic() - self.last_used > 1.0:
            self.connection.close()
            self.connection = None
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                answer = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
                self.last_used = time.monotonic()
                return answer
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                # Only a GET is retried on a stale keep-alive connection; a POST must not be sent twice blindly.
                if attempt == 2 or method != "GET":
                    raise
        raise AssertionError("unreachable")

    def open_form(self) -> None:
        """GET /contact/ once for a CSRF cookie and token, as a browser showing the form does."""
        status, headers, body = self.request("GET", "/contact/")
        if status != 200:
            raise RuntimeError(f"GET /contact/ answered {status}")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", "")).group(1)
        self.csrf_token = CSRF_INPUT.search(body.decode()).group(1)

    def post_contact(self, fields: dict) -> tuple[int, str]:
        """Post one filled-in form; return the status and where it redirected."""
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf_token})
        status, headers, _ = self.request("POST", "/contact/", body, cookies=f"csrftoken={self.csrf_cookie}")
        return status, headers.get("location", "")


def contact_fields(n: int, token: uuid.UUID | None = None) -> dict:
    """Return a valid submission; the signed start time is old enough to pass the time-trap."""
    from contact.forms import sign_started

    return {
        "name": f"Bench Visitor {n}",
        "phone": "",
        "email": f"visitor{n}@example.org",
        "preferred_contact": "email",
        "for_whom": "self" if n % 2 else "loved_one",
        "message": "I would like to talk about treatment options.",
        "consent": "on",
        "extra_details": "",
        "started": sign_started(token or uuid.uuid4(), at=time.time() - 30),
    }


def acknowledged(status: int, location: str) -> bool:
    return status == 302 and location.rstrip("/").endswith("/contact/thanks")


def post_contacts(base: str, count: int, concurrency: int) -> tuple[Result, list[dict]]:
    """Post ``count`` distinct valid submissions over ``concurrency`` connections; return timings and outcomes."""
    local = threading.local()
    outcomes: list[dict] = []
    lock = threading.Lock()

    def send(n: int) -> None:
        if not hasattr(local, "browser"):
            local.browser = Browser(base)
            local.browser.open_form()
        token = uuid.uuid4()
        started = time.perf_counter()
        try:
            status, location = local.browser.post_contact(contact_fields(n, token))
        except (http.client.HTTPException, OSError) as error:
            status, location = 0, type(error).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            outcomes.append({"token": token, "status": status, "location": location, "ms": elapsed})

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, range(count)))
    duration = time.perf_counter() - began
    return summarize("contact form POST", outcomes, duration), outcomes


def summarize(name: str, outcomes: list[dict], duration: float) -> Result:
    timings = sorted(o["ms"] for o in outcomes)
    errors = sum(1 for o in outcomes if not acknowledged(o["status"], o["location"]))
    return Result(
        name,
        len(outcomes) / duration,
        statistics.median(timings),
        timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        errors,
        len(outcomes),
    )
