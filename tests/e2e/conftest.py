"""Browser fixtures: Playwright driving Debian's Chromium against the live test server.

Without chromium the browser tests skip locally; with REQUIRE_BROWSER=1 (set in CI)
they fail instead, so a CI run can never pass without running them.
"""

import contextlib
import os
import shutil
import threading
import time

import pytest
from django.core.signals import request_finished, request_started

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls against the test database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def staff_groups(transactional_db):
    """Re-create the staff groups and permissions that an earlier live-server test's flush removed."""
    from tests.factories import restore_staff_groups

    restore_staff_groups()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but Debian's chromium is not installed.")
        pytest.skip("chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def close_quietly(context) -> None:
    """Close a browser context so that nothing it sends on the way out reaches the server after the test.

    A change page autosaves on ``pagehide`` (a keepalive request). Arriving after the test, it would meet the
    database being emptied for the next test: the live server shares the test's in-memory SQLite connection, so
    the flush fails ("database table is locked") and every later test starts on the last one's rows. Routing
    alone did not stop it (a keepalive request can outlive the page's interception), so the pages' ``fetch``
    is made a no-op first, the rest is aborted, and the teardown waits for requests already in the server.
    """
    from playwright.sync_api import Error as PlaywrightError

    for page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a page mid-navigation or closed has no script left to send
            page.evaluate("() => { window.fetch = () => new Promise(() => {}); }")
    context.route("**/*", lambda route: route.abort())
    context.close()
    wait_for_idle_server()


class RequestsInFlight:
    """Which live-server threads are handling a request now, from Django's request_started and request_finished.

    Requests, not the server's connection threads: a thread lives as long as the browser keeps its connection
    open (keep-alive), so waiting for threads to end waited out the 30-second bound in every test that left one
    open (five minutes of teardown in one run). Only other threads than the test's own count: the test client
    sends request_finished for a streamed response only once it is read to the end, so a test that never reads
    one would otherwise leave the count up for every later test. A thread that has ended counts no more.
    """

    def __init__(self) -> None:
        self.threads: set[int | None] = set()
        self.lock = threading.Lock()

    def started(self, **kwargs) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.threads.add(threading.get_ident())

    def finished(self, **kwargs) -> None:
        with self.lock:
            self.threads.discard(threading.get_ident())

    def busy(self) -> bool:
        alive = {thread.ident for thread in threading.enumerate()}
        with self.lock:
            self.threads &= alive
            return bool(self.threads)


IN_FLIGHT = RequestsInFlight()
request_started.connect(IN_FLIGHT.started, dispatch_uid="e2e-requests-started")
request_finished.connect(IN_FLIGHT.finished, dispatch_uid="e2e-requests-finished")


def wait_for_idle_server(limit: float = 30) -> None:
    """Wait until the live server handles no request, seen idle three checks in a row."""
    deadline = time.monotonic() + limit  # a bound on waiting, not an assertion: a busy machine only waits longer
    quiet_checks = 0
    while quiet_checks < 3 and time.monotonic() < deadline:
        quiet_checks = 0 if IN_FLIGHT.busy() else quiet_checks + 1
        time.sleep(0.05)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    close_quietly(context)


def assert_no_axe_violations(page) -> None:
    """Run axe-core (WCAG 2.2 A/AA rules) on the page and fail with a readable list."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def login(page, live_server, username: str, password: str = "correct-horse-battery") -> None:
    """Sign in to the admin as a person does: password, then a code from the user's authenticator app.

    A user without an authenticator is given one first; the code is computed from its secret.
    """
    device = totp_device_for(username)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/sign-in/verify/**")
    page.fill("#id_code", unused_totp_code(device))
    page.click("#code-form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def totp_device_for(username: str):
    from django.contrib.auth.models import User

    from tests.factories import make_totp_device

    user = User.objects.get(username=username)
    return user.totpdevice_set.filter(confirmed=True).first() or make_totp_device(user)


def unused_totp_code(device) -> str:
    """A code the device has not accepted yet: each code works once, so a second sign-in may wait for the next."""
    import time

    from tests.factories import totp_code

    device.refresh_from_db()
    # django-otp accepts a code up to `tolerance` steps ahead, so the next step's code serves a second sign-in.
    while device.last_t + 1 > int(time.time()) // device.step + device.tolerance:
        time.sleep(0.5)
    step = max(int(time.time()) // device.step, device.last_t + 1)
    return totp_code(device.key, at=step * device.step)


# Editorial admin pages (tests/e2e/test_editorial_*.py) ---------------------


@pytest.fixture
def desk(browser, live_server):
    """Open a signed-in 1280 px browser for a user (each in their own context), closed after the test."""
    contexts = []

    def open_as(user):
        contexts.append(browser.new_context(viewport=DESKTOP))
        page = contexts[-1].new_page()
        page.console_errors = []
        page.on("console", lambda msg: record_console_error(page, msg))
        login(page, live_server, user.username)
        return page

    yield open_as
    for context in contexts:
        close_quietly(context)


def record_console_error(page, message) -> None:
    # The browser asks for /favicon.ico on its own; the admin has none, and that 404 is not the page's doing.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        page.console_errors.append(message.text)
